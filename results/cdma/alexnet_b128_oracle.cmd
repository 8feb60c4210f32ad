| `alexnet_b128_oracle` | `stt-cyclesim --workload alexnet --batch 128 --gpu titanxp --offload unlimited --csv /tmp/regen/results/cdma/alexnet_b128_oracle.csv` | 20 s |
