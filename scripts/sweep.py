#!/usr/bin/env python3
"""Parameter sweeps for stt-cyclesim: run a grid of simulations, resumably, and merge the CSVs.

A grid is workloads x batch sizes x memory presets x seeds x every ``--set KEY=V1,V2,...``
given with a comma list (a single value is passed through unchanged and is not an axis),
plus optional trace runs (``--trace FILE,...``; batch does not apply to them). Each grid
point is one simulator process with one ``--memory`` value, so each run's CSV holds one
configuration.

Usage examples (from the repository root, after ``swift build -c release``)::

    # 2 traces x 2 presets x 3 channel counts = 12 runs, 4 at a time
    scripts/sweep.py --trace a.trc,b.trc --memory dram,mlc \\
        --set memory.channels=8,11,16 --seed 1 -j 4 --out results/sweeps/channels

    # workloads x batch x presets; extra simulator arguments after --
    scripts/sweep.py --workload alexnet,vgg19 --batch 64,128 --memory dram,mlc \\
        --out results/sweeps/batch -- --config my.json

    scripts/sweep.py ... --dry-run              # print the grid (and what is done) only
    scripts/sweep.py ... --out DIR              # again: finished runs are skipped

    # clusters: one command per line, each runs one grid point, then merge
    scripts/sweep.py ... --out DIR --emit-jobs jobs.txt
    parallel -j 8 < jobs.txt                    # GNU parallel, or:
    sbatch --array=1-$(wc -l < jobs.txt) scripts/slurm-array.sbatch jobs.txt
    scripts/sweep.py --merge DIR

Output layout of ``--out DIR``::

    DIR/runs/SLUG.csv     the simulator's CSV for one grid point (written atomically by it)
    DIR/runs/SLUG.json    manifest: command, simulator version, seed, times, exit status,
                          stderr tail, the point's parameter values (written atomically,
                          only after the run ended)
    DIR/runs/SLUG.out     the simulator's stdout (text summary); SLUG.err its stderr
    DIR/merged.csv        all successful runs in grid order, with the point's parameters as
                          leading columns: workload,batch[,trace],memory[,seed][,set.KEY...]

SLUG is a readable, filesystem-safe name of the point plus a short hash of its parameter
values, so it is stable across runs and never collides.

Resuming: a point is skipped when its manifest records exit status 0 for the same command
(and working directory) and its CSV exists. Anything else (no manifest, a failed or
interrupted run, a changed command) is run again; ``--force`` reruns everything.

Exit status: 0 every run succeeded (or was already done), 1 some run failed (recorded in
its manifest; the others still ran), 2 bad arguments, 130/143 interrupted by SIGINT/SIGTERM
(running simulations are stopped; they leave no output and no successful manifest).

Python standard library only.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import io
import itertools
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIM = REPO_ROOT / ".build" / "release" / "stt-cyclesim"
SCRIPT = Path(__file__).resolve()

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
MANIFEST_SCHEMA = 1
STDERR_TAIL_LINES = 30
STDERR_TAIL_BYTES = 8192
MAX_LISTED_FAILURES = 10
MERGED_NAME = "merged.csv"
RUNS_DIR = "runs"

# Fixed leading columns of merged.csv, in this order; swept set.KEY columns follow.
BASE_COLUMNS = ("workload", "batch", "trace", "memory", "seed")

# Simulator options that the sweep itself sets per run and that may not be passed after `--`.
RESERVED_SIM_OPTIONS = {
    "-w", "--workload", "-b", "--batch", "-m", "--memory", "--csv", "--seed", "--trace",
    "--trace-format", "--bench", "--dump-config", "--list-workloads", "--list-presets",
    "-h", "--help", "--version",
}


class UsageError(Exception):
    """Bad command-line input: reported on stderr, exit status 2."""


# --------------------------------------------------------------------------- grid


@dataclass(frozen=True)
class Point:
    """One grid point: one simulator run."""

    index: int                    # position in grid order (0-based)
    params: dict[str, str]        # merged.csv leading columns -> values
    sim_args: tuple[str, ...]     # simulator arguments except the binary and --csv
    slug: str                     # stable file-name stem

    def command(self, sim: Path, csv_path: Path) -> list[str]:
        return [str(sim), *self.sim_args, "--csv", str(csv_path)]


def split_list(text: str, what: str) -> list[str]:
    """Splits a comma list ("a,b,c"; "\\," is a literal comma); rejects empty or repeated items."""
    items = [part.replace("\\,", ",").strip() for part in re.split(r"(?<!\\),", text)]
    if any(item == "" for item in items):
        raise UsageError(f"{what}: empty value in list {text!r} (give values like a,b,c)")
    seen = set()
    for item in items:
        if item in seen:
            raise UsageError(f"{what}: value {item!r} is listed twice in {text!r}")
        seen.add(item)
    return items


def join_list(values: list[str]) -> str:
    """Inverse of split_list."""
    return ",".join(v.replace(",", "\\,") for v in values)


def gather(option_values: list[str] | None, what: str) -> list[str]:
    """Concatenates the lists of a repeatable comma-list option."""
    values: list[str] = []
    for text in option_values or []:
        values += split_list(text, what)
    if len(set(values)) != len(values):
        raise UsageError(f"{what}: a value is given twice")
    return values


def parse_sets(texts: list[str] | None) -> list[tuple[str, list[str]]]:
    """Parses --set KEY=V1,V2,... options into (key, values) in the order given."""
    result: list[tuple[str, list[str]]] = []
    for text in texts or []:
        key, eq, value = text.partition("=")
        key = key.strip()
        if not eq:
            raise UsageError(f"--set {text!r}: expected KEY=VALUE or KEY=V1,V2,... (no '=' found)")
        if not key or re.search(r"\s", key):
            raise UsageError(f"--set {text!r}: the key must be a dotted config path, e.g. memory.channels")
        if any(k == key for k, _ in result):
            raise UsageError(f"--set {key}: given twice; put all values in one list: --set {key}=V1,V2")
        result.append((key, split_list(value, f"--set {key}")))
    return result


def slug_for(params: dict[str, str]) -> str:
    """Readable, filesystem-safe, stable name of a grid point, plus a hash for uniqueness."""
    parts = []
    for key, value in params.items():
        if key == "workload":
            parts.append(Path(value).stem if "/" in value else value)
        elif key == "batch":
            parts.append(f"b{value}")
        elif key == "trace":
            parts.append(f"trace-{Path(value).stem}")
        elif key == "memory":
            parts.append(value)
        elif key == "seed":
            parts.append(f"seed{value}")
        else:
            parts.append(f"{key.removeprefix('set.')}-{value}")
    readable = re.sub(r"[^A-Za-z0-9._+=-]+", "-", "_".join(parts)).strip("-.")[:120]
    digest = hashlib.sha1(json.dumps(list(params.items())).encode()).hexdigest()[:8]
    return f"{readable}_{digest}" if readable else digest


@dataclass
class Grid:
    """The expanded grid and everything needed to rebuild it (for --emit-jobs lines)."""

    workloads: list[str]
    batches: list[str]
    traces: list[str]
    trace_format: str | None
    memories: list[str]
    seeds: list[str]
    sets: list[tuple[str, list[str]]]
    extra: list[str]
    points: list[Point]

    @property
    def axes(self) -> list[str]:
        """Names of the swept axes (more than one value), for the dry-run header."""
        names = []
        if self.workloads and self.traces:
            names.append("input")
        for name, values in (("workload", self.workloads), ("batch", self.batches if self.workloads else []),
                             ("trace", self.traces), ("memory", self.memories), ("seed", self.seeds)):
            if len(values) > 1:
                names.append(name)
        names += [f"set.{k}" for k, v in self.sets if len(v) > 1]
        return names

    @property
    def columns(self) -> list[str]:
        return ordered_columns([p.params for p in self.points])

    def canonical_args(self) -> list[str]:
        """Sweep arguments that rebuild exactly this grid (used in --emit-jobs lines)."""
        args: list[str] = []
        if self.workloads:
            args += ["--workload", join_list(self.workloads), "--batch", join_list(self.batches)]
        if self.traces:
            args += ["--trace", join_list(self.traces)]
            if self.trace_format:
                args += ["--trace-format", self.trace_format]
        args += ["--memory", join_list(self.memories)]
        if self.seeds:
            args += ["--seed", join_list(self.seeds)]
        for key, values in self.sets:
            args += ["--set", f"{key}={join_list(values)}"]
        return args


def ordered_columns(all_params: list[dict[str, str]]) -> list[str]:
    """Leading merged.csv columns: BASE_COLUMNS present in any point, then set.* in first-seen order."""
    present: list[str] = []
    for params in all_params:
        for key in params:
            if key not in present:
                present.append(key)
    base = [c for c in BASE_COLUMNS if c in present]
    return base + [c for c in present if c not in BASE_COLUMNS]


def build_grid(ns: argparse.Namespace, extra: list[str]) -> Grid:
    """Expands the parsed options into grid points, in a fixed order.

    Order (outermost first): input (workloads, each x batch, then traces), memory, seed,
    then the --set axes in the order given.
    """
    workloads = gather(ns.workload, "--workload")
    traces = gather(ns.trace, "--trace")
    memories = gather(ns.memory, "--memory") or ["dram"]
    seeds = gather(ns.seed, "--seed")
    sets = parse_sets(ns.set)
    if ns.batch and not workloads:
        raise UsageError("--batch applies to --workload runs only")
    batches = gather(ns.batch, "--batch") or ["128"]
    if not workloads and not traces:
        raise UsageError("nothing to run: give --workload NAME[,NAME...] and/or --trace FILE[,FILE...]")
    for b in batches:
        if not re.fullmatch(r"[1-9][0-9]*", b):
            raise UsageError(f"--batch: {b!r} is not a positive integer")
    for s in seeds:
        if not re.fullmatch(r"[0-9]+", s):
            raise UsageError(f"--seed: {s!r} is not a non-negative integer")
    for opt in extra:
        if opt.split("=", 1)[0] in RESERVED_SIM_OPTIONS:
            raise UsageError(f"extra simulator argument {opt}: set by the sweep; use the sweep's own option")

    inputs: list[tuple[dict[str, str], list[str]]] = []
    for w, b in itertools.product(workloads, batches):
        inputs.append(({"workload": w, "batch": b}, ["--workload", w, "--batch", b]))
    for t in traces:
        fmt = ["--trace-format", ns.trace_format] if ns.trace_format else []
        inputs.append(({"trace": t}, ["--trace", t, *fmt]))

    points: list[Point] = []
    set_axes = [[(key, v) for v in values] for key, values in sets]
    for (in_params, in_args), memory, seed, *set_values in itertools.product(
            inputs, memories, seeds or [None], *set_axes):
        params = dict(in_params)
        params["memory"] = memory
        args = [*in_args, "--memory", memory]
        if seed is not None:
            args += ["--seed", seed]
            if len(seeds) > 1:
                params["seed"] = seed
        for key, value in set_values:
            args += ["--set", f"{key}={value}"]
            if len(dict(sets)[key]) > 1:
                params[f"set.{key}"] = value
        args += extra
        points.append(Point(len(points), params, tuple(args), slug_for(params)))
    return Grid(workloads, batches if workloads else [], traces, ns.trace_format, memories, seeds,
                sets, extra, points)


# --------------------------------------------------------------------------- files


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")


def atomic_write_text(path: Path, text: str) -> None:
    """Writes text to a temporary file in path's directory, fsyncs it, renames it over path."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def load_manifest(path: Path) -> dict | None:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def tail(path: Path, lines: int = STDERR_TAIL_LINES, limit: int = STDERR_TAIL_BYTES) -> str:
    """The last lines of a (log) file, at most `limit` bytes."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - limit))
            data = f.read()
    except OSError:
        return ""
    return "\n".join(data.decode("utf-8", "replace").splitlines()[-lines:])


def sim_version(sim: Path) -> str:
    try:
        r = subprocess.run([str(sim), "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        return f"unknown ({e})"
    return r.stdout.strip() if r.returncode == 0 else f"unknown (--version exited {r.returncode})"


def check_sim(sim: Path) -> None:
    if not (sim.is_file() and os.access(sim, os.X_OK)):
        raise UsageError(f"simulator not found or not executable: {sim}; build it with "
                         f"`swift build -c release` in {REPO_ROOT}, or pass --sim PATH")


# --------------------------------------------------------------------------- running


class Sweep:
    """Runs grid points in parallel processes; resumable, interruptible, one manifest per run."""

    def __init__(self, points: list[Point], sim: Path, out: Path, jobs: int, force: bool = False,
                 quiet: bool = False):
        self.points, self.sim, self.out, self.jobs = points, sim, out, max(1, jobs)
        self.force, self.quiet = force, quiet
        self.runs = out / RUNS_DIR
        self.cwd = os.getcwd()
        self.lock = threading.Lock()
        self.running: dict[str, subprocess.Popen] = {}
        self.stop_signal: int | None = None
        self.outcomes: dict[str, str] = {}       # slug -> done / skipped / failed / interrupted
        self.failures: list[tuple[Point, dict]] = []
        self._version: str | None = None
        self._finished_count = 0

    # -- files of a point
    def csv_path(self, p: Point) -> Path:
        return self.runs / f"{p.slug}.csv"

    def manifest_path(self, p: Point) -> Path:
        return self.runs / f"{p.slug}.json"

    def command(self, p: Point) -> list[str]:
        return p.command(self.sim, self.csv_path(p))

    def is_finished(self, p: Point) -> bool:
        """True when the manifest records success for this very command and the CSV exists."""
        m = load_manifest(self.manifest_path(p))
        return (m is not None and m.get("status") == "ok" and m.get("exit_status") == 0
                and m.get("command") == self.command(p) and m.get("cwd") == self.cwd
                and self.csv_path(p).is_file())

    @property
    def version(self) -> str:
        if self._version is None:
            self._version = sim_version(self.sim)
        return self._version

    # -- signals
    def on_signal(self, signum, _frame) -> None:
        """Stops launching runs and forwards the signal to the running simulators."""
        with self.lock:
            if self.stop_signal is None:
                self.stop_signal = signum
            procs = list(self.running.values())
        for proc in procs:
            try:
                proc.send_signal(signum)
            except ProcessLookupError:
                pass

    def log(self, text: str) -> None:
        if not self.quiet:
            print(text, flush=True)

    # -- one run
    def run_point(self, p: Point) -> str | None:
        """Runs one point (unless finished); returns its outcome, or None if it was not started."""
        if not self.force and self.is_finished(p):
            return "skipped"
        if self.stop_signal is not None:
            return None
        csv_path, manifest_path = self.csv_path(p), self.manifest_path(p)
        # Remove what an earlier attempt left, so old files can never pair up with a new run.
        for stale in (manifest_path, csv_path):
            try:
                stale.unlink()
            except FileNotFoundError:
                pass
        cmd = self.command(p)
        out_log, err_log = self.runs / f"{p.slug}.out", self.runs / f"{p.slug}.err"
        start_iso, t0 = now_iso(), time.monotonic()
        with open(out_log, "wb") as out_f, open(err_log, "wb") as err_f:
            with self.lock:
                if self.stop_signal is not None:
                    return None
                try:
                    # Own session: a terminal's Ctrl-C reaches the sweep only, which forwards it once.
                    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out_f, stderr=err_f,
                                            start_new_session=True)
                except OSError as e:
                    proc = None
                    err_f.write(f"cannot start simulator: {e}\n".encode())
                else:
                    self.running[p.slug] = proc
            code = proc.wait() if proc else 127
            with self.lock:
                self.running.pop(p.slug, None)
        wall = time.monotonic() - t0
        signum = -code if code < 0 else None
        exit_status = 128 + signum if signum else code
        stderr_tail = tail(err_log)
        if exit_status == 0 and not csv_path.is_file():
            exit_status, status = EXIT_FAILED, "failed"
            stderr_tail += "\nsweep: the simulator exited 0 but wrote no CSV"
        elif exit_status == 0:
            status = "ok"
        elif self.stop_signal is not None and exit_status in (130, 143, 128 + self.stop_signal):
            status = "interrupted"
        else:
            status = "failed"
        manifest = {
            "schema": MANIFEST_SCHEMA,
            "slug": p.slug,
            "index": p.index,
            "params": p.params,
            "status": status,
            "exit_status": exit_status,
            "signal": signum,
            "command": cmd,
            "command_line": shlex.join(cmd),
            "cwd": self.cwd,
            "sim_version": self.version,
            "seed": _seed_of(p),
            "start_time": start_iso,
            "end_time": now_iso(),
            "wall_time_s": round(wall, 3),
            "csv": csv_path.name if status == "ok" else None,
            "stdout_log": out_log.name,
            "stderr_log": err_log.name,
            "stderr_tail": stderr_tail,
            "host": socket.gethostname(),
        }
        atomic_write_text(manifest_path, json.dumps(manifest, indent=2) + "\n")
        if status == "failed":
            self.failures.append((p, manifest))
        return {"ok": "done"}.get(status, status)

    def _worker(self, queue: list[Point]) -> None:
        while True:
            with self.lock:
                if self.stop_signal is not None or not queue:
                    return
                p = queue.pop(0)
            try:
                outcome = self.run_point(p)
            except OSError as e:    # e.g. the output directory vanished: record and go on
                print(f"sweep: {p.slug}: {e}", file=sys.stderr, flush=True)
                outcome = "failed"
                self.failures.append((p, {"stderr_tail": str(e), "exit_status": None}))
            if outcome is None:
                return
            with self.lock:
                self.outcomes[p.slug] = outcome
                self._finished_count += 1
                n = self._finished_count
            if outcome != "skipped":
                m = load_manifest(self.manifest_path(p)) or {}
                self.log(f"[{n}/{len(self.points)}] {outcome:<11} {p.slug}  "
                         f"({m.get('wall_time_s', 0):.2f} s, exit {m.get('exit_status')})")

    def run(self) -> int:
        """Runs every point; returns the sweep's exit status (0, 1, 130 or 143)."""
        self.runs.mkdir(parents=True, exist_ok=True)
        queue = list(self.points)
        if any(self.force or not self.is_finished(p) for p in queue):
            _ = self.version    # ask the simulator once, before the workers start
        old = {s: signal.signal(s, self.on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            threads = [threading.Thread(target=self._worker, args=(queue,), daemon=True)
                       for _ in range(min(self.jobs, len(queue)) or 1)]
            for t in threads:
                t.start()
            for t in threads:
                while t.is_alive():
                    t.join(0.1)
        finally:
            for s, handler in old.items():
                signal.signal(s, handler)
        return self.summarize()

    def summarize(self) -> int:
        counts = {k: 0 for k in ("done", "skipped", "failed", "interrupted")}
        for outcome in self.outcomes.values():
            counts[outcome] += 1
        not_started = len(self.points) - len(self.outcomes)
        summary = ", ".join(f"{v} {k}" for k, v in counts.items() if v or k != "interrupted")
        if not_started:
            summary += f", {not_started} not started"
        print(f"sweep: {len(self.points)} runs: {summary}", flush=True)
        failures = sorted(self.failures, key=lambda f: f[0].index)
        for p, m in failures[:MAX_LISTED_FAILURES]:
            print(f"  failed: {p.slug} (exit {m.get('exit_status')}): {error_line(m.get('stderr_tail'))}\n"
                  f"          see {self.manifest_path(p)}", flush=True)
        if len(failures) > MAX_LISTED_FAILURES:
            print(f"  ... and {len(failures) - MAX_LISTED_FAILURES} more failed runs "
                  f"(manifests with \"status\": \"failed\" in {self.runs})", flush=True)
        if self.stop_signal is not None:
            print(f"sweep: interrupted by signal {self.stop_signal}; run the same command again to resume",
                  flush=True)
            return 128 + self.stop_signal
        return EXIT_FAILED if counts["failed"] else EXIT_OK


def error_line(stderr_tail: str | None) -> str:
    """The most telling line of a stderr tail: the last one starting with "error", else the last."""
    lines = [ln.strip() for ln in (stderr_tail or "").splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.lower().startswith(("error", "fatal"))]
    return (errors or lines or ["(no stderr)"])[-1]


def _seed_of(p: Point) -> int | None:
    args = list(p.sim_args)
    for i, a in enumerate(args[:-1]):
        if a == "--seed":
            return int(args[i + 1])
    return None


# --------------------------------------------------------------------------- merging


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return (rows[0], rows[1:]) if rows else ([], [])


def write_merged(out: Path, runs: list[tuple[dict[str, str], Path]], lead: list[str]) -> tuple[Path, int]:
    """Writes out/merged.csv atomically: lead columns + the union of the runs' CSV columns."""
    tables = [(params, *read_csv(path)) for params, path in runs]
    sim_cols: list[str] = []
    for _, header, _ in tables:
        sim_cols += [c for c in header if c not in sim_cols]
    clash = [c for c in lead if c in sim_cols]
    lead_names = [f"sweep.{c}" if c in clash else c for c in lead]
    lines = [lead_names + sim_cols]
    for params, header, rows in tables:
        where = {c: i for i, c in enumerate(header)}
        for row in rows:
            lines.append([params.get(c, "") for c in lead]
                         + [row[where[c]] if c in where and where[c] < len(row) else "" for c in sim_cols])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(lines)
    target = out / MERGED_NAME
    atomic_write_text(target, buf.getvalue())
    return target, len(lines) - 1


def merge_sweep(sweep: Sweep) -> tuple[Path, int, int]:
    """Merges the finished runs of the current grid, in grid order."""
    runs = [(p.params, sweep.csv_path(p)) for p in sweep.points if sweep.is_finished(p)]
    path, rows = write_merged(sweep.out, runs, ordered_columns([p.params for p in sweep.points]))
    return path, len(runs), rows


def merge_dir(out: Path) -> tuple[Path, int, int]:
    """Merges every successful run recorded in out/runs (e.g. from cluster jobs), by grid index."""
    runs_dir = out / RUNS_DIR
    if not runs_dir.is_dir():
        raise UsageError(f"--merge {out}: no {RUNS_DIR}/ directory with run manifests in it")
    found = []
    for path in sorted(runs_dir.glob("*.json")):
        m = load_manifest(path)
        if not m or m.get("status") != "ok" or m.get("exit_status") != 0 or not m.get("csv"):
            continue
        csv_path = runs_dir / m["csv"]
        if csv_path.is_file():
            found.append((m.get("index", 0), m.get("slug", path.stem), m.get("params", {}), csv_path))
    found.sort(key=lambda r: (r[0], r[1]))
    runs = [(params, csv_path) for _, _, params, csv_path in found]
    path, rows = write_merged(out, runs, ordered_columns([params for params, _ in runs]))
    return path, len(runs), rows


# --------------------------------------------------------------------------- CLI


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sweep.py",
        description="Run a grid of stt-cyclesim simulations in parallel, resumably, and merge their CSVs.\n"
                    "Options taking a LIST accept comma-separated values (\\, for a literal comma) and\n"
                    "may be repeated. Arguments after `--` are passed to every simulator run.\n"
                    "Outputs: DIR/runs/SLUG.{csv,json,out,err} per run and DIR/merged.csv.",
        epilog="Examples:\n"
               "  sweep.py --trace t.trc --memory dram,mlc --set memory.channels=8,11 --out results/sweeps/ch\n"
               "  sweep.py --workload alexnet,vgg19 --batch 64,128 --memory dram,mlc --out DIR -j 4\n"
               "  sweep.py ... --out DIR --emit-jobs jobs.txt   then   parallel < jobs.txt\n"
               "  sweep.py --merge DIR\n"
               "Exit status: 0 all runs succeeded, 1 some run failed, 2 bad arguments, 130/143 interrupted.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    g = p.add_argument_group("grid")
    g.add_argument("-w", "--workload", action="append", metavar="LIST", help="workloads (names or .net/.prototxt paths)")
    g.add_argument("-b", "--batch", action="append", metavar="LIST", help="batch sizes for workload runs (default 128)")
    g.add_argument("--trace", action="append", metavar="LIST", help="trace files to replay (batch does not apply)")
    g.add_argument("--trace-format", metavar="FORMAT", help="passed to the simulator for trace runs")
    g.add_argument("-m", "--memory", action="append", metavar="LIST", help="memory presets, one per run (default dram)")
    g.add_argument("--seed", action="append", metavar="LIST", help="seed(s); several make a grid axis")
    g.add_argument("--set", action="append", metavar="KEY=V1,V2,...",
                   help="config override; a comma list makes a grid axis, a single value is passed through")
    r = p.add_argument_group("running")
    r.add_argument("--out", metavar="DIR", help="output directory, e.g. results/sweeps/NAME")
    r.add_argument("--sim", metavar="PATH", help=f"simulator binary (default: {DEFAULT_SIM})")
    r.add_argument("-j", "--jobs", type=int, metavar="N", default=None,
                   help="parallel runs on this machine (default: number of CPUs)")
    r.add_argument("--force", action="store_true", help="rerun finished points too")
    r.add_argument("--dry-run", action="store_true", help="print the grid (and each point's state) and exit")
    r.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    c = p.add_argument_group("clusters")
    c.add_argument("--emit-jobs", metavar="FILE",
                   help="write one shell command per line, each running one grid point, and exit")
    c.add_argument("--pending", action="store_true", help="with --emit-jobs: only points not finished yet")
    c.add_argument("--run-one", type=int, metavar="INDEX", help="run only grid point INDEX (what job lines call)")
    c.add_argument("--expect-slug", metavar="SLUG", help="with --run-one: fail (exit 2) unless INDEX is this point")
    c.add_argument("--merge", metavar="DIR", help="merge the successful runs in DIR into DIR/merged.csv and exit")
    return p


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


def split_argv(argv: list[str]) -> tuple[list[str], list[str]]:
    if "--" in argv:
        i = argv.index("--")
        return argv[:i], argv[i + 1:]
    return argv, []


def print_grid(grid: Grid, sweep: Sweep | None) -> None:
    axes = " x ".join(grid.axes) or "single point"
    print(f"{len(grid.points)} runs ({axes}); merged.csv leading columns: {','.join(grid.columns)}")
    for p in grid.points:
        state = ""
        if sweep is not None:
            state = "done    " if sweep.is_finished(p) else "pending "
        cmd = shlex.join(p.command(sweep.sim, sweep.csv_path(p)) if sweep else ["stt-cyclesim", *p.sim_args])
        print(f"{p.index:4d} {state}{p.slug}\n       {cmd}")


def emit_jobs(grid: Grid, sweep: Sweep, path: Path, pending_only: bool) -> int:
    base = [*grid.canonical_args(), "--sim", str(sweep.sim), "--out", str(sweep.out), "-q"]
    lines = []
    for p in grid.points:
        if pending_only and sweep.is_finished(p):
            continue
        cmd = ["python3", str(SCRIPT), "--run-one", str(p.index), "--expect-slug", p.slug, *base]
        if grid.extra:
            cmd += ["--", *grid.extra]
        lines.append(f"cd {shlex.quote(sweep.cwd)} && exec {shlex.join(cmd)}\n")
    sweep.out.mkdir(parents=True, exist_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, "".join(lines))
    if not sweep.sim.is_file():
        print(f"warning: simulator {sweep.sim} does not exist here; the job lines call it", file=sys.stderr)
    print(f"wrote {len(lines)} job lines to {path}; run them with e.g.\n"
          f"  parallel -j N < {path}\n"
          f"  sbatch --array=1-{len(lines)} {REPO_ROOT / 'scripts' / 'slurm-array.sbatch'} {path}\n"
          f"then merge: {sys.argv[0]} --merge {sweep.out}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    own, extra = split_argv(list(sys.argv[1:] if argv is None else argv))
    parser = make_parser()
    ns = parser.parse_args(own)   # exits 2 on unknown options
    try:
        if ns.merge:
            if any(getattr(ns, a) for a in ("workload", "trace", "emit_jobs", "dry_run")) or ns.run_one is not None:
                raise UsageError("--merge DIR takes no grid options")
            path, nruns, nrows = merge_dir(Path(ns.merge))
            print(f"merged {nruns} runs ({nrows} rows) into {path}")
            return EXIT_OK
        grid = build_grid(ns, extra)
        if ns.jobs is not None and ns.jobs < 1:
            raise UsageError("-j/--jobs must be at least 1")
        if ns.expect_slug and ns.run_one is None:
            raise UsageError("--expect-slug goes with --run-one")
        if ns.pending and not ns.emit_jobs:
            raise UsageError("--pending goes with --emit-jobs")
        sim = Path(os.path.abspath(ns.sim)) if ns.sim else DEFAULT_SIM
        if not ns.out:
            if ns.dry_run:
                print_grid(grid, None)
                return EXIT_OK
            raise UsageError("--out DIR is required (e.g. --out results/sweeps/NAME)")
        out = Path(os.path.abspath(ns.out))
        sweep = Sweep(grid.points, sim, out, ns.jobs or default_jobs(), force=ns.force, quiet=ns.quiet)
        if ns.dry_run:
            print_grid(grid, sweep)
            return EXIT_OK
        if ns.emit_jobs:
            return emit_jobs(grid, sweep, Path(ns.emit_jobs), ns.pending)
        check_sim(sim)
        if ns.run_one is not None:
            if not 0 <= ns.run_one < len(grid.points):
                raise UsageError(f"--run-one {ns.run_one}: the grid has points 0...{len(grid.points) - 1}")
            point = grid.points[ns.run_one]
            if ns.expect_slug and ns.expect_slug != point.slug:
                raise UsageError(f"--run-one {ns.run_one} is {point.slug}, not {ns.expect_slug}: "
                                 "the grid arguments changed since the jobs file was written")
            sweep.points = [point]
            status = sweep.run()
            return EXIT_FAILED if status == EXIT_FAILED else status
        status = sweep.run()
        if sweep.stop_signal is None:
            path, nruns, nrows = merge_sweep(sweep)
            print(f"merged {nruns} runs ({nrows} rows) into {path}")
        return status
    except UsageError as e:
        print(f"sweep.py: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
