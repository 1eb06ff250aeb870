"""You Mostly Walk Alone's claims as verdicts (analysis/claims.py has the rules)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from modeldash.analysis.claims import Claim, refuse
from modeldash.analysis.intervals import crossed_interval
from modeldash.analysis.trajectories.settings import TrajSettings, label, unit

HELD_OUT = ("biwi_eth", "crowds_zara03")  # the pedestrian files the zoo never trained on
# Table 1's losses per distribution model: NLL and minADE_20 of the Gaussian one, minADE_20 of the sampling one
TABLE1 = (("gauss_attn", "nll"), ("gauss_attn", "min_ade"), ("sample_attn", "min_ade"))
MARGIN = {"nll": 0.05, "min_ade": 0.01}  # a difference below this is practically none (nats per step; m)


def claims(zoo=None, folder: Path | None = None, stored_only: bool = False) -> list[Claim]:
    """You Mostly Walk Alone: on pedestrian data the social score is no higher than a random agent's (within a
    margin of 0.01 m); on coordinated play (the team game) removing the neighbours hurts (paired bootstrap over
    the same scenes, one seed each). And Table 1 for the zoo's distribution models at three seeds: with and without
    the neighbours, NLL and minADE_20 barely move, and the social score under the model's own loss is no higher
    than a random agent's (t-intervals over seeds crossed with scenes). From the stored tables."""
    from modeldash.analysis.trajectories.service import stored_zoo_comparison

    out = []
    compute = refuse("trajectories") if stored_only else None
    for dataset in (*HELD_OUT, "team"):
        comp = stored_zoo_comparison(dataset, zoo, folder=folder, compute=compute)[0]
        out += comparison_claims(dataset, comp)
    for dataset in HELD_OUT:
        for metric in sorted({m for _, m in TABLE1}):
            out += table1_claims(dataset, seeds_comparison(dataset, metric, zoo, folder=folder, compute=compute))
    return out


def seeds_comparison(dataset: str, metric: str, zoo=None, *, folder: Path | None, compute=None):
    """The stored table of a held-out pedestrian file under `metric` with every training seed of the zoo's models
    (precompute's `table1:` units write it)."""
    from modeldash.analysis.trajectories.service import load_dataset, seed_files, stored_table

    settings = TrajSettings(metric=metric)
    extra = seed_files("eth_ucy", zoo)
    return stored_table(load_dataset(dataset), "eth_ucy", zoo, settings, folder=folder, extra=extra, compute=compute)[0]


def _by_seed(comp, kind: str, column) -> np.ndarray:
    """(seeds, scenes) of a per-scene quantity of every seed of `kind` ("gauss_attn" and "gauss_attn (seed k)")."""
    rows = [r for r in comp.rows if r.summary.model.split(" (seed ")[0] == kind and r.per_scene is not None]
    return np.stack([np.asarray(column(r.per_scene), dtype=float) for r in rows]) if rows else np.empty((0, 0))


def table1_claims(dataset: str, comp) -> list[Claim]:
    """The paper's Table 1 for the distribution models on one held-out file, under `comp`'s loss: removing the
    neighbours barely moves it, and the social score is no higher than the random agent's."""
    metric, out = comp.metric, []
    u = f"{unit(metric)} of {label(metric).replace('_K', '_20')}"
    for kind, m in TABLE1:
        if m != metric:
            continue
        effect = _by_seed(comp, kind, lambda f: f["err_without_neighbours"] - f["err_full"])
        social = _by_seed(comp, kind, lambda f: f["social"] - f["random_agent"])
        if effect.size == 0:
            continue
        s, n = effect.shape
        for what, x, paper in (
            (
                "removing the neighbours barely changes the loss",
                effect,
                "Table 1: with and without interaction, NLL and minADE_20 on ETH/UCY differ little",
            ),
            (
                "the social score is no higher than a random agent's",
                social,
                "Fig. 5: pedestrian models' social scores ≈ the random agent's, under the model's own loss",
            ),
        ):
            est, lo, hi, _ = crossed_interval(x)
            out.append(
                Claim(
                    "trajectories",
                    f"{kind} on {dataset}, {label(metric).replace('_K', '_20')}: {what}",
                    ("loss without − with the neighbours, " if x is effect else "social score − random agent's, ") + u,
                    est,
                    (lo, hi),
                    "below",
                    (MARGIN[metric],),
                    paper,
                    s,
                    f"seeds × {n} scenes",
                    f"margin {MARGIN[metric]:g} {unit(metric)}: a difference below it is practically none",
                    method="Student's t, seeds crossed with scenes (Satterthwaite df)",
                )
            )
    return out


def comparison_claims(dataset: str, comp) -> list[Claim]:
    """The trajectory claims on one dataset's comparison of models: on the team game, removing the neighbours
    hurts; on any other (pedestrian) data, the social score is no higher than a random agent's."""
    out = []
    for r in comp.rows:
        s = r.summary
        if s.social.high == 0 and s.social.value == 0:
            continue  # a model that does not see its neighbours: nothing to test
        if dataset != "team":
            e = s.social_minus_random
            out.append(
                Claim(
                    "trajectories",
                    f"{s.model} on {dataset}: the social score is no higher than a random agent's",
                    "social score − random agent's value, m of ADE",
                    e.value,
                    (e.low, e.high),
                    "below",
                    (0.01,),
                    "pedestrian models' social scores ≈ the random agent's (Fig. 5)",
                    s.n_scenes,
                    "scenes",
                    "margin 0.01 m: a difference below it is practically none",
                    method="paired percentile bootstrap",
                )
            )
        else:
            e = s.neighbour_effect
            out.append(
                Claim(
                    "trajectories",
                    f"{s.model} on the team game: removing the neighbours hurts",
                    "ADE without neighbours − ADE with them, m",
                    e.value,
                    (e.low, e.high),
                    "above",
                    (0.0,),
                    "on coordinated (sports) data the neighbours matter",
                    s.n_scenes,
                    "scenes",
                    method="paired percentile bootstrap",
                )
            )
    return out


def data_claims(path: str | Path, zoo=None, folder: Path | None = None, *, quick: bool = False) -> list[Claim]:
    """The claims on an ETH/UCY trajectory file: the zoo's pedestrian models compared on its scenes."""
    from modeldash.analysis.trajectories.service import stored_table
    from modeldash.data.trajectories import load_file

    comp = stored_table(load_file(path), "eth_ucy", zoo, folder=folder)[0]
    return comparison_claims(Path(path).stem, comp)
