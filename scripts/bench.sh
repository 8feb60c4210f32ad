#!/usr/bin/env bash
# Memory-system benchmark: builds in release, then pushes 1,000,000-request random and
# streaming traces (70 % reads) through the dram preset and prints requests/s and events/s.
# Usage: scripts/bench.sh [N_REQUESTS] [PRESETS]   e.g. scripts/bench.sh 1000000 dram,mlc
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000000}"
presets="${2:-dram}"
swift build -c release --product stt-cyclesim >&2
exec .build/release/stt-cyclesim --bench --bench-requests "$n" --memory "$presets"
