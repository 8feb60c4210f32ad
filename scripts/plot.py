#!/usr/bin/env python3
"""Draw the paper's figures (seed 000) from stt-cyclesim CSV output.

Reads the CSVs that scripts/reproduce.sh writes into results/ and writes PNG and SVG
next to them:

    fig1a_footprint_vs_batch     footprint of one iteration vs batch (+ the 11 GB of a 1080 Ti)
    fig1b_bandwidth_vgg19        read / write bandwidth per layer, VGG-19, dram
    fig4_memory_per_layer_vgg19  footprint per layer by data category, VGG-19
    fig9_vgg19, fig10_alexnet    energy saving and speedup against dram per configuration,
                                 with the 32/64/128-bit block-size variants
    fig11_similarity_vgg19       neighbour bit-level similarity of the data each layer writes
    fig12_compression_vgg19      SparseCode size of each ReLU layer's output, 32/64/128 bits

Usage: python3 scripts/plot.py [--results results]
Needs matplotlib (pip install -r scripts/requirements.txt). Missing inputs are skipped
with a message; nothing is half-written (files are written to a temporary name, then renamed).
"""
import argparse
import csv
import os
import sys
from collections import OrderedDict, defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

PRESET_ORDER = ["dram", "mlc", "bitlevel", "bitlevel+sparsecode"]
GTX1080TI_BYTES = 11e9


def read(path):
    if not os.path.exists(path):
        print(f"plot: skipping, {path} not found", file=sys.stderr)
        return None
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def num(v):
    return float(v) if v not in ("", None) else None


def save(fig, results, name):
    for ext in ("png", "svg"):
        final = os.path.join(results, f"{name}.{ext}")
        tmp = os.path.join(results, f".{name}.tmp.{ext}")
        # No date and fixed element ids, so that the same CSVs draw byte-identical files.
        plt.rcParams["svg.hashsalt"] = name
        meta = {"Date": None} if ext == "svg" else {}
        fig.savefig(tmp, dpi=130, bbox_inches="tight", format=ext, metadata=meta)
        os.replace(tmp, final)
    plt.close(fig)
    print(f"plot: wrote {name}.png/.svg")


def layer_totals(rows, config):
    """Per layer (in order): time, read and write bytes summed over phases."""
    out = OrderedDict()
    for r in rows:
        if r["config"] != config or r["layer"] == "TOTAL":
            continue
        t = out.setdefault(r["layer"], [0.0, 0.0, 0.0])
        t[0] += float(r["time_ns"])
        t[1] += float(r["mem_read_bytes"])
        t[2] += float(r["mem_write_bytes"])
    return out


def fig1a(results):
    rows = read(os.path.join(results, "footprint_batch.csv"))
    if not rows:
        return
    series = defaultdict(list)
    for r in rows:
        if r["layer"] == "TOTAL" and r["config"] == "dram":
            series[r["workload"]].append((int(r["batch"]), float(r["bytes"]) / 1e9))
    fig, ax = plt.subplots(figsize=(6, 4))
    for name, pts in sorted(series.items()):
        pts.sort()
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=name)
    ax.axhline(GTX1080TI_BYTES / 1e9, color="red", linestyle="--", label="GTX 1080 Ti (11 GB)")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("batch size (images)")
    ax.set_ylabel("footprint of one training iteration (GB)")
    ax.set_title("Fig. 1(a): GPU memory demand vs batch size (fp32, stt-cyclesim plans)")
    ax.legend(fontsize=8)
    save(fig, results, "fig1a_footprint_vs_batch")


def fig1b(results):
    rows = read(os.path.join(results, "vgg19.csv"))
    if not rows:
        return
    per = layer_totals(rows, "dram")
    layers = [k for k, v in per.items() if v[0] > 0]
    rd = [per[k][1] / per[k][0] for k in layers]
    wr = [per[k][2] / per[k][0] for k in layers]
    fig, ax = plt.subplots(figsize=(12, 4))
    x = range(len(layers))
    ax.bar([i - 0.2 for i in x], rd, width=0.4, label="read")
    ax.bar([i + 0.2 for i in x], wr, width=0.4, label="write")
    ax.set_xticks(list(x))
    ax.set_xticklabels(layers, rotation=90, fontsize=7)
    ax.set_ylabel("memory bandwidth (GB/s)")
    ax.set_title("Fig. 1(b): VGG-19 batch 128, read/write bandwidth per layer (dram, all phases)")
    ax.legend()
    save(fig, results, "fig1b_bandwidth_vgg19")


def fig4(results):
    rows = read(os.path.join(results, "footprint_vgg19.csv"))
    if not rows:
        return
    per = OrderedDict()
    cats = []
    for r in rows:
        if r["config"] != "dram" or r["layer"] == "TOTAL":
            continue
        per.setdefault(r["layer"], {})[r["category"]] = float(r["bytes"]) / 2**30
        if r["category"] not in cats:
            cats.append(r["category"])
    layers = list(per)
    fig, ax = plt.subplots(figsize=(12, 4))
    bottom = [0.0] * len(layers)
    for c in cats:
        vals = [per[l].get(c, 0.0) for l in layers]
        ax.bar(range(len(layers)), vals, bottom=bottom, label=c)
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax.set_xticks(range(len(layers)))
    ax.set_xticklabels(layers, rotation=90, fontsize=7)
    ax.set_ylabel("memory (GiB)")
    ax.set_title("Fig. 4: VGG-19 batch 128, memory per layer by data category")
    ax.legend(fontsize=7)
    save(fig, results, "fig4_memory_per_layer_vgg19")


