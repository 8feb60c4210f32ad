#!/usr/bin/env python3
"""Compute every quantitative claim of seed 000 from the CSVs in results/.

Writes results/claims.csv (claim, paper value, our value, unit, definition, source CSV,
command) and results/sensitivity.csv, and replaces the block between the markers
`<!-- claims:begin -->` / `<!-- claims:end -->` (and `sensitivity:`) in
results/REPRODUCTION.md with tables generated from them, so that every number there is a
value of a CSV in results/. Standard library only.

Usage: python3 scripts/claims.py [--results results]
"""
import argparse
import csv
import glob
import json
import os
import sys

MAIN = "scripts/reproduce.sh (sweep main: stt-cyclesim --workload {w} --batch 128 --memory P --seed 1 for each preset P)"


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def total(rows, config):
    for r in rows:
        if r["config"] == config and r["layer"] == "TOTAL":
            return r
    raise SystemExit(f"claims: no TOTAL row for {config}")


def f(r, k):
    return float(r[k])


def avg_latency(r):
    """Mean memory access latency over reads and writes, ns."""
    n = f(r, "read_requests") + f(r, "write_requests")
    return (f(r, "avg_read_latency_ns") * f(r, "read_requests") + f(r, "avg_write_latency_ns") * f(r, "write_requests")) / n


def mean_similarity(rows, config):
    vals = [float(r["bit_similarity"]) for r in rows
            if r["config"] == config and r["phase"] == "forward" and r["bit_similarity"] not in ("",)]
    return sum(vals) / len(vals) if vals else float("nan")


