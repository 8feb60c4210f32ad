| `vgg19_b128_auto` | `stt-cyclesim --workload vgg19 --batch 128 --memory dram,mlc,bitlevel+sparsecode --jobs 2 --csv /tmp/regen/results/cdma/vgg19_b128_auto.csv` | 559 s |
