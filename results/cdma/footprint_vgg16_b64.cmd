| `footprint_vgg16_b64` | `stt-cyclesim --workload vgg16 --batch 64 --gpu titanxp --memory dram,mlc --footprint` | 0 s |
