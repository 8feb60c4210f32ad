#!/usr/bin/env bash
# Simulator speed benchmarks (issue 11). Builds in release, then runs
#   trace:    --bench: 1,000,000-request random and streaming traces (70 % reads, all
#             offered at once) through the memory presets, printing requests/s, events/s
#             and controller decisions and commands per request, once with the in-order
#             front end (one thread) and once with the per-channel one (the channels on
#             --jobs threads, default this machine's cores);
#   workload: one full-detail training iteration (default AlexNet, batch 32, dram, one
#             thread), printing the simulation loop's requests/s and events/s.
# Usage: scripts/bench.sh [trace|workload|all] [options]
#   scripts/bench.sh                          # both, defaults
#   scripts/bench.sh trace 200000 dram,mlc    # N_REQUESTS PRESETS
#   scripts/bench.sh workload vgg19 8 mlc     # NETWORK BATCH PRESET
# Goals (issue 11): workload >= 3 M requests/s, trace random >= 4 M requests/s.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
case "$what" in trace|workload|all) ;; *) echo "bench.sh: unknown benchmark '$what' (choose trace, workload or all)" >&2; exit 2 ;; esac
swift build -c release --product stt-cyclesim >&2
bin="$(swift build -c release --show-bin-path)/stt-cyclesim"
if [ "$what" = trace ] || [ "$what" = all ]; then
  n="${2:-1000000}"; presets="${3:-dram}"
  [ "$what" = all ] && { n=1000000; presets=dram; }
  "$bin" --bench --bench-requests "$n" --memory "$presets"
fi
if [ "$what" = workload ] || [ "$what" = all ]; then
  net="${2:-alexnet}"; batch="${3:-32}"; preset="${4:-dram}"
  [ "$what" = all ] && { net=alexnet; batch=32; preset=dram; }
  echo "workload benchmark: $net, batch $batch, $preset, --detail full --jobs 1"
  "$bin" --workload "$net" --batch "$batch" --memory "$preset" --detail full --jobs 1 | grep -E "^ *simulated "
fi
