"""Quick checks of scripts/stt_accuracy.py (skipped without numpy/matplotlib): byte-reproducible
for a seed, and the MTJ formulas agree with the checkpoints shared with the Swift model."""
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))

try:
    import numpy  # noqa: F401
    import matplotlib  # noqa: F401
    HAVE = True
except ImportError:
    HAVE = False


@unittest.skipUnless(HAVE, "numpy/matplotlib not installed")
class STTAccuracyTests(unittest.TestCase):
    def run_smoke(self, out):
        subprocess.run([sys.executable, os.path.join(HERE, "stt_accuracy.py"), "--smoke", "--no-plot", "--jobs", "1", "--out", out],
                       check=True, capture_output=True)

    def test_byte_reproducible_for_a_seed(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a"), os.path.join(d, "b")
            self.run_smoke(a)
            self.run_smoke(b)
            for name in ("accuracy_runs.csv", "accuracy_summary.csv", "wer_energy.csv"):
                self.assertTrue(filecmp.cmp(os.path.join(a, name), os.path.join(b, name), shallow=False), name)
            with open(os.path.join(a, "accuracy_runs.csv")) as f:
                self.assertGreater(len(f.read().splitlines()), 5)

    def test_checkpoints_match_the_shared_parameters(self):
        sys.path.insert(0, HERE)
        import stt_accuracy
        mtj, params = stt_accuracy.load_mtj()
        self.assertTrue(params["checkpoints"], "run stt_accuracy.py --write-checkpoints")
        for c, mine in zip(params["checkpoints"], stt_accuracy.checkpoint_values(mtj)):
            for k in ("werToP", "werToAP", "cellWriteFJ"):
                self.assertAlmostEqual(c[k] / mine[k], 1.0, places=9)

    def test_lower_wer_costs_more_energy(self):
        sys.path.insert(0, HERE)
        import stt_accuracy
        mtj, _ = stt_accuracy.load_mtj()
        energies = [mtj.cheapest(w)[0] for w in (1e-2, 1e-4, 1e-6, 1e-9)]
        self.assertEqual(energies, sorted(energies))


if __name__ == "__main__":
    unittest.main()
