| `footprint_googlenet_b128` | `stt-cyclesim --workload googlenet --batch 128 --gpu titanxp --memory dram,mlc --footprint` | 0 s |
