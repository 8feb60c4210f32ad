#!/usr/bin/env python3
"""Plots wave logs (`stt-cyclesim --waves FILE`): the time and memory fills of each simulated
wave of one kernel, against the CTA index the wave ended at, one line per log, so that runs of
the same kernel (full detail, sampled, perturbed) can be laid side by side. Skipped waves show
as gaps along the x axis.

    scripts/plot_waves.py --op NAME --out results/sampling/waves_NAME [--title TEXT]
                          LABEL=FILE.csv [LABEL=FILE.csv …]

Writes OUT.png and OUT.svg (byte-identical for the same inputs). Needs matplotlib
(scripts/requirements.txt).
"""
from __future__ import annotations

import argparse
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def waves(path: str, op: str) -> list[dict[str, str]]:
    """The records of the op named `op`, or else of the one op whose name contains it (the
    first config's, if several)."""
    with open(path, newline="") as f:
        every = list(csv.DictReader(f))
    rows = [r for r in every if r["op"] == op] or [r for r in every if op in r["op"]]
    if not rows:
        sys.exit(f"plot_waves: {path} has no op matching '{op}' (see its 'op' column)")
    names = list(dict.fromkeys((r["config"], r["op"]) for r in rows))
    if len(set(n for _, n in names)) > 1:
        sys.exit(f"plot_waves: '{op}' matches several ops in {path}: {', '.join(sorted(set(n for _, n in names)))}")
    first = names[0]
    return [r for r in rows if (r["config"], r["op"]) == first]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--op", required=True, help="the op name (the CSV's 'op' column), or a substring of one")
    ap.add_argument("--out", required=True, help="output path without extension")
    ap.add_argument("--title", default="")
    ap.add_argument("logs", nargs="+", help="LABEL=FILE.csv")
    a = ap.parse_args()
    series = []
    for spec in a.logs:
        label, eq, path = spec.rpartition("=")   # labels may hold "=", paths rarely do
        if not eq or not label or not path:
            sys.exit(f"plot_waves: give each log as LABEL=FILE.csv (got '{spec}')")
        if not os.path.exists(path):
            sys.exit(f"plot_waves: {path} not found")
        series.append((label, waves(path, a.op)))
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
    for label, rows in series:
        x = [int(r["completed_ctas"]) + int(r["skipped_ctas"]) for r in rows]
        top.plot(x, [float(r["wave_ns"]) / 1e3 for r in rows], marker=".", linewidth=1, label=label)
        bottom.plot(x, [int(r["fill_bursts"]) / 1e3 for r in rows], marker=".", linewidth=1, label=label)
    top.set_ylabel("wave time (µs)")
    bottom.set_ylabel("fills per wave (k bursts)")
    bottom.set_xlabel("CTA index at the wave's end (skipped waves are gaps)")
    top.legend(fontsize=8)
    top.set_title(a.title or a.op, fontsize=10)
    for ax in (top, bottom):
        ax.grid(alpha=0.3)
    name = os.path.basename(a.out)
    for ext in ("png", "svg"):
        tmp = os.path.join(os.path.dirname(a.out) or ".", f".{name}.tmp.{ext}")
        plt.rcParams["svg.hashsalt"] = name
        fig.savefig(tmp, dpi=130, bbox_inches="tight", format=ext, metadata={"Date": None} if ext == "svg" else {})
        os.replace(tmp, f"{a.out}.{ext}")
    plt.close(fig)
    print(f"plot_waves: wrote {a.out}.png/.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
