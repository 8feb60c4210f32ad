#!/usr/bin/env python3
"""TOTAL rows of simulator CSVs side by side: each run against the first (the reference).

    scripts/compare_runs.py [--md] REFERENCE.csv OTHER.csv [OTHER.csv …]

Prints, per file, time, energy, DRAM read/write bytes and stall share of the TOTAL row, the
relative error against the reference, whether the reference lies inside the run's 95 %
interval (`time_ns_ci95`, `energy_total_pJ_ci95`), and how many (layer, phase) rows chose
another algorithm than the reference. `--md` prints a Markdown table. Standard library only.
"""
from __future__ import annotations

import csv
import sys


def total(path: str) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    with open(path) as f:
        rows = list(csv.DictReader(f))
    tot = [r for r in rows if r["layer"] == "TOTAL"]
    if len(tot) != 1:
        sys.exit(f"compare_runs: {path}: expected one TOTAL row (one --memory configuration), found {len(tot)}")
    return tot[0], {(r["layer"], r["phase"]): r.get("algorithm", "") for r in rows if r["layer"] != "TOTAL"}


def num(r: dict[str, str], k: str) -> float:
    v = r.get(k, "")
    return float(v) if v else 0.0


def compare(paths: list[str]) -> list[list[str]]:
    ref, ref_alg = total(paths[0])
    out = []
    for p in paths:
        r, alg = total(p)
        cells = [p]
        for k, ci, scale, unit in [("time_ns", "time_ns_ci95", 1e-6, "ms"), ("energy_total_pJ", "energy_total_pJ_ci95", 1e-9, "mJ")]:
            v, f, h = num(r, k), num(ref, k), num(r, ci)
            err = (v / f - 1) if f else 0.0
            inside = "" if p == paths[0] else ("yes" if abs(v - f) <= h else "no")
            cells += [f"{v * scale:.3f}" + (f" ± {h * scale:.3f}" if h else "") + f" {unit}", f"{100 * err:+.2f} %", inside]
        for k in ["mem_read_bytes", "mem_write_bytes"]:
            v, f = num(r, k), num(ref, k)
            cells.append(f"{100 * ((v / f - 1) if f else 0):+.2f} %")
        cells.append(f"{100 * num(r, 'stall_ns') / num(r, 'time_ns'):.1f} %" if num(r, "time_ns") else "")
        cells.append(str(sum(1 for k, a in alg.items() if ref_alg.get(k, a) != a)))
        out.append(cells)
    return out


HEADER = ["run", "time", "time error", "ref inside", "energy", "energy error", "ref inside", "read bytes", "write bytes", "stall", "other algorithm"]


def main(argv: list[str]) -> int:
    md = "--md" in argv
    paths = [a for a in argv if a != "--md"]
    if len(paths) < 2:
        sys.exit(__doc__)
    rows = compare(paths)
    if md:
        print("| " + " | ".join(HEADER) + " |")
        print("|" + "---|" * len(HEADER))
        for r in rows:
            print("| " + " | ".join(r) + " |")
    else:
        for r in rows:
            print("  ".join(f"{h}={c}" for h, c in zip(HEADER, r)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
