| `alexnet_b128_vdnn-all_rle` | `stt-cyclesim --workload alexnet --batch 128 --gpu titanxp --offload vdnn-all --compress rle --csv /work/main/results/cdma/alexnet_b128_vdnn-all_rle.csv` | 31 s |
