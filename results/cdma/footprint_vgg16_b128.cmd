| `footprint_vgg16_b128` | `stt-cyclesim --workload vgg16 --batch 128 --gpu titanxp --memory dram,mlc --footprint` | 0 s |