def claims(results):
    out = []

    def add(cid, text, paper, ours, unit, definition, source, command):
        out.append({"claim": cid, "statement": text, "paper": paper, "ours": f"{ours:.4g}", "unit": unit,
                    "definition": definition, "source": source, "command": command})

    for w, paper_t, paper_e, paper_c in (("vgg19", 76, 45, 26.9), ("alexnet", 70, 40, 26)):
        rows = read(os.path.join(results, f"{w}.csv"))
        d, m, b, s = (total(rows, c) for c in ("dram", "mlc", "bitlevel", "bitlevel+sparsecode"))
        src, cmd = f"results/{w}.csv", MAIN.format(w=w)
        add(f"{w}_training_time", f"{w}: training time reduced (abstract)", paper_t,
            100 * (1 - f(s, "time_ns") / f(d, "time_ns")), "%",
            "1 − iteration time(bitlevel+sparsecode) / iteration time(dram), TOTAL.time_ns", src, cmd)
        add(f"{w}_memory_access_speedup", f"{w}: speedup of memory access (§5.3)", paper_t,
            100 * (avg_latency(d) / avg_latency(s) - 1), "%",
            "mean access latency(dram) / mean access latency(bitlevel+sparsecode) − 1, reads and writes weighted by count",
            src, cmd)
        add(f"{w}_memory_energy", f"{w}: memory access energy reduced", paper_e,
            100 * (1 - f(s, "energy_total_pJ") / f(d, "energy_total_pJ")), "%",
            "1 − energy_total_pJ(bitlevel+sparsecode) / energy_total_pJ(dram)", src, cmd)
        add(f"{w}_feature_map_compression", f"{w}: capacity utilization reduced / feature-map compression", paper_c,
            100 * (1 - f(s, "compression_ratio")), "%",
            "1 − compression_ratio (SparseCode size of the conv feature maps written, measured from their bits)", src, cmd)
        add(f"{w}_cells_vs_dram", f"{w}: memory cells used against DRAM (not a paper figure)", "",
            100 * (1 - f(s, "cells_used") / f(d, "cells_used")), "%",
            "1 − cells_used(bitlevel+sparsecode) / cells_used(dram); DRAM holds 1 bit per cell", src, cmd)
        add(f"{w}_read_bw", f"{w}: read bandwidth relative to DRAM (§5.3: to 33 % for VGG-19)", 33 if w == "vgg19" else "",
            100 * f(s, "read_bw_GBps") / f(d, "read_bw_GBps"), "% of dram", "read_bw_GBps ratio, TOTAL", src, cmd)
        add(f"{w}_write_bw", f"{w}: write bandwidth change (§5.3: +14 % for VGG-19)", 14 if w == "vgg19" else "",
            100 * (f(s, "write_bw_GBps") / f(d, "write_bw_GBps") - 1), "%", "write_bw_GBps ratio − 1, TOTAL", src, cmd)
        add(f"{w}_total_bw", f"{w}: total bandwidth lower than DRAM (§5.3: 45 % / 40 %)", paper_e,
            100 * (1 - (f(s, "read_bw_GBps") + f(s, "write_bw_GBps")) / (f(d, "read_bw_GBps") + f(d, "write_bw_GBps"))),
            "%", "1 − (read+write bandwidth) ratio, TOTAL", src, cmd)
        # Supporting measurements (not paper figures) that the analysis refers to.
        add(f"{w}_stall_share_dram", f"{w}: share of the iteration the SMs stall on memory (dram)", "",
            100 * f(d, "stall_ns") / f(d, "time_ns"), "%", "stall_ns / time_ns, TOTAL, dram", src, cmd)
        add(f"{w}_write_share", f"{w}: writes among memory bursts (dram)", "",
            100 * f(d, "write_requests") / (f(d, "read_requests") + f(d, "write_requests")), "%",
            "write_requests / (read_requests + write_requests), dram", src, cmd)
        for c, r in (("mlc", m), ("bitlevel", b), ("bitlevel+sparsecode", s)):
            add(f"{w}_read_energy_{c}", f"{w}: read energy of {c} against dram", "",
                100 * (f(r, "energy_read_pJ") / f(d, "energy_read_pJ") - 1), "%", "energy_read_pJ ratio − 1", src, cmd)
            add(f"{w}_write_energy_{c}", f"{w}: write energy of {c} against dram", "",
                100 * (f(r, "energy_write_pJ") / f(d, "energy_write_pJ") - 1), "%", "energy_write_pJ ratio − 1", src, cmd)
            add(f"{w}_two_step_share_{c}", f"{w}: {c} write bursts that needed the soft (second) step", "",
                100 * f(r, "writes_two_step") / f(r, "write_requests"), "%", "writes_two_step / write_requests", src, cmd)
        for c, r in (("dram", d), ("mlc", m), ("bitlevel", b)):
            add(f"{w}_read_latency_{c}", f"{w}: average read latency, {c}", "", f(r, "avg_read_latency_ns"), "ns",
                "avg_read_latency_ns, TOTAL", src, cmd)
            add(f"{w}_write_latency_{c}", f"{w}: average write latency, {c}", "", f(r, "avg_write_latency_ns"), "ns",
                "avg_write_latency_ns, TOTAL", src, cmd)
        add(f"{w}_mode_switches_bitlevel", f"{w}: mode-controller switches (bitlevel)", "", f(b, "mode_switches"), "switches",
            "mode_switches, TOTAL", src, cmd)
        add(f"{w}_zero_fraction", f"{w}: zero 32-bit values among all data written (bitlevel)", "",
            100 * f(b, "zero_fraction"), "%", "zero_fraction, TOTAL, bitlevel", src, cmd)
        if w == "vgg19":
            add("vgg19_bitlevel_write_energy", "VGG-19: BitLevel write energy against naive MLC (§5.3: −26 %)", -26,
                100 * (f(b, "energy_write_pJ") / f(m, "energy_write_pJ") - 1), "%",
                "energy_write_pJ(bitlevel) / energy_write_pJ(mlc) − 1", src, cmd)
            add("vgg19_mlc_read_perf", "VGG-19: naive MLC read performance (§5.3: 1.4×)", 1.4,
                f(d, "avg_read_latency_ns") / f(m, "avg_read_latency_ns"), "×",
                "avg_read_latency_ns(dram) / avg_read_latency_ns(mlc)", src, cmd)
            add("vgg19_mlc_write_perf", "VGG-19: naive MLC write performance change (§5.3: −47 %)", -47,
                100 * (f(d, "avg_write_latency_ns") / f(m, "avg_write_latency_ns") - 1), "%",
                "avg_write_latency_ns(dram) / avg_write_latency_ns(mlc) − 1", src, cmd)
            add("vgg19_bitlevel_access_speed", "VGG-19: remapping + BitLevel, overall memory access speed (§5.3: +30 %)", 30,
                100 * (avg_latency(d) / avg_latency(b) - 1), "%",
                "mean access latency(dram) / mean access latency(bitlevel) − 1", src, cmd)
            add("vgg19_similarity", "VGG-19: average neighbour bit-level similarity (§5.3: up to 67.3 %)", 67.3,
                100 * mean_similarity(rows, "bitlevel"), "%",
                "mean over forward rows of bit_similarity (bitlevel, 128-bit blocks)", src, cmd)
            add("vgg19_mlc_energy", "VGG-19: naive MLC memory energy against DRAM (§5.3: 'hardly improves')", "",
                100 * (1 - f(m, "energy_total_pJ") / f(d, "energy_total_pJ")), "%",
                "1 − energy_total_pJ(mlc) / energy_total_pJ(dram)", src, cmd)
    return out


