#!/usr/bin/env python3
"""How far one-step perturbations of timing parameters move a result (the ground truth's spread).

Runs one `stt-cyclesim` command (a `--kernel` or a `--workload`) at each `--details` level,
once as given and once per perturbation (`--set KEY=VALUE`, meant as one step of a timing
parameter: one cycle of L2 hit latency, one nanosecond of tREFI), and writes the TOTAL rows
side by side with their spread. A quantity that moves by X % under such a step is not known
to better than X % in this model, in full detail or sampled; `results/SAMPLING.md` uses this
to read the sampler's error against full detail.

    scripts/perturb.py --name NAME [--sim PATH] [--out results/sampling/perturb]
                       [--details full,sampled] [--jobs 1] [--reuse] [--report-only]
                       --perturb KEY=V1[,V2…] [--perturb …] -- SIMULATOR ARGUMENTS

Writes OUT/NAME.csv (a row per run) and OUT/NAME.md (the table and spread), and each run's
CSV and summary as OUT/NAME/<detail>_<perturbation>.{csv,txt}. Nothing is fitted to
anything. Standard library only.
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jobpool import one_thread, run_pool  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ["time_ns", "time_ns_ci95", "energy_total_pJ", "energy_total_pJ_ci95", "mem_read_bytes",
          "mem_write_bytes", "stall_ns"]
BASE = "none"


def parse_perturbations(specs: list[str]) -> list[tuple[str, str]]:
    """`KEY=V1,V2` → [(KEY, V1), (KEY, V2)], in order; raises ValueError naming the bad spec."""
    out: list[tuple[str, str]] = []
    for s in specs:
        key, eq, values = s.partition("=")
        if not eq or not key or not values or any(not v for v in values.split(",")):
            raise ValueError(f"--perturb takes KEY=V1[,V2…] (got '{s}')")
        out += [(key, v) for v in values.split(",")]
    return out


def tag(key: str, value: str) -> str:
    """A file-name-safe name of a perturbation ('none' for the unperturbed run)."""
    return BASE if not key else re.sub(r"[^A-Za-z0-9.+-]+", "_", f"{key}={value}")


def total_row(path: Path) -> dict[str, str]:
    with open(path) as f:
        for r in csv.DictReader(f):
            if r.get("layer") == "TOTAL":
                return r
    raise RuntimeError(f"perturb: {path} has no TOTAL row")


def num(r: dict[str, str], k: str) -> float:
    v = r.get(k, "")
    return float(v) if v not in ("", None) else 0.0


def spread(rows: list[dict], detail: str, field: str) -> dict[str, float]:
    """min, max, mean and (max − min) ÷ mean of `field` over `detail`'s runs."""
    xs = [num(r, field) for r in rows if r["detail"] == detail]
    if not xs:
        return {}
    mean = statistics.fmean(xs)
    return {"n": len(xs), "min": min(xs), "max": max(xs), "mean": mean,
            "range": (max(xs) - min(xs)) / mean if mean else 0.0}


def verdicts(rows: list[dict], field: str) -> dict[str, object]:
    """The unperturbed sampled run against the full-detail runs: its error against the
    unperturbed full run and against their mean, and whether it lies within their range."""
    full = spread(rows, "full", field)
    base = [r for r in rows if r["detail"] == "sampled" and r["perturbation"] == BASE]
    fbase = [r for r in rows if r["detail"] == "full" and r["perturbation"] == BASE]
    if not full or not base or not fbase:
        return {}
    s, f = num(base[0], field), num(fbase[0], field)
    return {"err_vs_base": s / f - 1 if f else 0.0, "err_vs_mean": s / full["mean"] - 1 if full["mean"] else 0.0,
            "inside": full["min"] <= s <= full["max"]}


def run_one(sim: str, args: list[str], out: Path, name: str) -> float:
    cmd = [sim] + args + ["--csv", str(out / f"{name}.csv")]
    t0 = time.time()
    with open(out / f"{name}.txt.tmp", "w") as so, open(out / f"{name}.err", "w") as se:
        code = subprocess.call(cmd, cwd=ROOT, stdout=so, stderr=se)
    if code != 0:
        raise RuntimeError(f"perturb: {' '.join(cmd)} failed ({code}); see {out / (name + '.err')}")
    os.replace(out / f"{name}.txt.tmp", out / f"{name}.txt")
    (out / f"{name}.err").unlink()
    wall = time.time() - t0
    (out / f"{name}.wall").write_text(f"{wall:.1f}\n")
    return wall


def pct(x: float) -> str:
    return f"{100 * x:+.2f} %"


