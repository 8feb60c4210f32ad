| `footprint_vgg19_b128` | `stt-cyclesim --workload vgg19 --batch 128 --gpu gtx1080ti --memory dram,mlc --footprint` | 0 s |
