#!/usr/bin/env python3
"""Training accuracy under STT-MRAM write errors (seed 001, second half), the smallest honest version.

A small CNN (conv 3x3x8 -> ReLU -> max-pool 2 -> FC 10) is trained with hand-written backprop in
numpy on a procedural, download-free dataset: 12x12 seven-segment digit glyphs with random shifts,
stroke widths and noise (10 classes). Every tensor the accelerator would write to its scratchpad
passes through `store(key, tensor, cls)`, which keeps what that scratchpad slot held before and
flips back, with the class's write error rate (WER), bits that had to switch (only switching
cells can fail; a failed cell keeps its old bit). The number format is a parameter: fp32 (flips on
the IEEE bits) or fixed16 (int16 with per-class fractional bits). Classes follow the simulator:
activations (input, saved feature maps), weights (after each update), errors (gradient maps),
gradients (weight gradients and momentum).

Each WER is mapped to write energy with the same MTJ model as the Swift simulator
(Sources/Systolic/WriteErrorModel.swift): the cheapest (voltage, pulse) whose mean WER is at most
the target. The parameters live in scripts/sttmram_params.json, read by both sides; the Swift
test SharedParamsTests compares Swift's WER and energy with checkpoints this script writes
(`--write-checkpoints`).

Usage: python3 scripts/stt_accuracy.py --out results/sttmram [--seeds 5] [--epochs 6] [--smoke]
Deterministic: the same arguments give byte-identical CSV files.
"""
import argparse
import csv
import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PARAMS = os.path.join(HERE, "sttmram_params.json")
CLASSES = ["activations", "weights", "errors", "gradients"]
GAMMA = 1.7609e11  # rad/(s*T), as MTJParams.gyromagneticRadPerSecondTesla
# fixed16: fractional bits per class [assumed]: range +-128 / +-8 / +-2 / +-2.
FRAC_BITS = {"activations": 8, "weights": 12, "errors": 14, "gradients": 14}


# ----------------------------------------------------------------------------- MTJ model (mirrors Swift)

class MTJ:
    """Same formulas as MTJParams in Sources/Systolic/WriteErrorModel.swift."""

    def __init__(self, p, periphery_fj):
        self.__dict__.update(p)
        self.periphery_fj = periphery_fj
        self.tau_d_ns = (1 + self.alpha ** 2) / (self.alpha * GAMMA * self.anisotropyFieldT) * 1e9
        self.ic0 = self._critical_current()

    def current(self, v, from_ap):
        return v / ((self.rAntiParallelOhm if from_ap else self.rParallelOhm) + self.rAccessOhm)

    def wer_i(self, i, t):
        prec = 1.0
        if i > 1:
            e = 2 * (i - 1) * t / self.tau_d_ns
            x = (math.pi * math.pi * self.delta / 4) * (i - 1) / (i * math.exp(min(e, 700.0)) - 1)
            prec = -math.expm1(-x)
        tau = self.tau0Ns * math.exp(self.delta * (1 - i) ** 2) if i < 1 else self.tau0Ns
        return prec * math.exp(-t / tau)

    def _critical_current(self):
        i_nom = self.current(self.nominalVoltageV, True)
        lo, hi = 1e-3, 100.0
        for _ in range(200):
            mid = math.sqrt(lo * hi)
            if self.wer_i(mid, self.nominalPulseNs) > self.nominalWER:
                lo = mid
            else:
                hi = mid
        return i_nom / math.sqrt(lo * hi)

    def wer(self, v, t):
        """(AP->P, P->AP) WER per switching bit."""
        return (self.wer_i(self.current(v, True) / self.ic0, t), self.wer_i(self.current(v, False) / self.ic0, t))

    def mean_wer(self, vs, ts):
        a, b = self.wer(self.nominalVoltageV * vs, self.nominalPulseNs * ts)
        return (a + b) / 2

    def cell_fj(self, v, t):
        g = 0.5 / (self.rParallelOhm + self.rAccessOhm) + 0.5 / (self.rAntiParallelOhm + self.rAccessOhm)
        return v * v * t * g * 1e6

    def write_fj(self, vs, ts):
        """Write energy per bit (periphery + cell), fJ, at voltage/pulse scales (ScratchpadTechnology.writeFJ)."""
        return self.periphery_fj + self.cell_fj(self.nominalVoltageV * vs, self.nominalPulseNs * ts)

    def cheapest(self, target):
        """(energy fJ/bit, voltage scale, pulse scale) of the cheapest write with mean WER <= target."""
        if target <= 0:
            return self.write_fj(1, 1), 1.0, 1.0
        best = None
        for vs in np.round(np.arange(0.40, 1.3001, 0.01), 2):
            for ts in np.round(np.arange(0.10, 2.0001, 0.02), 2):
                if self.mean_wer(vs, ts) <= target:
                    e = self.write_fj(vs, ts)
                    if best is None or e < best[0] - 1e-12:
                        best = (e, float(vs), float(ts))
                    break  # larger pulses at this voltage only cost more
        return best if best else (self.write_fj(1.3, 2.0), 1.3, 2.0)


