| `alexnet_b128_oracle` | `stt-cyclesim --workload alexnet --batch 128 --gpu titanxp --offload unlimited --csv /work/main/results/cdma/alexnet_b128_oracle.csv` | 22 s |
