"""Checks scripts/real_activations.py on a small stand-in weights file of HED's HDF5 layout
(no 55 MB download): the conv1_1 map it writes equals a direct numpy convolution of the same
weights and image, and the backward pass gives consistent gradients. Skips cleanly when the
optional dependencies (numpy, h5py) are absent."""
import importlib.util
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
HAVE = all(importlib.util.find_spec(m) is not None for m in ("numpy", "h5py"))


@unittest.skipUnless(HAVE, "numpy and h5py not installed (optional: scripts/requirements-real.txt)")
class RealActivationsTest(unittest.TestCase):
    def setUp(self):
        import numpy as np
        import h5py
        import real_activations as ra
        self.np, self.h5py, self.ra = np, h5py, ra
        self.dir = tempfile.mkdtemp()
        rng = np.random.default_rng(4)
        chans = {1: 4, 2: 5, 3: 6, 4: 6, 5: 7}
        self.weights = os.path.join(self.dir, "standin.weights.h5")
        cin = 3
        with h5py.File(self.weights, "w") as f:
            for blob, block, i in ra.CONVS:
                name = "conv2d" if i == 0 else f"conv2d_{i}"
                cout = chans[block]
                f[f"block{block}/layers/{name}/vars/0"] = (rng.standard_normal((3, 3, cin, cout)) * 0.3).astype("float32")
                f[f"block{block}/layers/{name}/vars/1"] = (rng.standard_normal(cout) * 0.1).astype("float32")
                cin = cout
        self.x = rng.standard_normal((2, 32, 32, 3)).astype("float32") * 50
        self.out = os.path.join(self.dir, "acts")
        self.rows = ra.run(self.weights, [], 2, 1, self.out, np, h5py, log=lambda *_: None, x=self.x)

    def test_conv1_1_matches_a_direct_convolution(self):
        np = self.np
        with self.h5py.File(self.weights) as f:
            w = f["block1/layers/conv2d/vars/0"][()]
            b = f["block1/layers/conv2d/vars/1"][()]
        n, h, wd, _ = self.x.shape
        p = np.pad(self.x.astype("float64"), ((0, 0), (1, 1), (1, 1), (0, 0)))
        ref = np.zeros((n, w.shape[3], h, wd))
        for o in range(w.shape[3]):
            for y in range(h):
                for xx in range(wd):
                    ref[:, o, y, xx] = (p[:, y:y + 3, xx:xx + 3, :] * w[:, :, :, o]).sum(axis=(1, 2, 3)) + b[o]
        ref = np.maximum(ref, 0)
        got = np.load(os.path.join(self.out, "conv1_1.npy"))
        self.assertEqual(got.shape, (2, 4, 32, 32))
        self.assertEqual(got.dtype, np.dtype("<f4"))
        np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-3)
        self.assertGreater((got == 0).mean(), 0.05)   # the ReLU zeroed something

    def test_every_vgg16_blob_and_diff_written_fc_labelled_synthetic(self):
        names = {r["blob"]: r for r in self.rows}
        for blob, _, _ in self.ra.CONVS:
            self.assertIn(blob, names)
            self.assertIn(blob + ".diff", names)
            self.assertEqual(names[blob]["kind"], "real")
        for p in ("pool1", "pool2", "pool3", "pool4", "pool5", "data"):
            self.assertIn(p, names)
        for fc in ("fc6", "fc7", "fc8", "fc6.diff"):
            self.assertTrue(names[fc]["kind"].startswith("synthetic"), fc)
        self.assertTrue(os.path.exists(os.path.join(self.out, "stats.csv")))

    def test_backward_gradients_are_adjoint_and_relu_masked(self):
        np = self.np
        a = np.load(os.path.join(self.out, "conv1_2.npy"))
        g = np.load(os.path.join(self.out, "conv1_2.diff.npy"))
        self.assertTrue(np.all(g[a == 0] == 0))          # ReLU backward: no gradient where inactive
        self.assertGreater(np.abs(g).sum(), 0)
        # conv3x3_backward_data is the adjoint of conv3x3: <conv(x), y> == <x, conv^T(y)>.
        rng = np.random.default_rng(2)
        x = rng.standard_normal((1, 6, 5, 3)).astype("float64")
        w = rng.standard_normal((3, 3, 3, 4)).astype("float64")
        y = rng.standard_normal((1, 6, 5, 4)).astype("float64")
        lhs = (self.ra.conv3x3(x, w, 0, np) * y).sum()
        rhs = (x * self.ra.conv3x3_backward_data(y, w, np)).sum()
        self.assertLess(abs(lhs - rhs), 1e-5 * abs(lhs))   # float32 accumulation inside conv3x3

    def test_statistics_of_known_words(self):
        np = self.np
        a = np.zeros(64, dtype="float32")
        a[0] = 1.0
        s = self.ra.stats(a, np)
        self.assertAlmostEqual(s["zero_fraction"], 63 / 64)
        # One non-zero 32-bit block, 63 zeros: entries = 1 + fillers (none: the trailing run is free).
        self.assertAlmostEqual(s["sparsecode_32"], 36 / (32 * 64))
        # Identical neighbours are 100 % similar except the pair holding 1.0 (7 bits set in 0x3f800000).
        self.assertAlmostEqual(s["similarity_32"], 1 - 7 / (32 * 32))


if __name__ == "__main__":
    unittest.main()
