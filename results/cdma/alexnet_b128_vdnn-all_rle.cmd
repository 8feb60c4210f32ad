| `alexnet_b128_vdnn-all_rle` | `stt-cyclesim --workload alexnet --batch 128 --gpu titanxp --offload vdnn-all --compress rle --csv /tmp/regen/results/cdma/alexnet_b128_vdnn-all_rle.csv` | 30 s |
