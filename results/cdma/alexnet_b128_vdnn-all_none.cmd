| `alexnet_b128_vdnn-all_none` | `stt-cyclesim --workload alexnet --batch 128 --gpu titanxp --offload vdnn-all --compress none --csv /work/main/results/cdma/alexnet_b128_vdnn-all_none.csv` | 29 s |
