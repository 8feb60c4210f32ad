"""Quick checks of scripts/neurotrainer.py's arithmetic on hand-made rows (no simulator run)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import neurotrainer as nt  # noqa: E402


def r(layer, phase, ns, macs, dram=0.0, logic=0.0):
    return {"layer": layer, "phase": phase, "time_ns": str(ns), "macs": str(macs), "energy_total_pJ": str(dram),
            "dram_background_pJ": "0", "logic_energy_pJ": str(logic), "dram_flat_energy_pJ": "0",
            "mem_read_bytes": "0", "mem_write_bytes": "0"}


class DerivedTests(unittest.TestCase):
    def test_tops_ms_and_efficiency(self):
        rows = [r("a", "forward", 1e6, 1e9, dram=1e9, logic=1e9), r("a", "update", 1e6, 0),
                r("TOTAL", "all", 9e9, 9e9)]
        fw = nt.derived(nt.sums(rows, nt.is_forward), batch=2)
        self.assertAlmostEqual(fw["ms"], 0.5)             # 1 ms for 2 images
        self.assertAlmostEqual(fw["tops"], 2.0)           # 2e9 ops in 1 ms
        self.assertAlmostEqual(fw["power"], 2.0)          # 2 mJ in 1 ms
        self.assertAlmostEqual(fw["gflops_w"], 1000.0)    # 2e9 ops / 2e-3 J
        tr = nt.derived(nt.sums(rows, nt.is_training), batch=2)
        self.assertAlmostEqual(tr["ms"], 0.5)             # the update row is not training

    def test_row_lookup(self):
        rows = [r("fc8", "backward_data", 1, 1)]
        self.assertIs(nt.row(rows, "fc8", "backward_data"), rows[0])
        self.assertIsNone(nt.row(rows, "fc8", "forward"))


if __name__ == "__main__":
    unittest.main()
