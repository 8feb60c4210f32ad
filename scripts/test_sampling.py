"""Tests of scripts/sampling.py's comparison and of claims.py's within-error verdicts, on
hand-made CSV rows (standard library only)."""
import os
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
import claims  # noqa: E402
import sampling  # noqa: E402

COLS = ["config", "layer", "phase", "time_ns", "time_ns_ci95", "energy_total_pJ", "energy_total_pJ_ci95",
        "mem_read_bytes", "mem_write_bytes", "avg_read_latency_ns", "avg_write_latency_ns", "stall_ns",
        "simulated_fraction", "algorithm"]


def row(layer, phase, t, e, ci_t="", ci_e="", algo="", reads=1000, sim="1.0"):
    return {"config": "dram", "layer": layer, "phase": phase, "time_ns": str(t), "time_ns_ci95": str(ci_t),
            "energy_total_pJ": str(e), "energy_total_pJ_ci95": str(ci_e), "mem_read_bytes": str(reads),
            "mem_write_bytes": "500", "avg_read_latency_ns": "400", "avg_write_latency_ns": "600",
            "stall_ns": str(t / 10), "simulated_fraction": sim, "algorithm": algo}


class CompareTests(unittest.TestCase):
    def setUp(self):
        self.full = [row("conv", "forward", 100.0, 1000.0, algo="winogradFused4x4"),
                     row("relu", "forward", 50.0, 500.0),
                     row("TOTAL", "", 150.0, 1500.0)]
        self.samp = [row("conv", "forward", 110.0, 1400.0, 4.0, 10.0, algo="winogradFused2x2", sim="0.3"),
                     row("relu", "forward", 49.0, 505.0, 2.0, 20.0, sim="0.1"),
                     row("TOTAL", "", 159.0, 1905.0, 4.5, 22.4)]

    def test_total_errors_and_intervals(self):
        c = sampling.compare(self.full, self.samp)
        self.assertAlmostEqual(c["time_err"], 159 / 150 - 1)
        self.assertAlmostEqual(c["energy_err"], 1905 / 1500 - 1)
        self.assertFalse(c["time_inside"])          # |159 − 150| = 9 > 4.5
        self.assertFalse(c["energy_inside"])

    def test_rows_outside_their_interval_and_distribution_distance(self):
        c = sampling.compare(self.full, self.samp)
        self.assertEqual(c["rows"], 2)
        self.assertEqual(c["rows_outside"], 1)        # conv: |10| > 4; relu: |1| ≤ 2
        tv = (abs(110 / 159 - 100 / 150) + abs(49 / 159 - 50 / 150)) / 2
        self.assertAlmostEqual(c["tv"], tv)
        self.assertEqual(c["row_max"][2], "conv/forward")

    def test_same_algorithm_rows_exclude_the_different_choice(self):
        c = sampling.compare(self.full, self.samp)
        self.assertEqual(c["algo_diff"], 1)
        self.assertAlmostEqual(c["same_time_err"], 49 / 50 - 1)      # only relu: same (empty) algorithm
        self.assertAlmostEqual(c["same_energy_err"], 505 / 500 - 1)

    def test_report_lists_each_run_and_keeps_the_notes(self):
        with tempfile.TemporaryDirectory() as d:
            out = Path(d) / "sampling"
            out.mkdir()
            for name, rows in (("alexnet_b128_dram_full", self.full), ("alexnet_b128_dram_default", self.samp)):
                with open(out / f"{name}.csv", "w") as f:
                    f.write(",".join(COLS) + "\n")
                    for r in rows:
                        f.write(",".join(r[k] for k in COLS) + "\n")
            md = Path(d) / "SAMPLING.md"
            md.write_text("x\n<!-- notes:begin -->\nkept prose\n<!-- notes:end -->\n")
            sampling.report(out, md, [("alexnet", 128)], ["dram"], ["default"])
            text = md.read_text()
            self.assertIn("kept prose", text)
            self.assertIn("| alexnet b128 | dram | default | 0.00 | 0.00 ± 0.00 | +6.00 % | **no** |", text)
            self.assertIn("alexnet b128 dram default **no**", text)


class WithinErrorTests(unittest.TestCase):
    def test_overlapping_intervals_are_within_error(self):
        d = {"time_ns": "100", "time_ns_ci95": "2"}
        self.assertEqual(claims.versus({"time_ns": "103", "time_ns_ci95": "1.5"}, d, "time_ns"), "within error")
        self.assertEqual(claims.versus({"time_ns": "104", "time_ns_ci95": "1.5"}, d, "time_ns"), "distinct")
        self.assertEqual(claims.versus(d, d, "time_ns"), "")

    def test_full_detail_rows_have_zero_width_and_old_csvs_say_na(self):
        d = {"time_ns": "100", "time_ns_ci95": ""}
        self.assertEqual(claims.versus({"time_ns": "100", "time_ns_ci95": ""}, d, "time_ns"), "within error")
        self.assertEqual(claims.versus({"time_ns": "101", "time_ns_ci95": ""}, d, "time_ns"), "distinct")
        self.assertEqual(claims.versus({"time_ns": "101"}, {"time_ns": "100"}, "time_ns"), "n/a")
        self.assertEqual(claims.ci({"time_ns": "1"}, "time_ns_ci95", 1e6), "n/a")


if __name__ == "__main__":
    unittest.main()
