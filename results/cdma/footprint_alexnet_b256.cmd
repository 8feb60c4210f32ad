| `footprint_alexnet_b256` | `stt-cyclesim --workload alexnet --batch 256 --gpu titanxp --memory dram,mlc --footprint` | 0 s |