def totals(rows):
    return {r["config"]: r for r in rows if r["layer"] == "TOTAL"}


def fig_saving(results, workload, name, title):
    main = read(os.path.join(results, f"{workload}.csv"))
    if not main:
        return
    t = totals(main)
    base = t.get("dram")
    if not base:
        return
    labels, e_tot, e_rd, e_wr, speed = [], [], [], [], []

    def add(label, r):
        labels.append(label)
        e_tot.append(1 - float(r["energy_total_pJ"]) / float(base["energy_total_pJ"]))
        e_rd.append(1 - float(r["energy_read_pJ"]) / float(base["energy_read_pJ"]))
        e_wr.append(1 - float(r["energy_write_pJ"]) / float(base["energy_write_pJ"]))
        speed.append(float(base["time_ns"]) / float(r["time_ns"]))

    for p in PRESET_ORDER[1:]:
        if p in t:
            add(p + (" (128b)" if p != "mlc" else ""), t[p])
    sweep = read(os.path.join(results, "sweeps", f"blocksize_{workload}", "merged.csv"))
    if sweep:
        for r in sweep:
            if r["layer"] == "TOTAL" and r.get("set.memory.controller.bitLevelBlockBits") in ("32", "64"):
                add(f"{r['config']} ({r['set.memory.controller.bitLevelBlockBits']}b)", r)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4))
    x = range(len(labels))
    a1.bar([i - 0.27 for i in x], [100 * v for v in e_rd], width=0.27, label="read")
    a1.bar(list(x), [100 * v for v in e_wr], width=0.27, label="write")
    a1.bar([i + 0.27 for i in x], [100 * v for v in e_tot], width=0.27, label="total")
    a1.axhline(0, color="black", linewidth=0.6)
    a1.set_ylabel("memory energy saving vs dram (%)")
    a1.set_xticks(list(x))
    a1.set_xticklabels(labels, rotation=30, ha="right", fontsize=8)
    a1.legend(fontsize=8)
    a2.bar(list(x), speed, color="tab:green")
    a2.axhline(1, color="black", linewidth=0.6)
    a2.set_ylabel("speedup of the training iteration vs dram (×)")
    a2.set_xticks(list(x))
    a2.set_xticklabels(labels, rotation=30, ha="right", fontsize=8)
    fig.suptitle(title)
    save(fig, results, name)


def fig11(results):
    rows = read(os.path.join(results, "vgg19.csv"))
    if not rows:
        return
    pts = [(r["layer"], num(r["bit_similarity"])) for r in rows
           if r["config"] == "bitlevel" and r["phase"] == "forward" and num(r["bit_similarity"]) is not None]
    if not pts:
        print("plot: no bit_similarity values for fig 11", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(12, 4))
    ax.bar(range(len(pts)), [100 * p[1] for p in pts])
    ax.set_xticks(range(len(pts)))
    ax.set_xticklabels([p[0] for p in pts], rotation=90, fontsize=7)
    ax.set_ylabel("neighbour bit-level similarity (%)")
    ax.set_ylim(0, 100)
    ax.set_title("Fig. 11: VGG-19 batch 128, bit-level similarity of the data each layer writes (forward, 128-bit blocks)")
    save(fig, results, "fig11_similarity_vgg19")


def fig12(results):
    sweep = read(os.path.join(results, "sweeps", "blocksize_vgg19", "merged.csv"))
    main = read(os.path.join(results, "vgg19.csv"))
    series = defaultdict(OrderedDict)
    if main:
        for r in main:
            if r["config"] == "bitlevel+sparsecode" and r["phase"] == "forward" and r["layer"].startswith("relu") \
                    and num(r["compression_ratio"]) is not None:
                series["128"][r["layer"]] = num(r["compression_ratio"])
    if sweep:
        for r in sweep:
            b = r.get("set.memory.controller.bitLevelBlockBits")
            if r["config"] == "bitlevel+sparsecode" and r["phase"] == "forward" and r["layer"].startswith("relu") \
                    and num(r["compression_ratio"]) is not None and b:
                series[b][r["layer"]] = num(r["compression_ratio"])
    if not series:
        print("plot: no compression_ratio values for fig 12", file=sys.stderr)
        return
    layers = list(next(iter(series.values())).keys())
    fig, ax = plt.subplots(figsize=(10, 4))
    keys = sorted(series, key=int)
    w = 0.8 / len(keys)
    for j, b in enumerate(keys):
        ax.bar([i + (j - (len(keys) - 1) / 2) * w for i in range(len(layers))],
               [100 * series[b].get(l, 0) for l in layers], width=w, label=f"{b}-bit blocks")
    ax.set_xticks(range(len(layers)))
    ax.set_xticklabels(layers, rotation=90, fontsize=7)
    ax.set_ylabel("SparseCode size (% of original)")
    ax.set_title("Fig. 12: VGG-19, SparseCode size of each ReLU layer's output (measured from the bits written)")
    ax.legend(fontsize=8)
    save(fig, results, "fig12_compression_vgg19")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--results", default="results", help="directory holding the CSVs (default: results)")
    args = ap.parse_args()
    if not os.path.isdir(args.results):
        print(f"plot: {args.results} is not a directory", file=sys.stderr)
        return 2
    fig1a(args.results)
    fig1b(args.results)
    fig4(args.results)
    fig_saving(args.results, "vgg19", "fig9_vgg19", "Fig. 9: VGG-19 batch 128 against dram")
    fig_saving(args.results, "alexnet", "fig10_alexnet", "Fig. 10: AlexNet batch 128 against dram")
    fig11(args.results)
    fig12(args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
