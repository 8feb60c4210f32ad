"""Tests of scripts/sweep.py against a fake simulator (fast: a few seconds, standard library only).

Run from the repository root:

    python3 -m unittest discover -s scripts -p 'test_*.py'

The fake simulator is a small Python script written to a temporary directory. It accepts the
simulator's flags, prints `--version`, writes a deterministic CSV atomically to `--csv`, sleeps
FAKE_SIM_SLEEP seconds, exits 1 when its arguments contain FAKE_SIM_FAIL, exits 130/143 on
SIGINT/SIGTERM without output, and appends one JSON line per event (start, end, fail,
interrupted) to FAKE_SIM_LOG, which is how the tests count invocations.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
SWEEP = SCRIPTS / "sweep.py"
SBATCH = SCRIPTS / "slurm-array.sbatch"
sys.path.insert(0, str(SCRIPTS))
import sweep  # noqa: E402

FAKE_SIM = textwrap.dedent("""\
    import json, os, signal, sys, time

    def record(event, **extra):
        log = os.environ.get("FAKE_SIM_LOG")
        if log:
            line = json.dumps({"event": event, "pid": os.getpid(), "t": time.time(), "argv": sys.argv[1:], **extra})
            with open(log, "a") as f:
                f.write(line + "\\n")

    def on_signal(signum, _frame):
        record("interrupted", signal=signum)
        os._exit(128 + signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    argv = sys.argv[1:]
    if argv == ["--version"]:
        print("fake-stt-cyclesim 9.9.9")
        sys.exit(0)
    with_value = {"--workload", "--batch", "--memory", "--csv", "--seed", "--trace", "--trace-format",
                  "--set", "--config"}
    opts, sets, i = {}, [], 0
    while i < len(argv):
        if argv[i] not in with_value or i + 1 >= len(argv):
            print(f"error: unknown option {argv[i]}", file=sys.stderr)
            sys.exit(2)
        if argv[i] == "--set":
            sets.append(argv[i + 1])
        else:
            opts[argv[i]] = argv[i + 1]
        i += 2
    if "--trace" in opts and not os.path.exists(opts["--trace"]):
        print(f"error: cannot open trace {opts['--trace']}", file=sys.stderr)
        sys.exit(2)
    record("start")
    if os.environ.get("FAKE_SIM_FAIL") and os.environ["FAKE_SIM_FAIL"] in " ".join(argv):
        print("progress...", file=sys.stderr)
        print("error: injected failure", file=sys.stderr)
        record("fail")
        sys.exit(1)
    time.sleep(float(os.environ.get("FAKE_SIM_SLEEP", "0")))
    key = " ".join(a for a in argv if a != opts.get("--csv"))
    value = sum(map(ord, key)) % 997
    memory = opts.get("--memory", "dram")
    lines = ["config,layer,phase,time_ns,energy_total_pJ"]
    lines += [f"{memory},conv1,forward,{value}.5,{value * 3}", f"{memory},TOTAL,all,{value + 1}.5,{value * 3}"]
    if "--csv" in opts:
        tmp = opts["--csv"] + ".fake-tmp"
        with open(tmp, "w") as f:
            f.write("\\n".join(lines) + "\\n")
        os.replace(tmp, opts["--csv"])
    print(f"[{memory}] fake summary")
    record("end")
""")

FAKE_COLUMNS = ["config", "layer", "phase", "time_ns", "energy_total_pJ"]


class SweepTestCase(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="sweep-test-")
        self.tmp = Path(self._tmp.name)
        self.sim = self.tmp / "fake-sim"
        self.sim.write_text(f"#!{sys.executable}\n" + FAKE_SIM)
        self.sim.chmod(0o755)
        self.log = self.tmp / "invocations.jsonl"
        self.env = {**os.environ, "FAKE_SIM_LOG": str(self.log), "FAKE_SIM_SLEEP": "0"}
        self.env.pop("FAKE_SIM_FAIL", None)

    def tearDown(self):
        self._tmp.cleanup()

    # -- helpers
    def argv(self, *args, out="out", sim=True):
        extra = []
        if "--" in args:
            i = args.index("--")
            args, extra = args[:i], list(args[i:])
        argv = [sys.executable, str(SWEEP), *args]
        if out is not None:
            argv += ["--out", str(self.tmp / out)]
        if sim:
            argv += ["--sim", str(self.sim)]
        return argv + extra

    def run_sweep(self, *args, out="out", sim=True, env=None, cwd=None):
        return subprocess.run(self.argv(*args, out=out, sim=sim), capture_output=True, text=True,
                              env={**self.env, **(env or {})}, cwd=cwd or self.tmp, timeout=60)

    def events(self, kind="start"):
        if not self.log.exists():
            return []
        events = [json.loads(line) for line in self.log.read_text().splitlines()]
        return [e for e in events if e["event"] == kind]

    def csv_paths_started(self):
        return [e["argv"][e["argv"].index("--csv") + 1] for e in self.events("start")]

    def manifests(self, out="out"):
        return {p.stem: json.loads(p.read_text()) for p in (self.tmp / out / "runs").glob("*.json")}

    def merged(self, out="out"):
        with open(self.tmp / out / "merged.csv", newline="") as f:
            return list(csv.reader(f))

    GRID = ("--workload", "alexnet,vgg19", "--batch", "32,64", "--memory", "dram,mlc",
            "--set", "memory.channels=8,11", "--set", "memory.controller.readQueue=32", "--seed", "7")


class GridTests(SweepTestCase):
    def grid(self, *args):
        own, extra = sweep.split_argv(list(args))
        return sweep.build_grid(sweep.make_parser().parse_args(own), extra)

    def test_expansion_order_params_and_args(self):
        g = self.grid(*self.GRID, "--trace", "a.trc", "--", "--config", "c.json")
        # 2 workloads x 2 batches x 2 presets x 2 channel counts, then 1 trace x 2 x 2
        self.assertEqual(len(g.points), 16 + 4)
        first, last = g.points[0], g.points[-1]
        self.assertEqual(first.params, {"workload": "alexnet", "batch": "32", "memory": "dram",
                                        "set.memory.channels": "8"})
        self.assertEqual(g.points[1].params["set.memory.channels"], "11")     # innermost axis
        self.assertEqual(g.points[15].params["workload"], "vgg19")
        self.assertEqual(last.params, {"trace": "a.trc", "memory": "mlc", "set.memory.channels": "11"})
        self.assertEqual(list(first.sim_args), [
            "--workload", "alexnet", "--batch", "32", "--memory", "dram", "--seed", "7",
            "--set", "memory.channels=8", "--set", "memory.controller.readQueue=32", "--config", "c.json"])
        self.assertEqual(list(last.sim_args[:2]), ["--trace", "a.trc"])
        self.assertNotIn("--batch", last.sim_args)
        self.assertEqual(g.columns, ["workload", "batch", "trace", "memory", "set.memory.channels"])
        self.assertEqual([p.index for p in g.points], list(range(20)))

    def test_slugs_unique_stable_and_safe(self):
        g1, g2 = self.grid(*self.GRID, "--seed", "1,2"), self.grid(*self.GRID, "--seed", "1,2")
        slugs = [p.slug for p in g1.points]
        self.assertEqual(len(set(slugs)), len(slugs))
        self.assertEqual(slugs, [p.slug for p in g2.points])
        for s in slugs:
            self.assertRegex(s, r"^[A-Za-z0-9._+=-]+$")
        self.assertIn("seed", g1.points[0].params)         # several seeds make an axis
        # sanitization collisions are kept apart by the hash
        g3 = self.grid("--workload", "x", "--set", "k=a/b,a-b")
        self.assertNotEqual(g3.points[0].slug, g3.points[1].slug)

    def test_list_syntax(self):
        self.assertEqual(sweep.split_list("a, b ,c", "x"), ["a", "b", "c"])
        self.assertEqual(sweep.split_list(r"a\,b,c", "x"), ["a,b", "c"])
        self.assertEqual(sweep.join_list(["a,b", "c"]), r"a\,b,c")
        g = self.grid("--workload", "a", "--workload", "b", "--memory", "mlc")
        self.assertEqual([p.params["workload"] for p in g.points], ["a", "b"])


class ArgumentErrorTests(SweepTestCase):
    def assert_usage_error(self, *args, message, out="out", sim=True):
        r = self.run_sweep(*args, out=out, sim=sim)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(message, r.stderr)
        self.assertEqual(self.events(), [])

    def test_bad_arguments_exit_2(self):
        w = ("--workload", "alexnet")
        self.assert_usage_error(*w, "--set", "memory.channels", message="no '=' found")
        self.assert_usage_error(*w, "--set", "memory.channels=", message="empty value")
        self.assert_usage_error(*w, "--set", "memory.channels=8,,11", message="empty value")
        self.assert_usage_error(*w, "--set", "=8", message="dotted config path")
        self.assert_usage_error(*w, "--set", "a=1", "--set", "a=2", message="given twice")
        self.assert_usage_error(*w, "--memory", "dram,dram", message="listed twice")
        self.assert_usage_error(*w, "--bogus", message="unrecognized arguments")
        self.assert_usage_error(*w, "--batch", "0", message="not a positive integer")
        self.assert_usage_error(*w, "--seed", "x", message="not a non-negative integer")
        self.assert_usage_error(*w, "-j", "0", message="at least 1")
        self.assert_usage_error(*w, "--", "--csv", "x.csv", message="set by the sweep")
        self.assert_usage_error("--memory", "mlc", message="nothing to run")
        self.assert_usage_error("--trace", "t.trc", "--batch", "8", message="--workload runs only")
        self.assert_usage_error(*w, message="--out DIR is required", out=None)
        self.assert_usage_error(*w, "--run-one", "99", message="the grid has points 0...0")

    def test_missing_simulator_names_the_build_command(self):
        r = subprocess.run([sys.executable, str(SWEEP), "--workload", "alexnet", "--out", str(self.tmp / "o"),
                            "--sim", str(self.tmp / "nope")], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("simulator not found", r.stderr)
        self.assertIn("swift build -c release", r.stderr)

    def test_dry_run_prints_grid_without_running(self):
        r = self.run_sweep(*self.GRID, "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("16 runs (workload x batch x memory x set.memory.channels)", r.stdout)
        self.assertEqual(r.stdout.count(" pending "), 16)
        self.assertEqual(self.events(), [])
        self.assertFalse((self.tmp / "out").exists())


class RunTests(SweepTestCase):
    SMALL = ("--workload", "alexnet,vgg19", "--memory", "dram,mlc", "--set", "memory.channels=8,11")

    def test_parallel_run_manifests_and_merged_csv(self):
        r = self.run_sweep(*self.SMALL, "-j", "4", env={"FAKE_SIM_SLEEP": "0.3"})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("8 done, 0 skipped, 0 failed", r.stdout)
        starts, ends = self.events("start"), self.events("end")
        self.assertEqual(len(starts), 8)
        # runs overlapped: some run started before another one ended
        spans = sorted((s["t"], e["t"]) for s, e in zip(
            sorted(starts, key=lambda e: e["pid"]), sorted(ends, key=lambda e: e["pid"])))
        max_overlap = max(sum(1 for a, b in spans if a <= t < b) for t, _ in spans)
        self.assertGreaterEqual(max_overlap, 2)
        # one CSV and one manifest per run
        manifests = self.manifests()
        self.assertEqual(len(manifests), 8)
        for slug, m in manifests.items():
            self.assertEqual(m["status"], "ok")
            self.assertEqual(m["exit_status"], 0)
            self.assertEqual(m["sim_version"], "fake-stt-cyclesim 9.9.9")
            self.assertEqual(m["command"][0], str(self.sim))
            self.assertEqual(m["command"][-2:], ["--csv", str(self.tmp / "out" / "runs" / f"{slug}.csv")])
            self.assertTrue((self.tmp / "out" / "runs" / f"{slug}.csv").is_file())
            self.assertGreater(m["wall_time_s"], 0.25)
            self.assertLessEqual(m["start_time"], m["end_time"])
            for key in ("params", "seed", "stderr_tail", "command_line", "index"):
                self.assertIn(key, m)
        # merged.csv: swept parameters first, then the simulator's columns, in grid order
        rows = self.merged()
        self.assertEqual(rows[0], ["workload", "batch", "memory", "set.memory.channels"] + FAKE_COLUMNS)
        self.assertEqual(len(rows), 1 + 8 * 2)
        self.assertEqual([tuple(r[:4]) for r in rows[1::2]], [
            (w, "128", m, c) for w in ("alexnet", "vgg19") for m in ("dram", "mlc") for c in ("8", "11")])
        self.assertTrue(all(r[4] == r[2] for r in rows[1:]))     # config column matches memory
        self.assertEqual([p.name for p in (self.tmp / "out").iterdir() if p.name.startswith(".")], [])

    def test_merge_is_deterministic(self):
        a = self.run_sweep(*self.SMALL, "-j", "1", out="a")
        b = self.run_sweep(*self.SMALL, "-j", "4", out="b")
        self.assertEqual((a.returncode, b.returncode), (0, 0))
        merged_a = (self.tmp / "a" / "merged.csv").read_bytes()
        self.assertEqual(merged_a, (self.tmp / "b" / "merged.csv").read_bytes())
        m = subprocess.run([sys.executable, str(SWEEP), "--merge", str(self.tmp / "b")],
                           capture_output=True, text=True)
        self.assertEqual(m.returncode, 0, m.stderr)
        self.assertIn("merged 8 runs (16 rows)", m.stdout)
        self.assertEqual(merged_a, (self.tmp / "b" / "merged.csv").read_bytes())

    def test_resume_skips_finished_runs(self):
        self.assertEqual(self.run_sweep(*self.SMALL, "-j", "2").returncode, 0)
        self.assertEqual(len(self.events()), 8)
        merged = (self.tmp / "out" / "merged.csv").read_bytes()
        again = self.run_sweep(*self.SMALL, "-j", "2")
        self.assertEqual(again.returncode, 0)
        self.assertIn("0 done, 8 skipped, 0 failed", again.stdout)
        self.assertEqual(len(self.events()), 8)                       # nothing rerun
        self.assertEqual((self.tmp / "out" / "merged.csv").read_bytes(), merged)
        # a missing CSV, or a CSV without its manifest, is not a finished run
        runs = sorted((self.tmp / "out" / "runs").glob("*.json"))
        runs[0].with_suffix(".csv").unlink()
        runs[1].unlink()
        self.assertEqual(self.run_sweep(*self.SMALL).returncode, 0)
        self.assertEqual(len(self.events()), 10)
        self.assertEqual(sorted(self.csv_paths_started()[8:]),
                         sorted(str(p.with_suffix(".csv")) for p in runs[:2]))
        # a changed pass-through setting changes the command: everything reruns; so does --force
        self.assertEqual(self.run_sweep(*self.SMALL, "--seed", "5").returncode, 0)
        self.assertEqual(len(self.events()), 18)
        self.assertEqual(self.run_sweep(*self.SMALL, "--seed", "5", "--force").returncode, 0)
        self.assertEqual(len(self.events()), 26)

    def test_failed_run_is_recorded_and_others_complete(self):
        r = self.run_sweep(*self.SMALL, "-j", "2", env={"FAKE_SIM_FAIL": "vgg19 --batch 128 --memory mlc "
                                                                          "--set memory.channels=11"})
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("7 done, 0 skipped, 1 failed", r.stdout)
        self.assertIn("error: injected failure", r.stdout)
        failed = [m for m in self.manifests().values() if m["status"] != "ok"]
        self.assertEqual(len(failed), 1)
        self.assertEqual(failed[0]["status"], "failed")
        self.assertEqual(failed[0]["exit_status"], 1)
        self.assertEqual(failed[0]["params"], {"workload": "vgg19", "batch": "128", "memory": "mlc",
                                               "set.memory.channels": "11"})
        self.assertIn("error: injected failure", failed[0]["stderr_tail"])
        self.assertIsNone(failed[0]["csv"])
        self.assertEqual(len(self.merged()), 1 + 7 * 2)
        # resumed without the fault: only the failed point runs
        again = self.run_sweep(*self.SMALL)
        self.assertEqual(again.returncode, 0)
        self.assertIn("1 done, 7 skipped, 0 failed", again.stdout)
        self.assertEqual(len(self.merged()), 1 + 8 * 2)

    def interrupt_and_resume(self, signum):
        grid = ("--workload", "a,b,c,d", "--memory", "dram,mlc")
        proc = subprocess.Popen(self.argv(*grid, "-j", "2"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env={**self.env, "FAKE_SIM_SLEEP": "0.4"}, cwd=self.tmp)
        deadline = time.time() + 20
        while time.time() < deadline:
            if sum(m["status"] == "ok" for m in self.manifests().values()) >= 2 if (
                    self.tmp / "out" / "runs").is_dir() else False:
                break
            time.sleep(0.02)
        proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=20)
        stopped_at = time.time()
        self.assertEqual(proc.returncode, 128 + signum, stdout + stderr)
        self.assertIn("interrupted by signal", stdout)
        self.assertFalse((self.tmp / "out" / "merged.csv").exists())
        finished = {slug for slug, m in self.manifests().items() if m["status"] == "ok"}
        self.assertGreaterEqual(len(finished), 2)
        self.assertLess(len(finished), 8)
        for slug in finished:
            self.assertTrue((self.tmp / "out" / "runs" / f"{slug}.csv").is_file())
        for slug, m in self.manifests().items():
            if m["status"] != "ok":
                self.assertNotEqual(m["exit_status"], 0)
                self.assertIsNone(m["csv"])
        # the running simulators were stopped, not left behind
        time.sleep(0.6)
        self.assertEqual([e for e in self.events("end") if e["t"] > stopped_at], [])
        n_before = len(self.events())
        resumed = self.run_sweep(*grid, "-j", "2")
        self.assertEqual(resumed.returncode, 0, resumed.stdout + resumed.stderr)
        self.assertIn(f"{8 - len(finished)} done, {len(finished)} skipped, 0 failed", resumed.stdout)
        rerun = self.csv_paths_started()[n_before:]
        self.assertEqual(len(rerun), 8 - len(finished))
        self.assertFalse({Path(p).stem for p in rerun} & finished)
        self.assertEqual(len(self.merged()), 1 + 8 * 2)

    def test_sigint_then_resume(self):
        self.interrupt_and_resume(signal.SIGINT)

    def test_sigterm_then_resume(self):
        self.interrupt_and_resume(signal.SIGTERM)


class ClusterTests(SweepTestCase):
    def test_emit_jobs_run_one_each_then_merge(self):
        (self.tmp / "t1.trc").write_text("0x0 READ 0\n")
        (self.tmp / "t2.trc").write_text("0x40 WRITE 0\n")
        grid = ("--trace", "t1.trc,t2.trc", "--memory", "dram,mlc", "--set", "x.y=1,2", "--seed", "3")
        jobs = self.tmp / "jobs.txt"
        r = self.run_sweep(*grid, "--emit-jobs", str(jobs), out="cluster")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = jobs.read_text().splitlines()
        self.assertEqual(len(lines), 8)
        self.assertEqual(self.events(), [])
        for i, line in enumerate(lines):
            self.assertIn(f"--run-one {i} ", line)
        # each line runs exactly one grid point, from any directory (lines cd first)
        for i, line in enumerate(lines[:6]):
            done = subprocess.run(["bash", "-c", line], capture_output=True, text=True, env=self.env, cwd="/")
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
            self.assertEqual(len(self.events()), i + 1)
            self.assertEqual(len(self.manifests("cluster")), i + 1)
        # the Slurm template runs line $SLURM_ARRAY_TASK_ID (1-based; LINE_OFFSET shifts it)
        for task, offset in (("7", "0"), ("1", "7")):
            done = subprocess.run(["bash", str(SBATCH), str(jobs)], capture_output=True, text=True,
                                  env={**self.env, "SLURM_ARRAY_TASK_ID": task, "LINE_OFFSET": offset})
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertEqual(len(self.events()), 8)
        self.assertEqual({m["index"] for m in self.manifests("cluster").values()}, set(range(8)))
        # a line whose point is finished runs nothing; past the end is an error
        self.assertEqual(subprocess.run(["bash", "-c", lines[0]], capture_output=True, env=self.env).returncode, 0)
        self.assertEqual(len(self.events()), 8)
        bad = subprocess.run(["bash", str(SBATCH), str(jobs)], capture_output=True, text=True,
                             env={**self.env, "SLURM_ARRAY_TASK_ID": "9"})
        self.assertEqual(bad.returncode, 2)
        # --merge gives what a local sweep of the same grid gives
        m = subprocess.run([sys.executable, str(SWEEP), "--merge", str(self.tmp / "cluster")],
                           capture_output=True, text=True)
        self.assertEqual(m.returncode, 0, m.stderr)
        local = self.run_sweep(*grid, out="local")
        self.assertEqual(local.returncode, 0, local.stderr)
        merged = (self.tmp / "cluster" / "merged.csv").read_text()
        self.assertEqual(merged, (self.tmp / "local" / "merged.csv").read_text())
        self.assertTrue(merged.startswith("trace,memory,set.x.y,config,"))
        # nothing left to do: --pending emits no lines
        r = self.run_sweep(*grid, "--emit-jobs", str(jobs), "--pending", out="cluster")
        self.assertEqual((r.returncode, jobs.read_text()), (0, ""))

    def test_run_one_refuses_a_changed_grid(self):
        jobs = self.tmp / "jobs.txt"
        self.assertEqual(self.run_sweep("--workload", "a,b", "--emit-jobs", str(jobs)).returncode, 0)
        line = jobs.read_text().splitlines()[1].replace("--workload a,b", "--workload b,a")
        r = subprocess.run(["bash", "-c", line], capture_output=True, text=True, env=self.env)
        self.assertEqual(r.returncode, 2)
        self.assertIn("the grid arguments changed", r.stderr)
        self.assertEqual(self.events(), [])

    def test_merge_of_missing_directory_is_an_error(self):
        r = subprocess.run([sys.executable, str(SWEEP), "--merge", str(self.tmp / "none")],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("no runs/ directory", r.stderr)


if __name__ == "__main__":
    unittest.main()
