| `alexnet_b128_vdnn-conv_rle` | `stt-cyclesim --workload alexnet --batch 128 --gpu titanxp --offload vdnn-conv --compress rle --csv /tmp/regen/results/cdma/alexnet_b128_vdnn-conv_rle.csv` | 24 s |
