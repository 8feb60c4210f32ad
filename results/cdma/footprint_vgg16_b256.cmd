| `footprint_vgg16_b256` | `stt-cyclesim --workload vgg16 --batch 256 --gpu titanxp --memory dram,mlc --footprint` | 0 s |
