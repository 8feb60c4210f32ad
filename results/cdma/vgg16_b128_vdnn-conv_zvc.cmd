| `vgg16_b128_vdnn-conv_zvc` | `stt-cyclesim --workload vgg16 --batch 128 --gpu titanxp --offload vdnn-conv --compress zvc --csv /tmp/regen/results/cdma/vgg16_b128_vdnn-conv_zvc.csv` | 176 s |