def report(out: Path, name: str, runs: list[tuple[str, str, str]]) -> None:
    command = out / name / "command.txt"
    sim_args = command.read_text().split() if command.exists() else ["…"]
    rows = []
    for detail, key, value in runs:
        n = f"{detail}_{tag(key, value)}"
        p = out / name / f"{n}.csv"
        if not p.exists():
            continue
        t = total_row(p)
        wall = out / name / f"{n}.wall"
        rows.append({"detail": detail, "perturbation": BASE if not key else f"{key}={value}",
                     **{k: t.get(k, "") for k in FIELDS},
                     "wall_s": wall.read_text().strip() if wall.exists() else ""})
    tmp = out / f"{name}.csv.tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["detail", "perturbation"] + FIELDS + ["wall_s"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    os.replace(tmp, out / f"{name}.csv")
    lines = [f"# Perturbations: {name}", "",
             f"Generated by `python3 scripts/perturb.py --name {name} … -- {' '.join(sim_args)}` from "
             f"`{name}/*.csv` (TOTAL rows). Each perturbation is one `--set` on top of the command.", "",
             "| detail | perturbation | time ms | energy mJ | read MB | write MB | stall % | wall s |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        t = num(r, "time_ns")
        ci = f" ± {num(r, 'time_ns_ci95') / 1e6:.3f}" if r["time_ns_ci95"] else ""
        eci = f" ± {num(r, 'energy_total_pJ_ci95') / 1e9:.2f}" if r["energy_total_pJ_ci95"] else ""
        lines.append(f"| {r['detail']} | {r['perturbation']} | {t / 1e6:.3f}{ci} | {num(r, 'energy_total_pJ') / 1e9:.2f}{eci} | "
                     f"{num(r, 'mem_read_bytes') / 1e6:.1f} | {num(r, 'mem_write_bytes') / 1e6:.1f} | "
                     f"{100 * num(r, 'stall_ns') / t if t else 0:.1f} | {r['wall_s']} |")
    lines += ["", "Spread over each detail's runs ((max − min) ÷ mean) and the unperturbed sampled run against "
              "the full-detail runs:", "",
              "| quantity | full: min … max | full range | sampled: min … max | sampled range | sampled vs full (unperturbed) | vs full mean | inside full range |",
              "|---|---|---|---|---|---|---|---|"]
    for field, label, scale in (("time_ns", "time ms", 1e6), ("energy_total_pJ", "energy mJ", 1e9),
                                ("mem_read_bytes", "read MB", 1e6)):
        f, s, v = spread(rows, "full", field), spread(rows, "sampled", field), verdicts(rows, field)
        def rng(x): return f"{x['min'] / scale:.3f} … {x['max'] / scale:.3f}" if x else "–"
        def width(x): return f"{100 * x['range']:.1f} %" if x else "–"
        base = pct(v["err_vs_base"]) if v else "–"
        mean = pct(v["err_vs_mean"]) if v else "–"
        inside = ("yes" if v["inside"] else "**no**") if v else "–"
        lines.append(f"| {label} | {rng(f)} | {width(f)} | {rng(s)} | {width(s)} | {base} | {mean} | {inside} |")
    tmp = out / f"{name}.md.tmp"
    tmp.write_text("\n".join(lines) + "\n")
    os.replace(tmp, out / f"{name}.md")


def main() -> int:
    argv = sys.argv[1:]
    sim_args = argv[argv.index("--") + 1:] if "--" in argv else []
    own = argv[:argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--name", required=True, help="name of this experiment (file names)")
    ap.add_argument("--sim", default=str(ROOT / ".build/release/stt-cyclesim"))
    ap.add_argument("--out", default=str(ROOT / "results/sampling/perturb"))
    ap.add_argument("--details", default="full,sampled", help="comma-separated: full, sampled")
    ap.add_argument("--perturb", action="append", default=[], help="KEY=V1[,V2…]: one run per value")
    ap.add_argument("--jobs", type=int, default=1, help="runs at once (each is one process)")
    ap.add_argument("--reuse", action="store_true", help="skip runs whose CSV exists")
    ap.add_argument("--report-only", action="store_true", help="only rewrite NAME.csv and NAME.md")
    a = ap.parse_args(own)
    if not re.fullmatch(r"[A-Za-z0-9_.+-]+", a.name):
        sys.exit(f"perturb: --name '{a.name}' must be letters, digits, '_', '.', '+' or '-'")
    details = a.details.split(",")
    for d in details:
        if d not in ("full", "sampled"):
            sys.exit(f"perturb: --details takes full and/or sampled (got '{d}')")
    if any(x == "--detail" or x.startswith("--detail=") or x == "--csv" for x in sim_args):
        sys.exit("perturb: the simulator arguments must not set --detail or --csv (this script does)")
    try:
        perturbations = parse_perturbations(a.perturb)
    except ValueError as e:
        sys.exit(f"perturb: {e}")
    runs = [(d, k, v) for d in details for k, v in [("", "")] + perturbations]
    out = Path(a.out)
    (out / a.name).mkdir(parents=True, exist_ok=True)
    if not a.report_only:
        if not sim_args:
            sys.exit("perturb: give the simulator's arguments after --, e.g. -- --kernel gemm:M=512,N=512,K=512")
        if not os.access(a.sim, os.X_OK):
            sys.exit(f"perturb: no simulator at {a.sim} (swift build -c release, or pass --sim)")
        (out / a.name / "command.txt").write_text(" ".join(sim_args) + "\n")
        todo = []
        for d, k, v in runs:
            n = f"{d}_{tag(k, v)}"
            if a.reuse and (out / a.name / f"{n}.csv").exists():
                continue
            todo.append((sim_args + ["--detail", d] + (["--set", f"{k}={v}"] if k else []), n))
        def job(args: list[str], n: str) -> None:
            wall = run_one(a.sim, one_thread(args, a.jobs), out / a.name, n)
            print(f"perturb: {a.name}/{n}: {wall:.0f} s", flush=True)

        failures = run_pool(todo, job, a.jobs)
        if failures:
            sys.exit("\n".join(failures))
    report(out, a.name, runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
