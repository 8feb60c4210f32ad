#!/usr/bin/env python3
"""Per-kernel calibration of the GPU model against DeepBench's measured GTX 1080 Ti kernels.

Runs every GEMM and every convolution (forward, backward-data, backward-weight) of
../shared/data/deepbench/ ALONE through the full GPU + memory model
(`stt-cyclesim --kernel SPEC --phase PHASE`) and writes

  results/calibration/deepbench_gemm.csv   shape, phase, measured_ms, simulated_ms, ratio, algorithm
  results/calibration/deepbench_conv.csv   (same, per phase)
  results/calibration/summary.csv          median |error| and 90th percentile per kernel class
  results/calibration/deepbench_scatter.png   log-log measured vs simulated (matplotlib, optional)

`--derive` prints the two efficiencies the GPU model takes from DeepBench (best SGEMM and best
convolution throughput over the peak at the assumed clock); no other parameter is fitted.

Usage: scripts/calibrate.py [--binary PATH] [--jobs N] [--limit N] [--out DIR] [--derive]
"""
import argparse
import csv
import math
import os
import statistics
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "..", "shared", "data", "deepbench")
PHASES = [("forward", "forward_ms"), ("backward_data", "backward_inputs_ms"), ("backward_weight", "backward_params_ms")]
CLOCK_MHZ = 1850.0  # assumed clock of DeepBench's card (GPUPresets gtx1080ti)
PEAK_TFLOPS = 28 * 128 * 2 * CLOCK_MHZ * 1e6 / 1e12
# Lighter wave sampling than a network run's default (8 waves, window 3, 1 %), so that the 442
# kernels run in reasonable time on 2 cores: one kernel alone has no neighbours whose L2
# state matters, and its steady waves converge fast. Stated in results/CALIBRATION.md.
SAMPLING = ["--set", "gpu.sampling.minWaves=4", "--set", "gpu.sampling.window=2",
            "--set", "gpu.sampling.tolerance=0.02", "--set", "gpu.sampling.maxWaves=8"]


def read(name):
    """A DeepBench file's rows, each with its position in the file (`_row`, from 0)."""
    with open(os.path.join(DATA, name), newline="") as f:
        return [dict(r, _row=i) for i, r in enumerate(csv.DictReader(f))]


HALF = ["all"]   # --half of this run, quoted in the markdown
HALF_TEXT = {"all": "all (even = training half, odd = held out)", "even": "the even-numbered (training) half",
             "odd": "the odd-numbered (held-out) half, `--half odd`"}
EXTRA = []  # --set passthrough (step 1 of the calibration: the best-kernel efficiencies)
# Step 1 of the calibration (results/calibration/step1_best_kernel/): every kernel class at the
# throughput of DeepBench's fastest kernel (`--derive`).
STEP1 = ["gpu.gemm.efficiency=0.91", "gpu.gemm.forwardConvolutionEfficiency=0.91",
         "gpu.gemm.backwardDataConvolutionEfficiency=0.91", "gpu.gemm.backwardWeightConvolutionEfficiency=0.91",
         "gpu.gemm.winogradEfficiency=0.49"]


def half_of(rows, half):
    """DeepBench rows by position: even (the training half) or odd (the held-out half)."""
    if half == "all":
        return rows
    return [r for i, r in enumerate(rows) if i % 2 == (0 if half == "even" else 1)]


def gemm_jobs(rows):
    jobs = []
    for r in rows:
        spec = "gemm:M=%s,N=%s,K=%s,tA=%d,tB=%d" % (r["M"], r["N"], r["K"], r["a_transpose"] == "T", r["b_transpose"] == "T")
        jobs.append(dict(kind="gemm", spec=spec, phase="forward", measured=float(r["time_ms"]), row=r["_row"],
                         shape="M=%s N=%s K=%s %s%s" % (r["M"], r["N"], r["K"], r["a_transpose"], r["b_transpose"]),
                         flops=2.0 * int(r["M"]) * int(r["N"]) * int(r["K"])))
    return jobs