def load_mtj():
    with open(PARAMS) as f:
        p = json.load(f)
    return MTJ(p["mtj"], p["sttPeripheryWriteFJPerBit"]), p


CHECKPOINTS = [(0.95, 5.0), (0.76, 3.0), (0.85, 2.0), (1.1, 4.0), (0.6, 8.0)]


def checkpoint_values(mtj):
    out = []
    for v, t in CHECKPOINTS:
        to_p, to_ap = mtj.wer(v, t)
        out.append({"voltageV": v, "pulseNs": t, "werToP": to_p, "werToAP": to_ap, "cellWriteFJ": mtj.cell_fj(v, t)})
    return out


def write_checkpoints():
    mtj, p = load_mtj()
    p["checkpoints"] = checkpoint_values(mtj)
    with open(PARAMS, "w") as f:
        json.dump(p, f, indent=2)
        f.write("\n")


# ----------------------------------------------------------------------------- data

SEGMENTS = {0: "abcdef", 1: "bc", 2: "abged", 3: "abgcd", 4: "fgbc", 5: "afgcd", 6: "afgedc", 7: "abc", 8: "abcdefg", 9: "abcdfg"}


def glyph(digit, rng):
    img = np.zeros((12, 12), np.float32)
    w = int(rng.integers(1, 3))
    x0, y0 = int(rng.integers(1, 4)), int(rng.integers(0, 2))
    W, H = 6, 5  # segment length
    segs = {"a": (y0, x0, 1, W), "g": (y0 + H, x0, 1, W), "d": (y0 + 2 * H, x0, 1, W),
            "f": (y0, x0, H, 1), "b": (y0, x0 + W - 1, H, 1), "e": (y0 + H, x0, H + 1, 1), "c": (y0 + H, x0 + W - 1, H + 1, 1)}
    for s in SEGMENTS[digit]:
        y, x, h, ww = segs[s]
        img[y:min(12, y + h + (w - 1 if h == 1 else 0)), x:min(12, x + ww + (w - 1 if ww == 1 else 0))] = 1
    img += rng.normal(0, 0.25, img.shape).astype(np.float32)
    return img


def dataset(n, seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 10, n)
    x = np.stack([glyph(int(d), rng) for d in y])[:, None, :, :]
    return x.astype(np.float32), y


# ----------------------------------------------------------------------------- bit flips

class Scratchpad:
    """The store hook: per-slot old contents, switching-bit failures, counts."""

    def __init__(self, wers, fmt, rng):
        self.wers, self.fmt, self.rng = wers, fmt, rng
        self.old = {}
        self.bits_switched = {c: 0 for c in CLASSES}
        self.bits_failed = {c: 0 for c in CLASSES}
        self.bits_written = {c: 0 for c in CLASSES}
        self.nonfinite = 0

    def encode(self, x, cls):
        if self.fmt == "fp32":
            return np.ascontiguousarray(x, dtype=np.float32).view(np.uint32).copy()
        q = np.clip(np.rint(x * (1 << FRAC_BITS[cls])), -32768, 32767).astype(np.int16)
        return q.view(np.uint16).copy()

    def decode(self, bits, cls, shape):
        if self.fmt == "fp32":
            return bits.view(np.float32).reshape(shape)
        return (bits.view(np.int16).astype(np.float32) / (1 << FRAC_BITS[cls])).reshape(shape)

    def store(self, key, x, cls):
        new = self.encode(x, cls).ravel()
        nbits = new.dtype.itemsize * 8
        old = self.old.get(key)
        if old is None or old.shape != new.shape:
            old = np.zeros_like(new)
        self.bits_written[cls] += new.size * nbits
        wer = self.wers.get(cls, 0.0)
        if wer > 0:
            diff = np.unpackbits((old ^ new).view(np.uint8))
            switching = np.flatnonzero(diff)
            self.bits_switched[cls] += switching.size
            k = int(self.rng.binomial(switching.size, min(wer, 1.0))) if switching.size else 0
            if k:
                fail = self.rng.choice(switching, size=k, replace=False)
                self.bits_failed[cls] += k
                flat = new.view(np.uint8).copy()
                byte, bit = fail // 8, 7 - (fail % 8)  # unpackbits is big-endian within a byte
                np.bitwise_xor.at(flat, byte, (1 << bit).astype(np.uint8))
                new = flat.view(new.dtype)
        self.old[key] = new
        out = self.decode(new, cls, x.shape)
        if self.fmt == "fp32":
            bad = ~np.isfinite(out)
            if bad.any():
                self.nonfinite += int(bad.sum())
                out = np.where(bad, 0.0, out).astype(np.float32)  # a NaN/Inf counted, then zeroed so training continues
        return out


