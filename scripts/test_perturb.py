"""Tests of scripts/perturb.py's parsing, spread and verdicts, and of its report on hand-made
CSVs (standard library only; no simulator)."""
import csv
import os
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
import perturb  # noqa: E402


def run(detail, perturbation, t, e, reads=1000.0):
    return {"detail": detail, "perturbation": perturbation, "time_ns": str(t), "time_ns_ci95": "",
            "energy_total_pJ": str(e), "energy_total_pJ_ci95": "", "mem_read_bytes": str(reads),
            "mem_write_bytes": "10", "stall_ns": "1"}


class ParseTests(unittest.TestCase):
    def test_each_value_is_one_run_in_order(self):
        self.assertEqual(perturb.parse_perturbations(["a.b=1,2", "c=3ns"]), [("a.b", "1"), ("a.b", "2"), ("c", "3ns")])

    def test_a_malformed_spec_is_refused_by_name(self):
        for bad in ("a.b", "=1", "a=", "a=1,,2"):
            with self.assertRaises(ValueError) as e:
                perturb.parse_perturbations([bad])
            self.assertIn(bad, str(e.exception))

    def test_tags_are_file_names(self):
        self.assertEqual(perturb.tag("", ""), "none")
        self.assertEqual(perturb.tag("memory.device.timing.tREFI", "1901ns"), "memory.device.timing.tREFI_1901ns")
        self.assertNotIn("/", perturb.tag("a/b", "c d"))


class SpreadTests(unittest.TestCase):
    def setUp(self):
        self.rows = [run("full", "none", 100, 10), run("full", "k=1", 140, 20), run("full", "k=2", 120, 15),
                     run("sampled", "none", 95, 12), run("sampled", "k=1", 96, 12)]

    def test_range_is_max_minus_min_over_mean(self):
        s = perturb.spread(self.rows, "full", "time_ns")
        self.assertEqual((s["n"], s["min"], s["max"]), (3, 100, 140))
        self.assertAlmostEqual(s["range"], 40 / 120)

    def test_the_sampled_run_is_judged_against_the_full_runs(self):
        t = perturb.verdicts(self.rows, "time_ns")
        self.assertAlmostEqual(t["err_vs_base"], 95 / 100 - 1)
        self.assertAlmostEqual(t["err_vs_mean"], 95 / 120 - 1)
        self.assertFalse(t["inside"])               # 95 < 100
        e = perturb.verdicts(self.rows, "energy_total_pJ")
        self.assertTrue(e["inside"])                # 10 ≤ 12 ≤ 20

    def test_no_verdict_without_both_unperturbed_runs(self):
        self.assertEqual(perturb.verdicts([r for r in self.rows if r["detail"] == "full"], "time_ns"), {})


class ReportTests(unittest.TestCase):
    def test_report_reads_the_total_rows_and_writes_both_files(self):
        with tempfile.TemporaryDirectory() as d:
            out = Path(d)
            (out / "x").mkdir()
            (out / "x" / "command.txt").write_text("--kernel gemm:M=8,N=8,K=8\n")
            for name, t in (("full_none", 100e6), ("full_k_1", 130e6), ("sampled_none", 110e6)):
                with open(out / "x" / f"{name}.csv", "w", newline="") as f:
                    w = csv.DictWriter(f, fieldnames=["layer", "phase"] + perturb.FIELDS)
                    w.writeheader()
                    w.writerow({"layer": "gemm", "phase": "forward", "time_ns": "1", "energy_total_pJ": "1"})
                    w.writerow({"layer": "TOTAL", "phase": "", "time_ns": str(int(t)), "energy_total_pJ": "5e9",
                                "mem_read_bytes": "2e6", "stall_ns": "10"})
            perturb.report(out, "x", [("full", "", ""), ("full", "k", "1"), ("sampled", "", ""), ("sampled", "k", "1")])
            with open(out / "x.csv") as f:
                rows = list(csv.DictReader(f))
            self.assertEqual([(r["detail"], r["perturbation"], r["time_ns"]) for r in rows],
                             [("full", "none", "100000000"), ("full", "k=1", "130000000"), ("sampled", "none", "110000000")])
            md = (out / "x.md").read_text()
            self.assertIn("--kernel gemm:M=8,N=8,K=8", md)
            self.assertIn("| time ms | 100.000 … 130.000 | 26.1 % |", md)    # (130 − 100) ÷ 115
            self.assertIn("| +10.00 % | -4.35 % | yes |", md)           # 110 against 100 and the mean 115


if __name__ == "__main__":
    unittest.main()
