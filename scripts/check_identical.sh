#!/usr/bin/env bash
# Byte-identity check for refactors: runs a fixed set of simulations with the release
# binary and compares every CSV with cmp against a baseline made from an earlier commit.
#
#   scripts/check_identical.sh baseline DIR   # record CSVs (run on the reference commit)
#   scripts/check_identical.sh check DIR      # run again and cmp against DIR
#   BIN=/path/to/stt-cyclesim NO_BUILD=1 ...  # use another binary (e.g. one built from the reference commit)
#
# Runs: AlexNet batch 8 on dram,mlc,bitlevel,bitlevel+sparsecode (with the --analytic and
# --energy-view full columns); AlexNet batch 4 on dram,mlc with FCFS and closed pages; the three golden trace
# fixtures on all four presets, open and closed page; a 20,000-request generated native
# trace (random and streaming addresses, seeded) on all four presets. Builds in release first
# unless NO_BUILD=1.
set -euo pipefail
mode=${1:?usage: check_identical.sh baseline|check DIR}
dir=${2:?usage: check_identical.sh baseline|check DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ "${NO_BUILD:-0}" = 1 ] || swift build -c release >/dev/null
bin=${BIN:-$(swift build -c release --show-bin-path)/stt-cyclesim}
out=$dir
if [ "$mode" = check ]; then out=$(mktemp -d); fi
mkdir -p "$out"
presets=dram,mlc,bitlevel,bitlevel+sparsecode
fx=Tests/STTCycleSimTests/Fixtures
"$bin" --workload alexnet --batch 8 --memory "$presets" --analytic --energy-view full --csv "$out/alexnet_b8.csv" >/dev/null
"$bin" --workload alexnet --batch 4 --memory dram,mlc --set memory.controller.scheduler=fcfs \
       --set memory.controller.pagePolicy=closed --csv "$out/alexnet_b4_fcfs_closed.csv" >/dev/null
for f in dramsim3 ramulator native; do
  "$bin" --trace "$fx/golden_$f.trc" --trace-format "$f" --memory "$presets" --csv "$out/trace_$f.csv" >/dev/null
  "$bin" --trace "$fx/golden_$f.trc" --trace-format "$f" --memory "$presets" \
         --set memory.controller.pagePolicy=closed --csv "$out/trace_${f}_closed.csv" >/dev/null
done
python3 - "$out/gen.trc" <<'PY'
import random, sys
r = random.Random(12)
with open(sys.argv[1], "w") as f:
    c = 0
    for i in range(20000):
        c += r.choice([0, 0, 1, 2, 5])
        a = r.randrange(1 << 30) & ~63 if i % 3 else (i * 64) % (1 << 26)
        f.write(f"{c} {'W' if r.random() < 0.3 else 'R'} {a:#x}\n")
PY
"$bin" --trace "$out/gen.trc" --trace-format native --memory "$presets" --seed 3 --csv "$out/trace_gen.csv" >/dev/null
if [ "$mode" = baseline ]; then echo "baseline written to $out"; exit 0; fi
status=0
for f in "$dir"/*.csv; do
  if cmp "$f" "$out/$(basename "$f")"; then echo "identical: $(basename "$f")"; else status=1; fi
done
exit $status
