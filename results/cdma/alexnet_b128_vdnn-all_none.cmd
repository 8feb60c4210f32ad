| `alexnet_b128_vdnn-all_none` | `stt-cyclesim --workload alexnet --batch 128 --gpu titanxp --offload vdnn-all --compress none --csv /tmp/regen/results/cdma/alexnet_b128_vdnn-all_none.csv` | 26 s |
