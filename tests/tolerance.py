"""Comparing a stored result with a fresh one computed on another machine: the last bits of float32 features
differ between CPUs' maths libraries, so entries are compared with an absolute tolerance scaled by the
values' magnitude (a relative tolerance per entry fails on the entries near zero, whose error is set by the
large ones they are computed from)."""

import numpy as np


def assert_close_across_machines(actual, desired, rel: float = 1e-4) -> None:
    """|actual - desired| <= rel * max|desired| for every entry."""
    actual, desired = np.asarray(actual, dtype=float), np.asarray(desired, dtype=float)
    scale = float(np.max(np.abs(desired))) if desired.size else 0.0
    np.testing.assert_allclose(actual, desired, rtol=0, atol=rel * scale + 1e-12)
