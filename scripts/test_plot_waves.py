"""Tests of scripts/plot_waves.py on hand-made wave logs (skipped without matplotlib)."""
import csv
import importlib.util
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "plot_waves.py"
HEADER = ["config", "op", "layer", "phase", "ctas", "wave", "time_ns", "wave_ns", "completed_ctas", "next_cta",
          "skipped_ctas", "line_reads", "line_writes", "fill_bursts", "writeback_bursts", "l2_read_hits",
          "l2_read_misses", "memory_energy_pJ", "compute_busy_ns"]


def log(path, ops):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=HEADER)
        w.writeheader()
        for op in ops:
            for i in range(1, 4):
                w.writerow({**{k: "0" for k in HEADER}, "config": "dram", "op": op, "wave": str(i),
                            "wave_ns": str(1000.0 * i), "completed_ctas": str(10 * i), "fill_bursts": str(100 * i)})


@unittest.skipIf(importlib.util.find_spec("matplotlib") is None, "matplotlib not installed")
class PlotWavesTests(unittest.TestCase):
    def run_script(self, *args):
        return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True)

    def test_an_exact_name_wins_over_substrings_and_the_figure_is_reproducible(self):
        with tempfile.TemporaryDirectory() as d:
            a = os.path.join(d, "a.csv")
            log(a, ["k/forward", "k/forward/filter"])
            out = os.path.join(d, "fig")
            r = self.run_script("--op", "k/forward", "--out", out, f"full={a}", f"again={a}")
            self.assertEqual(r.returncode, 0, r.stderr)
            first = Path(out + ".svg").read_bytes()
            self.assertTrue(Path(out + ".png").stat().st_size > 0)
            self.assertEqual(self.run_script("--op", "k/forward", "--out", out, f"full={a}", f"again={a}").returncode, 0)
            self.assertEqual(Path(out + ".svg").read_bytes(), first)

    def test_an_ambiguous_or_missing_op_and_a_bad_spec_are_refused(self):
        with tempfile.TemporaryDirectory() as d:
            a = os.path.join(d, "a.csv")
            log(a, ["k/forward/x", "k/forward/y"])
            out = os.path.join(d, "fig")
            r = self.run_script("--op", "k/forward", "--out", out, f"l={a}")
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("matches several ops", r.stderr)
            r = self.run_script("--op", "nothing", "--out", out, f"l={a}")
            self.assertIn("no op matching 'nothing'", r.stderr)
            r = self.run_script("--op", "k", "--out", out, a)
            self.assertIn("LABEL=FILE.csv", r.stderr)
            self.assertFalse(os.path.exists(out + ".png"))


if __name__ == "__main__":
    unittest.main()