# ----------------------------------------------------------------------------- model

def im2col(x):
    n, c, h, w = x.shape
    p = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    cols = np.stack([p[:, :, i:i + h, j:j + w] for i in range(3) for j in range(3)], axis=2)  # n,c,9,h,w
    return cols.reshape(n, c * 9, h * w)


def col2im(cols, shape):
    n, c, h, w = shape
    cols = cols.reshape(n, c, 9, h, w)
    p = np.zeros((n, c, h + 2, w + 2), np.float32)
    k = 0
    for i in range(3):
        for j in range(3):
            p[:, :, i:i + h, j:j + w] += cols[:, :, k]
            k += 1
    return p[:, :, 1:-1, 1:-1]


def forward(params, x):
    w1, b1, w2, b2 = params
    n = x.shape[0]
    cols = im2col(x)                                    # n, 9, 144
    z1 = np.einsum("ok,nkp->nop", w1.reshape(8, -1), cols) + b1[None, :, None]
    a1 = np.maximum(z1, 0).reshape(n, 8, 12, 12)
    r = a1.reshape(n, 8, 6, 2, 6, 2)
    p1 = r.max(axis=(3, 5))
    logits = p1.reshape(n, -1) @ w2.T + b2
    return cols, a1, p1, logits


def accuracy(params, x, y):
    return float((forward(params, x)[3].argmax(1) == y).mean())


def train(wers, fmt, seed, epochs, n_train, n_test, batch=50, lr=0.05, mom=0.9):
    xtr, ytr = dataset(n_train, 1000)
    xte, yte = dataset(n_test, 2000)
    rng = np.random.default_rng(seed)
    pad = Scratchpad(wers, fmt, np.random.default_rng(seed + 7919))
    w1 = (rng.normal(0, 1, (8, 1, 3, 3)) * math.sqrt(2 / 9)).astype(np.float32)
    b1 = np.zeros(8, np.float32)
    w2 = (rng.normal(0, 1, (10, 288)) * math.sqrt(1 / 288)).astype(np.float32)
    b2 = np.zeros(10, np.float32)
    params = [w1, b1, w2, b2]
    names = ["w1", "b1", "w2", "b2"]
    vel = [np.zeros_like(p) for p in params]
    for _ in range(epochs):
        order = rng.permutation(n_train)
        for s in range(0, n_train, batch):
            idx = order[s:s + batch]
            x = pad.store("x", xtr[idx], "activations")
            y = ytr[idx]
            n = x.shape[0]
            cols, a1, p1, logits = forward(params, x)
            a1 = pad.store("a1", a1, "activations")           # saved for backward
            p1 = pad.store("p1", p1, "activations")
            e = np.exp(logits - logits.max(1, keepdims=True))
            prob = e / e.sum(1, keepdims=True)
            dlog = prob.copy()
            dlog[np.arange(n), y] -= 1
            dlog = pad.store("dlog", dlog / n, "errors")
            dw2 = dlog.T @ p1.reshape(n, -1)
            db2 = dlog.sum(0)
            dp1 = pad.store("dp1", (dlog @ params[2]).reshape(p1.shape), "errors")
            r = a1.reshape(n, 8, 6, 2, 6, 2)
            mask = (r == p1[:, :, :, None, :, None])
            da1 = (mask * dp1[:, :, :, None, :, None]).reshape(a1.shape) * (a1 > 0)
            da1 = pad.store("da1", da1.astype(np.float32), "errors")
            dz = da1.reshape(n, 8, -1)
            dw1 = np.einsum("nop,nkp->ok", dz, cols).reshape(8, 1, 3, 3)
            db1 = dz.sum(axis=(0, 2))
            grads = [dw1, db1, dw2, db2]
            for i in range(4):
                g = pad.store("g" + names[i], grads[i].astype(np.float32), "gradients")
                vel[i] = pad.store("v" + names[i], (mom * vel[i] - lr * g).astype(np.float32), "gradients")
                params[i] = pad.store(names[i], (params[i] + vel[i]).astype(np.float32), "weights")
    return accuracy(params, xte, yte), pad


