| `footprint_alexnet_b128` | `stt-cyclesim --workload alexnet --batch 128 --gpu titanxp --memory dram,mlc --footprint` | 0 s |
