| `alexnet_b128_vdnn-conv_rle` | `stt-cyclesim --workload alexnet --batch 128 --gpu titanxp --offload vdnn-conv --compress rle --csv /work/main/results/cdma/alexnet_b128_vdnn-conv_rle.csv` | 26 s |
