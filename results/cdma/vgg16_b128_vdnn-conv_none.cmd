| `vgg16_b128_vdnn-conv_none` | `stt-cyclesim --workload vgg16 --batch 128 --gpu titanxp --offload vdnn-conv --compress none --csv /tmp/regen/results/cdma/vgg16_b128_vdnn-conv_none.csv` | 158 s |
