"""Batched exact Shapley against shap's exact and permutation explainers on the same scenes and value
function, and the time to attribute every scene of one ETH/UCY file. Ratios are measured in this run.
`python -m bench.trajectories`"""

from __future__ import annotations

import time

import numpy as np

from modeldash.analysis.shapley import exact_shapley
from modeldash.analysis.trajectories.attribution import attribute_dataset, scene_game
from modeldash.data.trajectories import load_file
from modeldash.models.zoo import load_model


def main() -> None:
    import shap

    _, model = load_model("traj_eth_ucy_social_attn")
    scenes = load_file("crowds_zara03")
    ids = np.flatnonzero(scenes.n_neighbours >= 9)[:10]  # 11–12 players: the costly case
    t_ours = t_exact = t_perm = 0.0
    diff_exact = diff_perm = 0.0
    for i in ids:
        fn, players = scene_game(model, scenes, int(i))
        n = len(players)
        t0 = time.perf_counter()
        ours = exact_shapley(fn, players).values
        t_ours += time.perf_counter() - t0
        masker = shap.maskers.Independent(np.zeros((1, n)))
        f = lambda x, fn=fn: fn(x.astype(bool))  # noqa: E731
        t0 = time.perf_counter()
        theirs = shap.explainers.Exact(f, masker)(np.ones((1, n))).values[0]
        t_exact += time.perf_counter() - t0
        t0 = time.perf_counter()
        perm = shap.explainers.Permutation(f, masker)(np.ones((1, n)), max_evals=2 * n + 1 + 2**n).values[0]
        t_perm += time.perf_counter() - t0
        diff_exact = max(diff_exact, float(np.abs(ours - theirs).max()))
        diff_perm = max(diff_perm, float(np.abs(ours - perm).max()))
    sizes = sorted({1 + int(scenes.n_neighbours[i]) + 1 for i in ids})
    print(f"{len(ids)} scenes with {sizes} players (past, neighbours, random agent), social_attn model")
    print(f"ours (batched exact)   {t_ours:.2f} s")
    print(
        f"shap Exact             {t_exact:.2f} s  -> ours is {t_exact / t_ours:.0f}x faster, max |diff| {diff_exact:.1e}"
    )
    print(
        f"shap Permutation       {t_perm:.2f} s  -> ours is {t_perm / t_ours:.0f}x faster, max |diff| {diff_perm:.1e}"
        " (sampled)"
    )
    for kind in ("ego_lstm", "social_attn", "stgcnn"):
        _, m = load_model(f"traj_eth_ucy_{kind}")
        t0 = time.perf_counter()
        att = attribute_dataset(m, scenes, name=kind)
        print(
            f"all {len(scenes)} scenes of crowds_zara03, {kind}: {time.perf_counter() - t0:.1f} s "
            f"(max efficiency error {att.summary().max_efficiency_error:.1e})"
        )


if __name__ == "__main__":
    import argparse

    argparse.ArgumentParser(prog="python -m bench.trajectories", description=__doc__).parse_args()
    main()
