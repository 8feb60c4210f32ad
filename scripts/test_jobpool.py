"""Tests of scripts/jobpool.py (standard library only)."""
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from jobpool import one_thread, run_pool  # noqa: E402


class PoolTests(unittest.TestCase):
    def test_one_thread_runs_every_item_in_order(self):
        seen = []
        self.assertEqual(run_pool([(i,) for i in range(5)], seen.append, 1), [])
        self.assertEqual(seen, [0, 1, 2, 3, 4])

    def test_items_run_once_each_on_several_threads(self):
        seen, lock = [], threading.Lock()

        def job(i, j):
            with lock:
                seen.append(i + j)
        self.assertEqual(run_pool([(i, 100) for i in range(20)], job, 3), [])
        self.assertEqual(sorted(seen), [100 + i for i in range(20)])

    def test_a_failure_is_reported_and_stops_new_items(self):
        seen = []

        def job(i):
            seen.append(i)
            if i == 1:
                raise RuntimeError("run 1 failed")
        self.assertEqual(run_pool([(i,) for i in range(4)], job, 1), ["run 1 failed"])
        self.assertEqual(seen, [0, 1])

    def test_a_pool_of_several_gives_each_simulator_one_thread(self):
        args = ["--workload", "alexnet"]
        self.assertEqual(one_thread(args, 2), args + ["--jobs", "1"])
        self.assertEqual(one_thread(args, 1), args)
        self.assertEqual(one_thread(args + ["--jobs", "3"], 2), args + ["--jobs", "3"])
        self.assertEqual(one_thread(args + ["-j", "3"], 2), args + ["-j", "3"])


if __name__ == "__main__":
    unittest.main()
