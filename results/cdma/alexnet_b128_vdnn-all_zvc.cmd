| `alexnet_b128_vdnn-all_zvc` | `stt-cyclesim --workload alexnet --batch 128 --gpu titanxp --offload vdnn-all --compress zvc --csv /work/main/results/cdma/alexnet_b128_vdnn-all_zvc.csv` | 33 s |
