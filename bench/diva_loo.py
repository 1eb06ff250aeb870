"""Closed-form LOO (the paper's Prop. 3) against brute-force refitting, for the whole training set.

Brute force is timed on a sample of examples and extrapolated to all n (stated in the output); both sides
run in this process on the same data. `python -m bench.diva_loo`"""

from __future__ import annotations

import numpy as np

from bench.timing import best_time
from modeldash.analysis.diva.closed_form import loo_brute_force, loo_closed_form, one_hot
from modeldash.analysis.diva.task import digits_task
from modeldash.models.zoo import load_model


def compare(Z, Y, *, lam=1.0, n_sample=60, seed=0):
    alpha = np.ones(len(Z))
    idx = np.random.default_rng(seed).choice(len(Z), size=min(n_sample, len(Z)), replace=False)
    t_closed, closed = best_time(lambda: loo_closed_form(Z, Y, alpha, lam=lam))
    t_brute, brute = best_time(lambda: loo_brute_force(Z, Y, alpha, lam=lam, indices=idx), repeat=2)
    t_brute_all = t_brute / len(idx) * len(Z)
    return t_closed, t_brute_all, float(np.abs(closed[idx] - brute).max())


def main():
    _, model = load_model("digits_cnn")
    task = digits_task(model)
    rows = [("digits (real task)", task.features, one_hot(task.labels, 10))]
    rng = np.random.default_rng(0)
    for n in (2000, 4000):
        rows.append((f"synthetic n={n}", rng.normal(size=(n, 65)), one_hot(rng.integers(0, 10, n), 10)))
    print(
        f"{'data':<20} {'n':>5} {'closed form (all)':>18} {'brute force (all, extrapolated)':>32} "
        f"{'ratio':>8} {'max |diff|':>11}"
    )
    for name, Z, Y in rows:
        tc, tb, err = compare(Z, Y)
        print(f"{name:<20} {len(Z):>5} {tc * 1000:>15.2f} ms {tb:>30.2f} s {tb / tc:>7.0f}x {err:>11.1e}")


if __name__ == "__main__":
    import argparse

    argparse.ArgumentParser(prog="python -m bench.diva_loo", description=__doc__).parse_args()
    main()
