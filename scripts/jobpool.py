"""A pool of simulator runs shared by the scripts: `run_pool(items, job, jobs)` calls
`job(*item)` for each item on `jobs` threads, taking items in order, and stops taking new ones
after the first failure (a RuntimeError); it returns the failures' messages. `one_thread(args,
jobs)` gives a simulator's arguments `--jobs 1` when the pool runs several at once (the simulator
otherwise uses every core for itself). Standard library."""
from __future__ import annotations

import threading
from typing import Callable


def one_thread(args: list[str], jobs: int) -> list[str]:
    if jobs > 1 and not any(a in ("--jobs", "-j") or a.startswith("--jobs=") for a in args):
        return args + ["--jobs", "1"]
    return args


def run_pool(items: list[tuple], job: Callable[..., object], jobs: int) -> list[str]:
    todo = list(items)
    lock = threading.Lock()
    failures: list[str] = []

    def worker():
        while True:
            with lock:
                if not todo or failures:
                    return
                item = todo.pop(0)
            try:
                job(*item)
            except RuntimeError as e:
                with lock:
                    failures.append(str(e))

    threads = [threading.Thread(target=worker) for _ in range(max(1, jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return failures