def conv_jobs(rows):
    jobs = []
    for r in rows:
        f = {k: int(float(r[k])) for k in ["W", "H", "C", "N", "K", "R", "S", "pad_h", "pad_w", "stride_v", "stride_h"]}
        spec = "conv:" + ",".join("%s=%d" % (k, v) for k, v in f.items())
        p = (f["H"] + 2 * f["pad_h"] - f["R"]) // f["stride_v"] + 1
        q = (f["W"] + 2 * f["pad_w"] - f["S"]) // f["stride_h"] + 1
        flops = 2.0 * f["N"] * f["K"] * f["C"] * f["R"] * f["S"] * p * q
        for phase, col in PHASES:
            if not r[col]:
                continue
            jobs.append(dict(kind="conv", spec=spec, phase=phase, measured=float(r[col]), row=r["_row"],
                             shape="W=%d H=%d C=%d N=%d K=%d R=%d S=%d pad=%d/%d stride=%d/%d" % tuple(f.values()),
                             flops=flops))
    return jobs


def run(binary, job):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "k.csv")
        cmd = [binary, "--kernel", job["spec"], "--phase", job["phase"], "--csv", out] + SAMPLING + EXTRA
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), p.returncode, p.stderr.strip()))
        with open(out, newline="") as f:
            rows = list(csv.DictReader(f))
    total = [r for r in rows if r["layer"] == "TOTAL"][0]
    algo = next((r["algorithm"] for r in rows if r["layer"] != "TOTAL" and r["algorithm"]), "")
    sim = float(total["time_ns"]) / 1e6
    return dict(job, simulated=sim, ratio=sim / job["measured"], algorithm=algo,
                stall=float(total["stall_ns"]) / float(total["time_ns"]) if float(total["time_ns"]) > 0 else 0.0)


def percentile(xs, q):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summarize(results):
    classes = {}
    for r in results:
        c = "gemm" if r["kind"] == "gemm" else "conv_" + r["phase"]
        classes.setdefault(c, []).append(r)
    rows = []
    for c in ["gemm", "conv_forward", "conv_backward_data", "conv_backward_weight"]:
        rs = classes.get(c, [])
        errs = [abs(r["ratio"] - 1) for r in rs]
        rows.append(dict(kernel_class=c, kernels=len(rs),
                         median_abs_error=round(statistics.median(errs), 4) if errs else "",
                         p90_abs_error=round(percentile(errs, 0.9), 4) if errs else "",
                         max_ratio=round(max(r["ratio"] for r in rs), 3) if rs else "",
                         min_ratio=round(min(r["ratio"] for r in rs), 3) if rs else "",
                         rows_off_by_more_than_2x=sum(1 for r in rs if r["ratio"] > 2 or r["ratio"] < 0.5)))
    return rows


def write_csv(path, rows, fields):
    tmp = path + ".partial"
    with open(tmp, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)
    os.replace(tmp, path)


