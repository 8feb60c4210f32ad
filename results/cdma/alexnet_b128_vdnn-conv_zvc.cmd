| `alexnet_b128_vdnn-conv_zvc` | `stt-cyclesim --workload alexnet --batch 128 --gpu titanxp --offload vdnn-conv --compress zvc --csv /tmp/regen/results/cdma/alexnet_b128_vdnn-conv_zvc.csv` | 23 s |