def sensitivity(results):
    rows = []
    main = {w: read(os.path.join(results, f"{w}.csv")) for w in ("vgg19", "alexnet")}
    for d in sorted(glob.glob(os.path.join(results, "sweeps", "*"))):
        name = os.path.basename(d)
        if name == "main":
            continue
        for m in sorted(glob.glob(os.path.join(d, "runs", "*.json"))):
            man = json.load(open(m))
            if man.get("status") != "ok":
                continue
            p = man["params"]
            w = p.get("workload")
            csvp = m[:-5] + ".csv"
            t = [r for r in read(csvp) if r["layer"] == "TOTAL"][0]
            base = total(main[w], "dram") if w in main and p.get("batch") in ("128", 128) else None
            extra = ";".join(f"{k}={v}" for k, v in sorted(p.items()) if k.startswith("set.") or k == "batch")
            fixed = " ".join(a for a in man["command"][1:] if a.startswith(("memory.", "gpu.", "values.")))
            rows.append({
                "study": name, "workload": w, "config": t["config"], "params": extra, "fixed": fixed,
                "time_ms": f"{f(t, 'time_ns') / 1e6:.4g}", "energy_mJ": f"{f(t, 'energy_total_pJ') / 1e9:.4g}",
                "time_vs_dram_b128": f"{f(t, 'time_ns') / f(base, 'time_ns'):.4g}" if base else "",
                "energy_vs_dram_b128": f"{f(t, 'energy_total_pJ') / f(base, 'energy_total_pJ'):.4g}" if base else "",
                "compression_ratio": t["compression_ratio"], "writes_two_step": t["writes_two_step"],
                "source": os.path.relpath(csvp, os.path.dirname(results)),
                "command": man.get("command_line", ""),
            })
    return rows


def table(rows, cols):
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join(str(r[c]).replace("|", "\\|") for c in cols) + " |")
    return "\n".join(lines)


def splice(text, tag, block):
    b, e = f"<!-- {tag}:begin -->", f"<!-- {tag}:end -->"
    if b not in text or e not in text:
        return text
    head, rest = text.split(b, 1)
    _, tail = rest.split(e, 1)
    return head + b + "\n" + block + "\n" + e + tail


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--results", default="results")
    a = ap.parse_args()
    c = claims(a.results)
    s = sensitivity(a.results)
    ccols = ["claim", "statement", "paper", "ours", "unit", "definition", "source", "command"]
    scols = ["study", "workload", "config", "params", "fixed", "time_ms", "energy_mJ", "time_vs_dram_b128",
             "energy_vs_dram_b128", "compression_ratio", "writes_two_step", "source", "command"]
    for path, rows, cols in ((os.path.join(a.results, "claims.csv"), c, ccols),
                             (os.path.join(a.results, "sensitivity.csv"), s, scols)):
        import io
        buf = io.StringIO()
        wr = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
        wr.writeheader()
        wr.writerows(rows)
        write_atomic(path, buf.getvalue())
    md = os.path.join(a.results, "REPRODUCTION.md")
    if os.path.exists(md):
        text = open(md).read()
        text = splice(text, "claims", table(c, ["claim", "statement", "paper", "ours", "unit", "definition"]))
        text = splice(text, "sensitivity", table(s, ["study", "workload", "config", "params", "fixed", "time_ms", "energy_mJ",
                                                     "time_vs_dram_b128", "energy_vs_dram_b128", "compression_ratio"]))
        write_atomic(md, text)
    print(f"claims: {len(c)} claims, {len(s)} sensitivity rows written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
