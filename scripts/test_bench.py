"""scripts/bench.sh: the RUNS summary, the instruction counts and the refusals, against a
stand-in simulator (and a stand-in valgrind) so that nothing is built or simulated."""
import os
import stat
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(HERE, "bench.sh")

# Prints the summary lines bench.sh reads; the n-th call takes the n-th line of $FAKE_TIMES as
# its simulation-loop seconds.
FAKE_SIM = """#!/usr/bin/env bash
n=$(( $(cat "$FAKE_COUNTER" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$FAKE_COUNTER"
secs=$(sed -n "${n}p" "$FAKE_TIMES")
echo "  iteration time    1.00 ms (1 layer-phase rows, 0 kernels sampled; 100.0% of CTAs simulated)"
echo "  simulated         1,000,000 requests, 4,000,000 events in ${secs} s: 9.99 Mrequests/s, 9.99 Mevents/s"
"""

# Drops --tool and --callgrind-out-file, runs the rest, and reports a fixed instruction count.
FAKE_VALGRIND = """#!/usr/bin/env bash
shift 2
"$@"
echo "==1== I   refs:      2,500,000,000" >&2
"""


def executable(path, text):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


class BenchTests(unittest.TestCase):
    def run_bench(self, args, times=(), runs=None, bin_path=None, path_dir=None):
        with tempfile.TemporaryDirectory() as d:
            sim = executable(os.path.join(d, "fake-sim"), FAKE_SIM)
            with open(os.path.join(d, "times"), "w") as f:
                f.write("".join(f"{t}\n" for t in times))
            env = dict(os.environ, BIN=bin_path or sim, FAKE_TIMES=os.path.join(d, "times"),
                       FAKE_COUNTER=os.path.join(d, "counter"))
            if runs is not None:
                env["RUNS"] = runs
            if path_dir is not None:
                env["PATH"] = path_dir + os.pathsep + env["PATH"]
            return subprocess.run(["bash", BENCH] + args, env=env, capture_output=True, text=True)

    def test_runs_report_least_median_greatest(self):
        # 1 M requests in 0.5, 0.25 and 1.0 s: 2, 4 and 1 M requests/s.
        r = self.run_bench(["workload"], times=(0.5, 0.25, 1.0), runs="3")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.count("simulated"), 3)
        self.assertIn("over 3 runs: least 1.000, median 2.000, greatest 4.000", r.stdout)

    def test_even_runs_take_the_mean_of_the_middle_two(self):
        r = self.run_bench(["workload"], times=(0.5, 0.25, 1.0, 0.2), runs="4")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("over 4 runs: least 1.000, median 3.000, greatest 5.000", r.stdout)

    def test_one_run_prints_no_summary(self):
        r = self.run_bench(["workload"], times=(0.5,))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("over", r.stdout)

    def test_instructions_per_request(self):
        with tempfile.TemporaryDirectory() as tools:
            executable(os.path.join(tools, "valgrind"), FAKE_VALGRIND)
            r = self.run_bench(["instructions"], times=(1, 1), path_dir=tools)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = [l for l in r.stdout.splitlines() if "instructions per request" in l]
        self.assertEqual(len(lines), 2)   # the GEMM and the conv kernel
        for line in lines:
            self.assertIn("2500.0 M instructions, 1000000 memory requests, 2500 instructions per request", line)

    def test_bad_input_is_refused(self):
        for args, runs, bin_path, message in [
            (["workload"], "0", None, "RUNS must be a whole number >= 1"),
            (["workload"], "x", None, "RUNS must be a whole number >= 1"),
            (["workload"], None, "/nonexistent/stt-cyclesim", "is not an executable file"),
            (["fastest"], None, None, "unknown benchmark 'fastest'"),
        ]:
            r = self.run_bench(args, runs=runs, bin_path=bin_path)
            self.assertEqual(r.returncode, 2, (args, runs, r.stderr))
            self.assertIn(message, r.stderr)


if __name__ == "__main__":
    unittest.main()
