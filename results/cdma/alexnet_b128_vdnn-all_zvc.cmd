| `alexnet_b128_vdnn-all_zvc` | `stt-cyclesim --workload alexnet --batch 128 --gpu titanxp --offload vdnn-all --compress zvc --csv /tmp/regen/results/cdma/alexnet_b128_vdnn-all_zvc.csv` | 30 s |
