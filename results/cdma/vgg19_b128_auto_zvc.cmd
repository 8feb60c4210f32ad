| `vgg19_b128_auto_zvc` | `stt-cyclesim --workload vgg19 --batch 128 --memory dram --compress zvc --csv /tmp/regen/results/cdma/vgg19_b128_auto_zvc.csv` | 241 s |
