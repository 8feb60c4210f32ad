| `vgg16_b128_oracle` | `stt-cyclesim --workload vgg16 --batch 128 --gpu titanxp --offload unlimited --csv /work/main/results/cdma/vgg16_b128_oracle.csv` | 135 s |
