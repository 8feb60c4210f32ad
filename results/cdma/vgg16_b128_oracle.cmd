| `vgg16_b128_oracle` | `stt-cyclesim --workload vgg16 --batch 128 --gpu titanxp --offload unlimited --csv /tmp/regen/results/cdma/vgg16_b128_oracle.csv` | 130 s |
