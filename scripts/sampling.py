#!/usr/bin/env python3
"""Sampling error at scale: full against sampled detail (issue 11).

Runs `stt-cyclesim --detail full` and `--detail sampled` (the default sampler, and any
variants of it given as data below) for VGG-19 at batch 32 and AlexNet at batch 128 on the
four presets, and writes results/SAMPLING.md with the CSVs, summaries and run records
(command, wall time, peak RSS) under results/sampling/.

    scripts/sampling.py [--sim PATH] [--out results] [--runs alexnet:128,vgg19:32]
                        [--presets dram,mlc,...] [--variants default,probes0,blocks,minskip,loop,fast,noloop,nobacklog,unbounded] [--jobs 1]
                        [--reuse] [--sampled-only | --full-only] [--report-only] [--binary TEXT]

Full detail is the ground truth; nothing is fitted to it. With --reuse a run whose CSV and
record exist is not run again (the full-detail runs take ~1–2 min (AlexNet b128) and ~7 min
(VGG-19 b32) each on this 2-core machine since stop 19's fused-Winograd CTA order); --report-only only rewrites the markdown from
what exists. The prose between `<!-- notes:begin -->` and `<!-- notes:end -->` in an
existing SAMPLING.md is kept. Standard library only.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jobpool import one_thread, run_pool  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRESETS = ["dram", "mlc", "bitlevel", "bitlevel+sparsecode"]
RUNS = [("alexnet", 128), ("vgg19", 32)]
# Sampler variants: name -> extra simulator arguments. "default" is the shipped sampler.
VARIANTS = {
    "default": [],
    "probes0": ["--set", "gpu.sampling.probes=0"],   # one window at the start (the sampler before probes)
    "blocks": ["--set", "gpu.sampling.interval=blocks"],   # the default sampler, intervals from block means too
    "minskip": ["--set", "gpu.sampling.minSkippedBursts=1048576"],   # no cut that would skip < 2^20 bursts (64 MiB)
    # K-loop sampling of few-wave GEMMs; the default since stop 19 (the variant of stop 18, when it was off)
    "loop": ["--set", "gpu.sampling.loopSampling=true"],
    # loop + an earlier cut of unconverged kernels (8 waves after warm-up, not 12) and probes of 2 waves (not 3)
    "fast": ["--set", "gpu.sampling.loopSampling=true", "--set", "gpu.sampling.maxWaves=8", "--set", "gpu.sampling.probeWaves=2"],
    "noloop": ["--set", "gpu.sampling.loopSampling=false"],   # the wave sampler alone (the default of stops 12-18)
    # cuts whatever the L2's write-back backlog (the default of stops 12-23; the default since stop 24 does not cut
    # while the L2 holds more than 4096 write-backs for want of controller queue room: stores outrunning memory)
    "nobacklog": ["--set", "gpu.sampling.maxCutBacklog=0"],
    # the L2's write-back buffer unbounded (the model of stops 1-24; bounded at 64 bursts per slice since stop 25),
    # with the sampler default of stop 24
    "unbounded": ["--set", "gpu.l2.writebackBufferBursts=0"],
}
TOLERANCE = 0.01   # issue 11: TOTAL time and energy within 1 %


def name_of(w: str, b: int, preset: str, detail: str) -> str:
    return f"{w}_b{b}_{preset}_{detail}"


def args_of(w: str, b: int, preset: str, detail: str) -> list[str]:
    base = ["--workload", w, "--batch", str(b), "--memory", preset, "--seed", "1"]
    if detail == "full":
        return base + ["--detail", "full"]
    return base + ["--detail", "sampled"] + VARIANTS[detail]


def run_one(sim: str, args: list[str], out: Path, name: str, binary: str = "") -> None:
    """One simulator process: CSV, summary, and a record with wall time and peak RSS (and
    `binary`, what the simulator was built from, when given)."""
    csv_path = out / f"{name}.csv"
    cmd = [sim] + args + ["--csv", str(csv_path)]
    t0 = time.time()
    with open(out / f"{name}.txt.tmp", "w") as so, open(out / f"{name}.err", "w") as se:
        p = subprocess.Popen(cmd, cwd=ROOT, stdout=so, stderr=se)
        _, status, usage = os.wait4(p.pid, 0)
    wall = time.time() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"sampling: {' '.join(cmd)} failed ({code}); see {out / (name + '.err')}")
    os.replace(out / f"{name}.txt.tmp", out / f"{name}.txt")
    (out / f"{name}.err").unlink()
    rec = {"command": "stt-cyclesim " + " ".join(args + ["--csv", f"results/sampling/{name}.csv"]),
           "wall_s": round(wall, 1), "max_rss_kb": usage.ru_maxrss, "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    if binary:
        rec["binary"] = binary
    tmp = out / f"{name}.run.json.tmp"
    tmp.write_text(json.dumps(rec, indent=1) + "\n")
    os.replace(tmp, out / f"{name}.run.json")
    print(f"sampling: {name}: {wall:.0f} s, {usage.ru_maxrss / 1024:.0f} MiB", flush=True)


def rows(path: Path) -> list[dict[str, str]]:
    with open(path) as f:
        return list(csv.DictReader(f))


def num(r: dict[str, str], k: str) -> float:
    v = r.get(k, "")
    return float(v) if v not in ("", None) else 0.0


def err(s: float, f: float) -> float:
    return (s / f - 1) if f else 0.0


def pct(x: float, digits: int = 2) -> str:
    return f"{100 * x:+.{digits}f} %"


def quantile(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    ys = sorted(xs)
    i = q * (len(ys) - 1)
    lo, hi = math.floor(i), math.ceil(i)
    return ys[lo] + (ys[hi] - ys[lo]) * (i - lo)


def unconverged(txt: Path) -> str:
    if not txt.exists():
        return ""
    m = re.search(r"not converged\s+(\d+) sampled kernel", txt.read_text())
    return m.group(1) if m else "0"


def compare(full: list[dict[str, str]], samp: list[dict[str, str]]) -> dict:
    """TOTAL and per-(layer, phase) comparison of one sampled run against its full run."""
    ft = next(r for r in full if r["layer"] == "TOTAL")
    st = next(r for r in samp if r["layer"] == "TOTAL")
    t_f, t_s, t_ci = num(ft, "time_ns"), num(st, "time_ns"), num(st, "time_ns_ci95")
    e_f, e_s, e_ci = num(ft, "energy_total_pJ"), num(st, "energy_total_pJ"), num(st, "energy_total_pJ_ci95")
    out = {
        "time_full_ms": t_f / 1e6, "time_samp_ms": t_s / 1e6, "time_ci_ms": t_ci / 1e6, "time_err": err(t_s, t_f),
        "time_inside": abs(t_s - t_f) <= t_ci,
        "energy_full_mJ": e_f / 1e9, "energy_samp_mJ": e_s / 1e9, "energy_ci_mJ": e_ci / 1e9, "energy_err": err(e_s, e_f),
        "energy_inside": abs(e_s - e_f) <= e_ci,
        "read_bytes_err": err(num(st, "mem_read_bytes"), num(ft, "mem_read_bytes")),
        "write_bytes_err": err(num(st, "mem_write_bytes"), num(ft, "mem_write_bytes")),
        "read_lat_err": err(num(st, "avg_read_latency_ns"), num(ft, "avg_read_latency_ns")),
        "write_lat_err": err(num(st, "avg_write_latency_ns"), num(ft, "avg_write_latency_ns")),
        "stall_full": num(ft, "stall_ns") / t_f, "stall_samp": num(st, "stall_ns") / t_s,
        "simulated": num(st, "simulated_fraction"),
    }
    fr = {(r["layer"], r["phase"]): r for r in full if r["layer"] != "TOTAL"}
    sr = {(r["layer"], r["phase"]): r for r in samp if r["layer"] != "TOTAL"}
    errs, outside, tv, worst, algo = [], 0, 0.0, [], 0
    same = [0.0, 0.0, 0.0, 0.0]   # time full, sampled; energy full, sampled over rows with the same algorithm
    for k, f in fr.items():
        s = sr.get(k)
        if s is None:
            continue
        tf, ts = num(f, "time_ns"), num(s, "time_ns")
        if f.get("algorithm", "") == s.get("algorithm", ""):
            same[0] += tf
            same[1] += ts
            same[2] += num(f, "energy_total_pJ")
            same[3] += num(s, "energy_total_pJ")
        e = err(ts, tf)
        errs.append(abs(e))
        if abs(ts - tf) > num(s, "time_ns_ci95"):
            outside += 1
        tv += abs(ts / t_s - tf / t_f) / 2
        if f.get("algorithm", "") != s.get("algorithm", ""):
            algo += 1
        worst.append((abs(e), e, f"{k[0]}/{k[1]}", (ts - tf) / t_f, f.get("algorithm", ""), s.get("algorithm", ""),
                      num(s, "simulated_fraction")))
    worst.sort(reverse=True)
    out.update({"rows": len(errs), "row_median": quantile(errs, 0.5), "row_p90": quantile(errs, 0.9),
                "row_max": worst[0] if worst else None, "rows_outside": outside, "tv": tv, "algo_diff": algo,
                "same_time_err": err(same[1], same[0]), "same_energy_err": err(same[3], same[2]),
                "worst": worst[:3]})
    return out


def record(out: Path, name: str) -> dict:
    p = out / f"{name}.run.json"
    return json.loads(p.read_text()) if p.exists() else {}


def table(header: list[str], body: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    return "\n".join(lines)


def report(out: Path, md: Path, runs, presets, variants) -> None:
    keep = ""
    if md.exists():
        m = re.search(r"<!-- notes:begin -->\n(.*?)<!-- notes:end -->", md.read_text(), re.S)
        keep = m.group(1) if m else ""
    totals, perrow, speed, worst_all, verdict = [], [], [], [], []
    cmds = []
    for w, b in runs:
        for p in presets:
            fname = name_of(w, b, p, "full")
            if not (out / f"{fname}.csv").exists():
                continue
            full = rows(out / f"{fname}.csv")
            fr = record(out, fname)
            if fr:
                cmds.append(f"| `{fname}` | `{fr['command']}` | {fr['wall_s']:.0f} s | {fr['max_rss_kb'] / 1024:.0f} MiB |")
            for v in variants:
                sname = name_of(w, b, p, v)
                if not (out / f"{sname}.csv").exists():
                    continue
                c = compare(full, rows(out / f"{sname}.csv"))
                sr = record(out, sname)
                if sr:
                    cmds.append(f"| `{sname}` | `{sr['command']}` | {sr['wall_s']:.0f} s | {sr['max_rss_kb'] / 1024:.0f} MiB |")
                label = [f"{w} b{b}", p, v]
                ok = abs(c["time_err"]) <= TOLERANCE and abs(c["energy_err"]) <= TOLERANCE
                verdict.append((label, ok, c))
                totals.append(label + [
                    f"{c['time_full_ms']:.2f}", f"{c['time_samp_ms']:.2f} ± {c['time_ci_ms']:.2f}", pct(c["time_err"]),
                    "yes" if c["time_inside"] else "**no**",
                    f"{c['energy_full_mJ']:.2f}", f"{c['energy_samp_mJ']:.2f} ± {c['energy_ci_mJ']:.2f}", pct(c["energy_err"]),
                    "yes" if c["energy_inside"] else "**no**",
                    pct(c["read_bytes_err"], 1), pct(c["write_bytes_err"], 1), pct(c["read_lat_err"], 1), pct(c["write_lat_err"], 1),
                    f"{100 * c['stall_full']:.1f} / {100 * c['stall_samp']:.1f}"])
                mx = c["row_max"]
                perrow.append(label + [str(c["rows"]), f"{100 * c['row_median']:.2f} %", f"{100 * c['row_p90']:.1f} %",
                                       f"{100 * mx[0]:.1f} % ({mx[2]})" if mx else "", str(c["rows_outside"]),
                                       f"{100 * c['tv']:.2f} %", str(c["algo_diff"]),
                                       pct(c["same_time_err"]), pct(c["same_energy_err"])])
                for wr in c["worst"]:
                    worst_all.append((abs(wr[3]), label, wr))
                if fr and sr:
                    speed.append(label + [f"{100 * c['simulated']:.1f} %", f"{sr['wall_s']:.0f}", f"{fr['wall_s']:.0f}",
                                          f"{fr['wall_s'] / max(sr['wall_s'], 1e-9):.1f}×", unconverged(out / f"{sname}.txt")])
    worst_all.sort(key=lambda x: -x[0])
    lines = [
        "# Sampling error: full against sampled detail",
        "",
        "Generated by `python3 scripts/sampling.py` (release build) from the runs under `results/sampling/`:",
        "every number below is a value of those CSVs or run records. Full detail (`--detail full`: every CTA of",
        "every kernel) is the reference; `sampled` variants are the wave sampler of `gpu.sampling`",
        f"(variants: {', '.join(f'`{v}`' + (' (`' + ' '.join(VARIANTS[v]) + '`)' if VARIANTS[v] else ' (the defaults)') for v in variants)}).",
        "Seed 1, synthetic data values; both networks fit the GTX 1080 Ti's 11 GB at these batches (no offload).",
        "",
        "## TOTAL: sampled against full",
        "",
        "Error = sampled ÷ full − 1. *inside* = the full-detail value lies within the sampled run's reported",
        "95 % interval (`time_ns_ci95`, `energy_total_pJ_ci95`). Bytes, latencies: TOTAL row. Stall: share of the",
        "iteration (full / sampled).",
        "",
        table(["run", "preset", "sampler", "time full ms", "time sampled ms (±95 %)", "time error", "inside",
               "energy full mJ", "energy sampled mJ (±95 %)", "energy error", "inside", "read bytes", "write bytes",
               "read latency", "write latency", "stall % full / sampled"], totals),
        "",
        f"**Within {100 * TOLERANCE:.0f} % on both TOTAL time and energy:** " + (", ".join(
            f"{l[0]} {l[1]} {l[2]} {'yes' if ok else '**no**'}" for l, ok, _ in verdict) or "no runs yet") + ".",
        "",
        "## Per (layer, phase): how the time is distributed",
        "",
        "|error| of each row's time; *outside* = rows whose full-detail time is outside the sampled row's interval",
        "(rows simulated in full have none); *TV* = total-variation distance between the two runs' distributions of",
        "the iteration time over rows (½ Σ |share_sampled − share_full|); *algorithm* = rows where the sampled run's",
        "cudnnFind-style search chose another algorithm than the full run's (the trials run at",
        "`gpu.sampling.searchDetail`, sampled, for both details, so choices differ only where the full-detail run",
        "was made with an earlier sampler than the sampled one: see each record's `binary`); *same-algorithm time /",
        "energy* = the sum over the rows where both runs chose the same algorithm,",
        "sampled against full: the sampler's own error without the search's different choices.",
        "",
        table(["run", "preset", "sampler", "rows", "median", "p90", "max (row)", "outside", "TV", "algorithm",
               "same-algorithm time", "same-algorithm energy"], perrow),
        "",
        "Largest row errors, as a share of the iteration time (Δ row time ÷ full iteration time):",
        "",
        table(["run", "preset", "sampler", "row", "row error", "share of iteration", "algorithm full / sampled",
               "CTAs simulated"],
              [[l[0], l[1], l[2], wr[2], pct(wr[1], 1), pct(wr[3], 2), f"{wr[4] or '–'} / {wr[5] or '–'}", f"{100 * wr[6]:.1f} %"]
               for _, l, wr in worst_all[:12]]),
        "",
        "## Cost",
        "",
        "Wall times on this 2-core machine (one process per run; other runs or builds may have shared the",
        "machine: see the finish times in the records; `scripts/sampling.py --jobs 2` runs two at a time).",
        "*not converged* = sampled kernels whose waves (cut at",
        "`gpu.sampling.maxWaves`) or K-loop windows did not agree within `gpu.sampling.tolerance` (listed in",
        "each run's summary).",
        "",
        table(["run", "preset", "sampler", "CTAs simulated", "sampled s", "full s", "speedup", "not converged"], speed),
        "",
        "## Notes",
        "",
        "<!-- notes:begin -->",
        keep.rstrip("\n") + ("\n" if keep.strip() else "(none yet)\n"),
        "<!-- notes:end -->",
        "",
        "## Runs",
        "",
        "Each row is one output under `results/sampling/` (its `.run.json` holds the command, wall time and peak",
        "resident set size, `ru_maxrss` of that process).",
        "",
        "| output | command | wall | peak RSS |",
        "|---|---|---|---|",
    ] + cmds + [""]
    tmp = md.with_suffix(".md.tmp")
    tmp.write_text("\n".join(lines))
    os.replace(tmp, md)
    print(f"sampling: wrote {md}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sim", default=str(ROOT / ".build/release/stt-cyclesim"))
    ap.add_argument("--out", default=str(ROOT / "results"))
    ap.add_argument("--runs", default=",".join(f"{w}:{b}" for w, b in RUNS), help="WORKLOAD:BATCH,…")
    ap.add_argument("--presets", default=",".join(PRESETS))
    ap.add_argument("--variants", default="default",
                    help="sampler variants, comma-separated, from: " + ", ".join(VARIANTS) + " (default: default, the shipped sampler)")
    ap.add_argument("--jobs", type=int, default=1, help="runs at once (each is one process)")
    ap.add_argument("--reuse", action="store_true", help="skip runs whose CSV and record exist")
    ap.add_argument("--sampled-only", action="store_true", help="run only the sampled variants (full-detail runs made elsewhere)")
    ap.add_argument("--full-only", action="store_true", help="run only the full-detail runs")
    ap.add_argument("--report-only", action="store_true", help="only rewrite SAMPLING.md")
    ap.add_argument("--binary", default="", help="what --sim was built from (e.g. 'release build of 20cab0e'), kept in each run's record")
    a = ap.parse_args()
    try:
        runs = [(w, int(b)) for w, b in (x.split(":") for x in a.runs.split(","))]
    except ValueError:
        sys.exit(f"sampling: --runs takes WORKLOAD:BATCH,… (got '{a.runs}')")
    presets = a.presets.split(",")
    variants = a.variants.split(",")
    for v in variants:
        if v not in VARIANTS:
            sys.exit(f"sampling: unknown variant '{v}' (choose from {', '.join(VARIANTS)})")
    results = Path(a.out)
    out = results / "sampling"
    out.mkdir(parents=True, exist_ok=True)
    if not a.report_only:
        if not os.access(a.sim, os.X_OK):
            sys.exit(f"sampling: no simulator at {a.sim} (swift build -c release, or pass --sim)")
        todo = []
        for w, b in runs:
            for p in presets:
                for d in ([] if a.sampled_only else ["full"]) + ([] if a.full_only else variants):
                    n = name_of(w, b, p, d)
                    if a.reuse and (out / f"{n}.csv").exists() and (out / f"{n}.run.json").exists():
                        continue
                    todo.append((args_of(w, b, p, d), n))
        failures = run_pool(todo, lambda args, n: run_one(a.sim, one_thread(args, a.jobs), out, n, a.binary), a.jobs)
        if failures:
            sys.exit("\n".join(failures))
    report(out, results / "SAMPLING.md", runs, presets, variants)
    return 0


if __name__ == "__main__":
    sys.exit(main())
