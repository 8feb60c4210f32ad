| `alexnet_b128_vdnn-conv_zvc` | `stt-cyclesim --workload alexnet --batch 128 --gpu titanxp --offload vdnn-conv --compress zvc --csv /work/main/results/cdma/alexnet_b128_vdnn-conv_zvc.csv` | 26 s |
