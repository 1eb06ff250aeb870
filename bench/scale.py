"""How the dataset-level work grows, printed as tables with the growth exponent (the slope of log time against
log size; 1 is linear).

- Trajectories: exact Shapley attribution of N scenes of simulated crowds by the social-attention model, in this
  process and on a Dask LocalCluster of 2 worker processes (chunks of 100 scenes).
- DIVA's closed form (LOO predictions and the dataset derivative) at n examples with d features: time and peak
  memory, each size in a fresh process. The method is O(n·d²); no n×n matrix is formed.
- The results store: reading each view's stored dataset-level result against recomputing it.

`python -m bench.scale [--quick]` (--quick: N up to 1,000, n up to 10,000)."""

from __future__ import annotations

import argparse
import multiprocessing as mp
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def exponent(sizes, times) -> float:
    return float(np.polyfit(np.log(sizes), np.log(times), 1)[0])


def _scenes(n: int):
    """At least n scenes of simulated crowds (more steps, more scenes), the first n of them."""
    from modeldash.data.trajectories_sim import CrowdConfig, crowd_scenes

    steps = 600
    while True:
        s = crowd_scenes(CrowdConfig(n_steps=min(steps, 5000), spawn_rate=0.25), seed=3, name=f"crowd{n}")
        if len(s) >= n or steps >= 5000:
            return s.take(np.arange(min(n, len(s))))
        steps = int(steps * max(1.5, n / max(len(s), 1)))


def trajectories(sizes) -> None:
    from modeldash.analysis.trajectories import service
    from modeldash.analysis.trajectories.settings import TrajSettings
    from modeldash.models.zoo import model_file
    from modeldash.runtime import jobs

    files = {"social_attn": model_file("traj_eth_ucy_social_attn")}
    print("Trajectories: exact Shapley attribution of N simulated-crowd scenes (social attention)")
    print(f"{'N':>7}{'in process s':>14}{'ms/scene':>10}{'Dask 2 workers s':>18}{'ms/scene':>10}")
    rows = []
    jobs.get_client()  # the cluster's start-up and the workers' first model load are not counted
    warm = _scenes(20)
    for executor in ("local", "dask"):
        tasks = [("social_attn", files["social_attn"], c) for c in jobs.chunked(np.arange(20), 10)]
        jobs.map_chunks(service.per_scene_chunk, tasks, warm, TrajSettings(), executor=executor)
    for n in sizes:
        scenes = _scenes(n)
        ids = np.arange(len(scenes))
        out = []
        for executor in ("local", "dask"):
            t0 = time.perf_counter()
            tasks = [("social_attn", files["social_attn"], c) for c in jobs.chunked(ids, 100)]
            jobs.map_chunks(service.per_scene_chunk, tasks, scenes, TrajSettings(), executor=executor)
            out.append(time.perf_counter() - t0)
        rows.append((len(scenes), *out))
        print(
            f"{len(scenes):>7}{out[0]:>14.1f}{1000 * out[0] / len(scenes):>10.1f}{out[1]:>18.1f}"
            f"{1000 * out[1] / len(scenes):>10.1f}"
        )
    ns = [r[0] for r in rows]
    print(
        f"exponent in N: in process {exponent(ns, [r[1] for r in rows]):.2f}, "
        f"Dask {exponent(ns, [r[2] for r in rows]):.2f}"
    )
    jobs.close_clients()


def _diva_once(n: int, d: int, q) -> None:
    import torch

    from modeldash.analysis.diva.closed_form import dataset_derivative, loo_closed_form, one_hot

    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(n, d))
    Y = one_hot(rng.integers(0, 10, n), 10)
    me, peak, done = psutil.Process(), [0], threading.Event()
    base = me.memory_info().rss

    def sample():  # resident memory every 2 ms while the method runs
        while not done.is_set():
            peak[0] = max(peak[0], me.memory_info().rss)
            time.sleep(0.002)

    t = threading.Thread(target=sample)
    t.start()
    t0 = time.perf_counter()
    loo_closed_form(Z, Y, np.ones(n), lam=1.0)
    dataset_derivative(Z, Y, np.ones(n), lam=1.0)
    took = time.perf_counter() - t0
    done.set()
    t.join()
    q.put((took, max(peak[0] - base, 0)))


def diva(sizes, dims=(64, 512)) -> None:
    print("\nDIVA closed form: LOO predictions + dataset derivative, one thread, each in a fresh process")
    print(f"{'n':>8}{'d':>5}{'time s':>9}{'peak extra MiB':>16}{'inputs MiB':>12}{'n x n would be MiB':>20}")
    ctx = mp.get_context("spawn")
    for d in dims:
        times = []
        for n in sizes:
            q = ctx.Queue()
            p = ctx.Process(target=_diva_once, args=(n, d, q))
            p.start()
            t, mem = q.get()
            p.join()
            times.append(t)
            print(f"{n:>8}{d:>5}{t:>9.2f}{mem / 2**20:>16.0f}{8 * n * d / 2**20:>12.0f}{8 * n * n / 2**20:>20,.0f}")
        print(f"  exponent in n at d = {d}: {exponent(sizes, times):.2f}")


def store_hits() -> None:
    """Each view's first precompute unit read from a copy of the shipped store, against computing it again (into
    an empty store): the views and their units come from the catalogue."""
    from modeldash.analysis import store
    from modeldash.analysis.precompute import Settings
    from modeldash.catalogue import resolve, views

    def once(mod, what, folder):
        s = Settings(None, str(folder))
        if hasattr(mod, "fan_out"):
            return mod.fan_out(what, s, executor="local", chunk=None, scheduler=None)
        return mod.compute(what, s)

    print("\nResults store: a stored dataset-level result read back, against computing it again")
    print(f"{'view':<14}{'unit':<28}{'read s':>9}{'compute s':>11}{'ratio':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        shipped = Path(tmp, "store")
        shutil.copytree(ROOT / "modeldash" / "models" / "results", shipped)
        for v in views():
            mod = resolve(v.precompute)
            what = mod.units(Settings(None, str(shipped)))[0]
            once(mod, what, shipped)  # the imports, once
            t_read = min(_timed(once, mod, what, shipped) for _ in range(3))
            t_compute = _timed(once, mod, what, Path(tmp, f"empty-{v.task}"))  # loading the models is part of it
            print(f"{v.task:<14}{what[:27]:<28}{t_read:>9.3f}{t_compute:>11.2f}{t_compute / t_read:>7.0f}x")
        assert len(store.index(shipped)) >= 13


def _timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


BENCHMARKS = {  # name: run(quick)
    "trajectories": lambda quick: trajectories([100, 300, 1000] if quick else [100, 1000, 10000]),
    "diva": lambda quick: diva([1000, 10000] if quick else [1000, 10000, 100000]),
    "store": lambda quick: store_hits(),
}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", choices=list(BENCHMARKS), default=None)
    a = ap.parse_args(argv)
    for name, run in BENCHMARKS.items():
        if a.only in (None, name):
            run(a.quick)
    print(f"(python {sys.version.split()[0]}, {mp.cpu_count()} cores)")


if __name__ == "__main__":
    main()
