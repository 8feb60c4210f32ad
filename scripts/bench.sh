#!/usr/bin/env bash
# Simulator speed benchmarks (issue 11). Builds in release, then runs
#   trace:    --bench: 1,000,000-request random and streaming traces (70 % reads, all
#             offered at once) through the memory presets, printing requests/s, events/s
#             and controller decisions and commands per request, once with the in-order
#             front end (one thread) and once with the per-channel one (the channels on
#             --jobs threads, default this machine's cores);
#   workload: one full-detail training iteration (default AlexNet, batch 32, dram, one
#             thread), printing the simulation loop's requests/s and events/s; with RUNS=N,
#             N runs and the least, median and greatest rate (this machine's speed moved by
#             15 % within half an hour at stop 27, more than most changes of the hot path);
#   instructions: instructions executed (valgrind's callgrind; Debian package valgrind) on
#             two full-detail kernels, a memory-bound GEMM and an AlexNet-conv2-shaped
#             convolution (2.07 M of its 3.98 M line reads hit the L2), in all and per
#             memory request: repeatable to 0.01 % for the same binary and inputs whatever
#             the machine does, so it compares two builds where wall time cannot. Not run by `all`
#             (~40 s under valgrind).
# Usage: scripts/bench.sh [trace|workload|instructions|all] [options]
#   scripts/bench.sh                          # trace and workload, defaults
#   scripts/bench.sh trace 200000 dram,mlc    # N_REQUESTS PRESETS
#   scripts/bench.sh workload vgg19 8 mlc     # NETWORK BATCH PRESET
#   RUNS=5 scripts/bench.sh workload          # five runs: least, median, greatest
#   scripts/bench.sh instructions             # needs valgrind
#   BIN=/path/to/stt-cyclesim scripts/bench.sh instructions   # another build, no build step
# Goals (issue 11): workload >= 3 M requests/s, trace random >= 4 M requests/s.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
case "$what" in trace|workload|instructions|all) ;; *) echo "bench.sh: unknown benchmark '$what' (choose trace, workload, instructions or all)" >&2; exit 2 ;; esac
runs="${RUNS:-1}"
case "$runs" in ''|*[!0-9]*|0) echo "bench.sh: RUNS must be a whole number >= 1 (got '$runs')" >&2; exit 2 ;; esac
if [ -n "${BIN:-}" ]; then
  bin="$BIN"
  [ -x "$bin" ] || { echo "bench.sh: BIN '$bin' is not an executable file" >&2; exit 2; }
else
  swift build -c release --product stt-cyclesim >&2
  bin="$(swift build -c release --show-bin-path)/stt-cyclesim"
fi
# The simulator's "  simulated  N requests, M events in S s: …" line on stdin → "N S" (no commas).
simulated_counts() { sed -nE 's/^ *simulated +([0-9,]+) requests, .* in ([0-9.]+) s:.*/\1 \2/p' | tr -d ,; }
if [ "$what" = trace ] || [ "$what" = all ]; then
  n="${2:-1000000}"; presets="${3:-dram}"
  [ "$what" = all ] && { n=1000000; presets=dram; }
  "$bin" --bench --bench-requests "$n" --memory "$presets"
fi
if [ "$what" = workload ] || [ "$what" = all ]; then
  net="${2:-alexnet}"; batch="${3:-32}"; preset="${4:-dram}"
  [ "$what" = all ] && { net=alexnet; batch=32; preset=dram; }
  echo "workload benchmark: $net, batch $batch, $preset, --detail full --jobs 1, $runs run(s)"
  rates=()
  for ((i = 1; i <= runs; i++)); do
    line=$("$bin" --workload "$net" --batch "$batch" --memory "$preset" --detail full --jobs 1 | grep -E "^ *simulated ")
    echo "$line"
    rates+=("$(echo "$line" | simulated_counts | awk '{ printf "%.3f", $1 / $2 / 1e6 }')")   # M requests/s
  done
  if [ "$runs" -gt 1 ]; then
    printf '%s\n' "${rates[@]}" | sort -n | awk '{ r[NR] = $1 } END {
      m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
      printf "M requests/s over %d runs: least %.3f, median %.3f, greatest %.3f\n", NR, r[1], m, r[NR] }'
  fi
fi
if [ "$what" = instructions ]; then
  command -v valgrind >/dev/null || { echo "bench.sh: instructions needs valgrind (Debian: apt-get install valgrind)" >&2; exit 2; }
  echo "instructions (callgrind), full detail, dram; repeatable to 0.01 % for the same binary and inputs"
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  for k in "gemm:M=4096,N=16,K=4608" \
           "conv:W=27,H=27,C=96,N=32,K=256,R=5,S=5,pad_h=2,pad_w=2,stride_v=1,stride_h=1"; do
    valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$bin" --kernel "$k" --detail full --memory dram \
      >"$out/stdout" 2>"$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
    ins=$(sed -nE 's/.*refs: +([0-9,]+).*/\1/p' "$out/stderr" | tr -d ,)
    req=$(simulated_counts <"$out/stdout" | cut -d' ' -f1)
    [ -n "$ins" ] && [ -n "$req" ] || { echo "bench.sh: could not read the counts of --kernel $k" >&2; exit 1; }
    awk -v k="$k" -v i="$ins" -v r="$req" 'BEGIN {
      printf "%s: %.1f M instructions, %d memory requests, %.0f instructions per request\n", k, i / 1e6, r, i / r }'
  done
fi
