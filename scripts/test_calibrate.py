"""scripts/calibrate.py: step 2's fit takes the even-positioned DeepBench rows only."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import calibrate  # noqa: E402


def row(kind, pos, ratio, phase="forward", algorithm="implicitGemm", shape="same"):
    return dict(kind=kind, row=pos, phase=phase, algorithm=algorithm, shape=shape, simulated=ratio, measured=1.0)


class FitTests(unittest.TestCase):
    def test_odd_rows_stay_out_even_with_an_even_rows_shape(self):
        # Same shape at rows 0, 1 and 2; the odd row (held out) must not move the median.
        results = [row("gemm", 0, 0.8), row("gemm", 2, 0.9), row("gemm", 1, 5.0), row("gemm", 3, 5.0), row("gemm", 5, 5.0)]
        lines = calibrate.fit(results)
        gemm = [l for l in lines if l.startswith("gpu.gemm.efficiency ")]
        self.assertEqual(len(gemm), 1)
        self.assertIn("× 0.850 = 0.77", gemm[0])     # median of 0.8 and 0.9, times 0.91
        self.assertIn("(2 training rows)", gemm[0])

    def test_classes_by_phase_and_algorithm(self):
        results = [row("conv", 0, 0.5, "forward"), row("conv", 0, 2.0, "forward", "winogradFused4x4"),
                   row("conv", 2, 0.6, "backward_weight", "implicitGemm"), row("conv", 4, 1.0, "backward_data")]
        lines = {l.split(" = ")[0]: l for l in calibrate.fit(results)}
        self.assertIn("× 0.500 = 0.46", lines["gpu.gemm.forwardConvolutionEfficiency"])
        self.assertIn("× 2.000 = 0.98", lines["gpu.gemm.winogradEfficiency"])
        self.assertIn("× 0.600 = 0.55", lines["gpu.gemm.backwardWeightConvolutionEfficiency"])
        self.assertIn("× 1.000 = 0.91", lines["gpu.gemm.backwardDataConvolutionEfficiency"])
        self.assertNotIn("gpu.gemm.efficiency", lines)   # no GEMM rows: no line

    def test_backward_weight_split_by_shape_is_reported_not_used(self):
        s3 = "W=14 H=14 C=512 N=8 K=512 R=3 S=3 pad=1/1 stride=1/1"
        s1 = "W=7 H=7 C=2048 N=16 K=512 R=1 S=1 pad=0/0 stride=1/1"
        results = [row("conv", 0, 1.0, "backward_weight", shape=s3), row("conv", 2, 0.5, "backward_weight", shape=s1),
                   row("conv", 4, 0.4, "backward_weight", shape=s1), row("conv", 1, 9.0, "backward_weight", shape=s3)]
        lines = {l.split(" = ")[0]: l for l in calibrate.fit(results)}
        self.assertIn("× 0.500 = 0.46  (3 training rows)", lines["gpu.gemm.backwardWeightConvolutionEfficiency"])
        three = [l for k, l in lines.items() if "3×3 stride-1" in k]
        other = [l for k, l in lines.items() if "other rows" in k]
        self.assertEqual(len(three), 1)
        self.assertIn("× 1.000 = 0.91  (1 training rows)", three[0])   # the odd row (9.0) stays out
        self.assertIn("× 0.450 = 0.41  (2 training rows)", other[0])

    def test_positions_follow_the_file(self):
        rows = calibrate.read("gtx1080ti_conv_fp32.csv")
        self.assertEqual([r["_row"] for r in rows[:3]], [0, 1, 2])
        jobs = calibrate.conv_jobs(calibrate.half_of(rows, "odd"))
        self.assertTrue(jobs and all(j["row"] % 2 == 1 for j in jobs))


if __name__ == "__main__":
    unittest.main()
