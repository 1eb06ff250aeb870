"""The one timer the benches share: best of `repeat` wall-clock runs (the machines are noisy)."""

from __future__ import annotations

import time


def best_time(fn, repeat: int = 5):
    """(fastest of `repeat` runs of fn() in seconds, fn's last result)."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out
