"""scripts/compare_runs.py: errors against the reference and the interval check."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_runs  # noqa: E402

HEAD = "config,layer,phase,time_ns,energy_total_pJ,mem_read_bytes,mem_write_bytes,stall_ns,time_ns_ci95,energy_total_pJ_ci95,algorithm\n"


def write(d, name, rows):
    p = os.path.join(d, name)
    with open(p, "w") as f:
        f.write(HEAD + "".join(rows))
    return p


class CompareRunsTests(unittest.TestCase):
    def test_errors_and_intervals(self):
        with tempfile.TemporaryDirectory() as d:
            ref = write(d, "ref.csv", ["dram,conv1,forward,100,10,5,5,0,,,winogradFused4x4\n",
                                       "dram,TOTAL,all,1000000,2000000000,100,50,250000,,,\n"])
            run = write(d, "run.csv", ["dram,conv1,forward,100,10,5,5,0,,,implicitGemm\n",
                                       "dram,TOTAL,all,1010000,1980000000,110,50,250000,5000,30000000,\n"])
            rows = compare_runs.compare([ref, run])
            self.assertEqual(rows[1][2], "+1.00 %")
            self.assertEqual(rows[1][3], "no")        # 10,000 ns off, ± 5,000
            self.assertEqual(rows[1][5], "-1.00 %")
            self.assertEqual(rows[1][6], "yes")       # 20 mJ·1e-3 off, ± 30
            self.assertEqual(rows[1][7], "+10.00 %")
            self.assertEqual(rows[1][10], "1")        # conv1 chose another algorithm

    def test_two_configurations_are_refused(self):
        with tempfile.TemporaryDirectory() as d:
            p = write(d, "two.csv", ["dram,TOTAL,all,1,1,1,1,0,,,\n", "mlc,TOTAL,all,1,1,1,1,0,,,\n"])
            with self.assertRaises(SystemExit):
                compare_runs.compare([p, p])


if __name__ == "__main__":
    unittest.main()