def plot(results, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no scatter plot (pip install -r scripts/requirements.txt)", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(6.4, 6.0))
    styles = {"gemm": ("o", "GEMM"), "forward": ("s", "conv forward"), "backward_data": ("^", "conv backward-data"),
              "backward_weight": ("v", "conv backward-weight")}
    for key, (marker, label) in styles.items():
        rs = [r for r in results if (r["kind"] == "gemm") == (key == "gemm") and (key == "gemm" or r["phase"] == key)]
        ax.scatter([r["measured"] for r in rs], [r["simulated"] for r in rs], marker=marker, s=18, alpha=0.7, label=label)
    lo = min(min(r["measured"], r["simulated"]) for r in results) * 0.8
    hi = max(max(r["measured"], r["simulated"]) for r in results) * 1.25
    ax.plot([lo, hi], [lo, hi], "k-", lw=0.8, label="simulated = measured")
    for f, s in [(2, ":"), (1.35, "--")]:
        ax.plot([lo, hi], [lo * f, hi * f], "k" + s, lw=0.6)
        ax.plot([lo, hi], [lo / f, hi / f], "k" + s, lw=0.6)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_xlabel("measured on a GTX 1080 Ti (DeepBench), ms")
    ax.set_ylabel("simulated (stt-cyclesim --kernel), ms")
    ax.set_title("Per-kernel calibration: dashed ±35 %, dotted 2×")
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(path + ".partial.png", dpi=120)
    os.replace(path + ".partial.png", path)


def derive():
    gemms = read("gtx1080ti_gemm_fp32.csv")
    best = max(gemms, key=lambda r: float(r["tflops"]))
    lines = ["peak at %.0f MHz: %.2f TFLOP/s" % (CLOCK_MHZ, PEAK_TFLOPS),
             "gpu.gemm.efficiency = %.3f  (best SGEMM %sx%sx%s %s TFLOP/s)" % (
                 float(best["tflops"]) / PEAK_TFLOPS, best["M"], best["N"], best["K"], best["tflops"])]
    bestc, rate = None, 0.0
    for j in conv_jobs(read("gtx1080ti_conv_fp32.csv")):
        r = j["flops"] / (j["measured"] * 1e-3) / 1e12
        if r > rate:
            bestc, rate = j, r
    lines.append("gpu.gemm.winogradEfficiency = %.3f  (best convolution %s %s: %.2f TFLOP/s direct-equivalent, / 4 for F(4x4,3x3))" % (
        rate / 4 / PEAK_TFLOPS, bestc["shape"], bestc["phase"], rate))
    return lines


def fit(results):
    """Step 2: each class's efficiency × its median simulated ÷ measured ratio on the even rows.

    Rows are chosen by their position in the DeepBench file (`row`), not by shape: some shapes
    occur at both an even and an odd position with different measured times, and matching by
    shape let those odd (held-out) rows into the fit whenever step 1 ran on all rows (before
    stop 19)."""
    even = lambda r: r["row"] % 2 == 0
    classes = {"gpu.gemm.efficiency": (0.91, lambda r: r["kind"] == "gemm" and even(r)),
               "gpu.gemm.forwardConvolutionEfficiency": (0.91, lambda r: r["kind"] == "conv" and r["phase"] == "forward"
                                                          and r["algorithm"] == "implicitGemm" and even(r)),
               "gpu.gemm.backwardDataConvolutionEfficiency": (0.91, lambda r: r["kind"] == "conv" and r["phase"] == "backward_data"
                                                               and r["algorithm"] == "implicitGemm" and even(r)),
               "gpu.gemm.backwardWeightConvolutionEfficiency": (0.91, lambda r: r["kind"] == "conv" and r["phase"] == "backward_weight"
                                                                 and even(r)),
               "gpu.gemm.winogradEfficiency": (0.49, lambda r: r["kind"] == "conv" and r["algorithm"].startswith("winogradFused")
                                                and even(r))}
    # Not defaults: the backward-weight class split by shape (it is bimodal: cuDNN has Winograd and
    # FFT filter-gradient algorithms for 3×3 stride-1 layers). Printed so that a sensitivity study
    # can quote them (results/sweeps/sens_vgg19_bw3x3_efficiency: VGG-19's convolutions are all 3×3
    # stride 1).
    s3 = lambda r: "R=3 S=3" in r.get("shape", "") and "stride=1/1" in r.get("shape", "")
    classes["gpu.gemm.backwardWeightConvolutionEfficiency [3×3 stride-1 rows only; not a default]"] = (
        0.91, lambda r: r["kind"] == "conv" and r["phase"] == "backward_weight" and even(r) and s3(r))
    classes["gpu.gemm.backwardWeightConvolutionEfficiency [other rows only; not a default]"] = (
        0.91, lambda r: r["kind"] == "conv" and r["phase"] == "backward_weight" and even(r) and not s3(r))
    lines = []
    for key, (base, keep) in classes.items():
        ratios = [r["simulated"] / r["measured"] for r in results if keep(r)]
        if ratios:
            m = statistics.median(ratios)
            lines.append("%s = %.3f × %.3f = %.2f  (%d training rows)" % (key, base, m, base * m, len(ratios)))
    return lines


def write_fit(out, lines):
    """Print step 2's fit and keep it as OUT/fit.txt (quoted in CALIBRATION.md)."""
    print("\n".join(lines))
    tmp = os.path.join(out, "fit.txt.partial")
    with open(tmp, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, os.path.join(out, "fit.txt"))


def stream(binary, out):
    """The BabelStream-style kernels on dram and mlc: results/calibration/stream.csv."""
    import re
    path = os.path.join(out, "stream.csv")
    cmd = [binary, "--workload", "stream", "--memory", "dram,mlc", "--stream-elements", str(1 << 25), "--csv", path]
    text = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    # Peak bandwidth per configuration, as the simulator reports it ("[dram] …", "(peak 484.2 GB/s)").
    peaks, current = {}, None
    for line in text.splitlines():
        m = re.match(r"\[(\S+)\]", line)
        if m:
            current = m.group(1)
        m = re.search(r"\(peak ([0-9.]+) GB/s\)", line)
        if m and current:
            peaks[current] = float(m.group(1))
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    table = []
    for r in rows:
        t = float(r["time_ns"])
        gbps = (int(r["mem_read_bytes"]) + int(r["mem_write_bytes"])) / t if t > 0 else 0
        peak = peaks[r["config"]]
        table.append((r["config"], r["layer"], gbps, gbps / peak, peak))
    return " ".join(cmd[:-2] + ["--csv", "results/calibration/stream.csv"]).replace(binary, "stt-cyclesim"), table


def markdown(out, summary, derived, stream_cmd, stream_table, jobs):
    """results/CALIBRATION.md, from the files just written."""
    L = ["# Calibration of the GPU model, part by part",
         "",
         "Generated by `scripts/calibrate.py` (with `scripts/reproduce.sh`); every number below comes from the",
         "commands named here. **No parameter was fitted to a whole-network time**: the GPU's per-class compute",
         "efficiencies come from DeepBench's per-kernel times (step 1: its single fastest kernels; step 2: each",
         "class scaled by its median ratio on the even-numbered rows), the memory controller's queue depth from",
         "the stream microbenchmark, everything else from datasheets, whitepapers or stated assumptions",
         "(`stt-cyclesim --list-gpus`, `stt-cyclesim --dump-config`).",
         "",
         "## Per-kernel times against DeepBench (GTX 1080 Ti, CUDA 8, cuDNN 6)",
         "",
         "Every GEMM (cuBLAS column-major, with its transposes) and every convolution phase of",
         "`../shared/data/deepbench/` is run alone through the full GPU + memory model:",
         "`stt-cyclesim --kernel SPEC --phase PHASE` (e.g. `--kernel conv:W=56,H=56,C=64,N=16,K=64,R=3,S=3,pad_h=1,pad_w=1 --phase backward_data`),",
         "with the default `auto` algorithm choice (fastest of implicit GEMM and fused Winograd F(2×2,3×3)/F(4×4,3×3),",
         "simulated, as cudnnFind does). Command: `scripts/calibrate.py --jobs %d%s`; kernels run with" % (
             jobs, "" if HALF[0] == "all" else " --half " + HALF[0]),
         "lighter wave sampling than network runs (`%s`)." % " ".join(SAMPLING[1::2]),
         "Rows: `results/calibration/deepbench_gemm.csv`, `results/calibration/deepbench_conv.csv`.",
         "Error = |simulated / measured − 1|. Goal: median ≤ 15 %, 90th percentile ≤ 35 %, no row off by more than 2×.",
         "Rows run: %s. Step 2's per-class efficiencies were fitted on the even-numbered rows only" % HALF_TEXT[HALF[0]],
         "(median simulated ÷ measured ratio of step 1, below), so the odd-numbered rows are a held-out check.",
         "",
         "| kernel class | kernels | median error | 90th percentile | min ratio | max ratio | rows off > 2× |",
         "|---|---|---|---|---|---|---|"]
    for s in summary:
        L.append("| %s | %s | %.1f %% | %.1f %% | %s | %s | %s |" % (
            s["kernel_class"], s["kernels"], 100 * s["median_abs_error"], 100 * s["p90_abs_error"],
            s["min_ratio"], s["max_ratio"], s["rows_off_by_more_than_2x"]))
    step1 = os.path.join(out, "step1_best_kernel", "summary.csv")
    if os.path.exists(step1):
        with open(step1, newline="") as f:
            s1 = list(csv.DictReader(f))
        L += ["", "**Step 1** (`scripts/calibrate.py --step1`: every class at the efficiency of DeepBench's fastest",
              "kernel, all rows; `results/calibration/step1_best_kernel/`) — systematically fast, which is what step 2 corrects:", "",
              "| kernel class | kernels | median error | 90th percentile | min ratio | max ratio | rows off > 2× |",
              "|---|---|---|---|---|---|---|"]
        for r in s1:
            L.append("| %s | %s | %.1f %% | %.1f %% | %s | %s | %s |" % (
                r["kernel_class"], r["kernels"], 100 * float(r["median_abs_error"]), 100 * float(r["p90_abs_error"]),
                r["min_ratio"], r["max_ratio"], r["rows_off_by_more_than_2x"]))
    fitted = os.path.join(out, "step1_best_kernel", "fit.txt")
    if os.path.exists(fitted):
        with open(fitted) as f:
            L += ["", "**Step 2's fit** (printed by `scripts/calibrate.py --step1`, also in",
                  "`results/calibration/step1_best_kernel/fit.txt`): each class's step-1 efficiency × its median",
                  "simulated ÷ measured ratio on the even-numbered rows, rounded to the defaults in `gpu.gemm`. Refitted",
                  "at stop 19 with the fused-Winograd CTA order `nTileFastest` and K-loop sampling (stop 10's values: 0.82,",
                  "0.64, 0.81, 0.45, 0.42). Since stop 19 the fit picks rows by their position in the DeepBench file",
                  "(`row` column); before, it matched shapes, and a shape occurring at both an even and an odd position",
                  "let the odd (held-out) row in whenever step 1 ran on all rows:", "", "```"]
            L += f.read().splitlines()
            L += ["```"]
    off = []
    for kind in ("gemm", "conv"):
        path = os.path.join(out, "deepbench_%s.csv" % kind)
        if os.path.exists(path):
            with open(path, newline="") as f:
                off += [(kind, r) for r in csv.DictReader(f) if not 0.5 <= float(r["ratio"]) <= 2]
    if off:
        L += ["", "**Rows off by more than 2×** (the rows of the table above; README, \"The GPU model and its",
              "calibration\", says what the model lacks for each group):", "",
              "| kind | shape | phase | measured ms | simulated ms | ratio | algorithm |", "|---|---|---|---|---|---|---|"]
        for kind, r in sorted(off, key=lambda x: (x[0], x[1]["phase"], float(x[1]["ratio"]))):
            L.append("| %s | %s | %s | %s | %s | %s | %s |" % (kind, r["shape"], r["phase"], r["measured_ms"],
                                                            r["simulated_ms"], r["ratio"], r["algorithm"]))
    L += ["", "![measured vs simulated, log-log](calibration/deepbench_scatter.png)", "",
          "## Step 1's efficiencies, from DeepBench's fastest kernels",
          "", "`scripts/calibrate.py --derive` (the clock is an assumption, see `stt-cyclesim --list-gpus`); step 2's",
          "fitted values are the defaults in `gpu.gemm` (`stt-cyclesim --dump-config`, README):", "", "```"]
    L += derived
    L += ["```", "",
          "## Sustained bandwidth (BabelStream-style kernels)", "",
          "`%s` (2^25 fp32 values = 128 MiB per array):" % stream_cmd, "",
          "| config | kernel | GB/s | of peak | peak GB/s |", "|---|---|---|---|---|"]
    for cfg, layer, gbps, frac, peak in stream_table:
        L.append("| %s | %s | %.1f | %.1f %% | %.1f |" % (cfg, layer, gbps, 100 * frac, peak))
    L.append("")
    tmp = os.path.join(out, "..", "CALIBRATION.md.partial")
    with open(tmp, "w") as f:
        f.write("\n".join(L))
    os.replace(tmp, os.path.join(out, "..", "CALIBRATION.md"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "stt-cyclesim"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="run only the first N kernels of each file (smoke test)")
    ap.add_argument("--out", default=os.path.join(ROOT, "results", "calibration"))
    ap.add_argument("--derive", action="store_true", help="print the efficiencies derived from DeepBench and exit")
    ap.add_argument("--half", choices=["all", "even", "odd"], default="all",
                    help="DeepBench rows to run: all, the even-numbered (training) or the odd-numbered (held-out) half")
    ap.add_argument("--report-only", action="store_true",
                    help="rebuild results/CALIBRATION.md from the CSVs already in OUT (reruns only the stream kernels)")
    ap.add_argument("--fit-only", action="store_true",
                    help="print step 2's fit (and write fit.txt) from OUT/step1_best_kernel/'s CSVs, running nothing")
    ap.add_argument("--step1", action="store_true",
                    help="step 1: every class at the best-kernel efficiency (writes OUT/step1_best_kernel/); print the fitted values")
    a = ap.parse_args()
    if a.step1:
        EXTRA.extend(x for kv in STEP1 for x in ("--set", kv))
        a.out = os.path.join(a.out, "step1_best_kernel")
    if a.derive:
        print("\n".join(derive()))
        return 0
    if a.fit_only:
        d = os.path.join(a.out, "step1_best_kernel")
        results = []
        for kind in ("gemm", "conv"):
            with open(os.path.join(d, "deepbench_%s.csv" % kind), newline="") as f:
                for i, r in enumerate(csv.DictReader(f), start=2):
                    if not r.get("row"):
                        sys.exit("calibrate: %s line %d: no 'row' column (made before stop 19); run --step1 again"
                                 % (os.path.join(d, "deepbench_%s.csv" % kind), i))
                    results.append(dict(kind=kind, row=int(r["row"]), phase=r["phase"], algorithm=r["algorithm"], shape=r["shape"],
                                        simulated=float(r["simulated_ms"]), measured=float(r["measured_ms"])))
        write_fit(d, fit(results))
        return 0
    if not os.path.exists(a.binary):
        print("error: %s not found; build it with: swift build -c release" % a.binary, file=sys.stderr)
        return 2
    os.makedirs(a.out, exist_ok=True)
    if a.report_only:
        with open(os.path.join(a.out, "summary.csv"), newline="") as f:
            summary = [dict(r, median_abs_error=float(r["median_abs_error"]), p90_abs_error=float(r["p90_abs_error"]))
                       for r in csv.DictReader(f)]
        HALF[0] = a.half
        stream_cmd, stream_table = stream(a.binary, a.out)
        markdown(a.out, summary, derive(), stream_cmd, stream_table, a.jobs)
        return 0
    gj = gemm_jobs(half_of(read("gtx1080ti_gemm_fp32.csv"), a.half))
    cj = conv_jobs(half_of(read("gtx1080ti_conv_fp32.csv"), a.half))
    if a.limit:
        gj, cj = gj[:a.limit], cj[:a.limit]
    jobs = gj + cj
    done = []
    with ThreadPoolExecutor(max_workers=a.jobs) as ex:
        for i, r in enumerate(ex.map(lambda j: run(a.binary, j), jobs)):
            done.append(r)
            print("[%d/%d] %s %s %s: measured %.4f ms, simulated %.4f ms (%.2fx) %s" % (
                i + 1, len(jobs), r["kind"], r["shape"], r["phase"], r["measured"], r["simulated"], r["ratio"], r["algorithm"]),
                file=sys.stderr)
    for r in done:
        r["measured_ms"] = r["measured"]
        r["simulated_ms"] = round(r["simulated"], 6)
        r["ratio"] = round(r["ratio"], 4)
        r["stall_share"] = round(r["stall"], 4)
    fields = ["row", "shape", "phase", "measured_ms", "simulated_ms", "ratio", "algorithm", "stall_share"]
    write_csv(os.path.join(a.out, "deepbench_gemm.csv"), [r for r in done if r["kind"] == "gemm"], fields)
    write_csv(os.path.join(a.out, "deepbench_conv.csv"), [r for r in done if r["kind"] == "conv"], fields)
    summary = summarize(done)
    write_csv(os.path.join(a.out, "summary.csv"), summary, list(summary[0].keys()))
    plot(done, os.path.join(a.out, "deepbench_scatter.png"))
    if a.step1:
        write_fit(a.out, fit(done))
        return 0
    HALF[0] = a.half
    if not a.limit:
        stream_cmd, stream_table = stream(a.binary, a.out)
        markdown(a.out, summary, derive(), stream_cmd, stream_table, a.jobs)
    for s in summary:
        print("%-22s n=%-3s median |err| %-7s p90 %-7s >2x: %s" % (
            s["kernel_class"], s["kernels"], s["median_abs_error"], s["p90_abs_error"], s["rows_off_by_more_than_2x"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