# ----------------------------------------------------------------------------- sweep

def one_run(task):
    fmt, assignment, _, _, seed, epochs, n_train, n_test = task
    acc, pad = train(assignment, fmt, seed, epochs, n_train, n_test)
    return acc, pad.nonfinite, sum(pad.bits_switched.values()), sum(pad.bits_failed.values())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="results/sttmram", help="output directory")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--train", type=int, default=1500)
    ap.add_argument("--test", type=int, default=1000)
    ap.add_argument("--formats", default="fixed16,fp32")
    ap.add_argument("--wers", default="1e-6,1e-5,1e-4,1e-3,1e-2")
    ap.add_argument("--class-bits", default="", help="bits written per class (comma list in CLASSES order), e.g. from the simulator; weights the energy of an assignment")
    ap.add_argument("--smoke", action="store_true", help="tiny run for tests: 1 epoch, 2 WERs, 1 seed, one format")
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument("--jobs", type=int, default=2, help="training runs at once (output identical for any value)")
    ap.add_argument("--write-checkpoints", action="store_true", help="write the Swift/Python consistency checkpoints into sttmram_params.json and exit")
    a = ap.parse_args(argv)
    if a.write_checkpoints:
        write_checkpoints()
        return 0
    if a.smoke:
        a.seeds, a.epochs, a.train, a.test, a.wers, a.formats = 1, 1, 200, 100, "1e-4,1e-2", "fixed16"
    wers = [float(w) for w in a.wers.split(",")]
    formats = a.formats.split(",")
    for f in formats:
        if f not in ("fp32", "fixed16"):
            sys.exit(f"error: --formats: unknown format '{f}'; use fp32 and/or fixed16")
    share = [1.0] * 4
    if a.class_bits:
        share = [float(s) for s in a.class_bits.split(",")]
        if len(share) != 4 or sum(share) <= 0:
            sys.exit("error: --class-bits needs 4 non-negative numbers (activations,weights,errors,gradients)")
    share = [s / sum(share) for s in share]
    mtj, _ = load_mtj()
    nominal = mtj.write_fj(1, 1)
    energy = {w: mtj.cheapest(w) for w in [0.0] + wers}
    os.makedirs(a.out, exist_ok=True)
    rows = []

    def tasks(fmt, assignment, label, cls):
        return [(fmt, assignment, label, cls, seed, a.epochs, a.train, a.test) for seed in range(a.seeds)]

    def run_all(ts):
        if a.jobs > 1 and len(ts) > 1:
            import multiprocessing as mp
            with mp.get_context("fork").Pool(a.jobs) as pool:
                results = pool.map(one_run, ts)
        else:
            results = [one_run(t) for t in ts]
        for (fmt, assignment, label, cls, seed, *_), (acc, nonfinite, switched, failed) in zip(ts, results):
            if label == "single":  # the class's own write energy per bit
                e = energy[max(assignment.values())][0]
            else:  # an assignment: per-bit energy weighted by each class's share of the bits written
                e = sum(share[i] * (energy[assignment[c]][0] if assignment.get(c, 0.0) > 0 else nominal) for i, c in enumerate(CLASSES))
            rows.append([fmt, label, cls, "%.0e" % max(assignment.values(), default=0.0), seed, "%.4f" % acc, nonfinite,
                         switched, failed, "%.3f" % e, "%.4f" % (e / nominal)])

    ts = []
    for fmt in formats:
        ts += tasks(fmt, {}, "baseline", "none")
        for c in CLASSES:
            for w in wers:
                ts += tasks(fmt, {c: w}, "single", c)
    run_all(ts)
    header = ["format", "assignment", "class", "wer", "seed", "accuracy", "nonfinite_values", "bits_switched", "bits_failed",
              "write_fJ_per_bit", "write_energy_vs_nominal"]
    # Tolerance per class: the largest WER whose mean accuracy is within 1 point of the baseline.
    summary, tolerated = summarize(rows, formats, wers)
    ts = []
    for fmt in formats:
        het = {c: tolerated[(fmt, c)] for c in CLASSES}
        ts += tasks(fmt, {c: w for c, w in het.items() if w > 0}, "heterogeneous", "+".join(f"{c}={het[c]:.0e}" for c in CLASSES))
        lo = min(het.values())
        if lo > 0:
            ts += tasks(fmt, {c: lo for c in CLASSES}, "uniform-min", "all=%.0e" % lo)
    run_all(ts)
    summary, _ = summarize(rows, formats, wers)
    with open(os.path.join(a.out, "accuracy_runs.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    with open(os.path.join(a.out, "accuracy_summary.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["format", "assignment", "class", "wer", "runs", "accuracy_mean", "accuracy_ci95", "write_energy_vs_nominal", "voltage_scale", "pulse_scale", "tolerated_wer"])
        for r in summary:
            w.writerow(r)
    with open(os.path.join(a.out, "wer_energy.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["wer_target", "write_fJ_per_bit", "voltage_scale", "pulse_scale", "mean_wer_achieved", "energy_vs_nominal"])
        for t in sorted(energy):
            e, vs, ts = energy[t]
            w.writerow(["%.0e" % t, "%.3f" % e, "%.2f" % vs, "%.2f" % ts, "%.3e" % mtj.mean_wer(vs, ts), "%.4f" % (e / nominal)])
    if not a.no_plot:
        plot(summary, formats, os.path.join(a.out, "accuracy_vs_write_energy.png"))
    return 0


def summarize(rows, formats, wers):
    groups = {}
    for r in rows:
        groups.setdefault((r[0], r[1], r[2], r[3]), []).append(r)
    base = {fmt: np.mean([float(r[5]) for r in groups.get((fmt, "baseline", "none", "0e+00"), [])] or [0]) for fmt in formats}
    tolerated = {}
    for fmt in formats:
        for c in CLASSES:
            ok = 0.0
            for w in wers:
                g = groups.get((fmt, "single", c, "%.0e" % w))
                if g and np.mean([float(r[5]) for r in g]) >= base[fmt] - 0.01:
                    ok = w
                else:
                    break
            tolerated[(fmt, c)] = ok
    out = []
    for key, g in groups.items():
        acc = np.array([float(r[5]) for r in g])
        ci = 1.96 * acc.std(ddof=1) / math.sqrt(len(acc)) if len(acc) > 1 else 0.0
        fmt, assignment, cls, wer = key
        tol = "%.0e" % tolerated[(fmt, cls)] if (fmt, cls) in tolerated else ""
        e = g[0][10]
        vs = ts = ""
        if assignment == "single":
            _, vs, ts = load_mtj()[0].cheapest(float(wer))
            vs, ts = "%.2f" % vs, "%.2f" % ts
        out.append([fmt, assignment, cls, wer, len(g), "%.4f" % acc.mean(), "%.4f" % ci, e, vs, ts, tol])
    return out, tolerated


def plot(summary, formats, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(formats), figsize=(6 * len(formats), 4.2), squeeze=False)
    for ax, fmt in zip(axes[0], formats):
        base = [r for r in summary if r[0] == fmt and r[1] == "baseline"]
        for c in CLASSES:
            pts = sorted((float(r[7]), float(r[5]), float(r[6])) for r in summary if r[0] == fmt and r[1] == "single" and r[2] == c)
            if base:
                pts.append((1.0, float(base[0][5]), float(base[0][6])))
            pts.sort()
            ax.errorbar([p[0] for p in pts], [p[1] for p in pts], yerr=[p[2] for p in pts], marker="o", capsize=3, label=c)
        for r in summary:
            if r[0] == fmt and r[1] in ("heterogeneous", "uniform-min"):
                ax.plot(float(r[7]), float(r[5]), marker="*" if r[1] == "heterogeneous" else "s", markersize=12, linestyle="none",
                        label=r[1])
        ax.set_xlabel("write energy per bit, relative to the nominal write (WER 1e-9)")
        ax.set_ylabel("test accuracy")
        ax.set_title(f"{fmt}: accuracy vs write energy per tensor class")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)


if __name__ == "__main__":
    sys.exit(main())
