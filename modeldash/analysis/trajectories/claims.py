"""You Mostly Walk Alone's claims as verdicts (analysis/claims.py has the rules)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from modeldash.analysis.claims import Claim
from modeldash.analysis.intervals import crossed_interval
from modeldash.analysis.trajectories.attribution import neighbour_effect, social_minus_random
from modeldash.analysis.trajectories.settings import TrajSettings, label, unit

HELD_OUT = ("biwi_eth", "crowds_zara03")  # the pedestrian files the zoo never trained on
# Table 1's losses per distribution model: NLL and minADE_20 of the Gaussian one, minADE_20 of the sampling one
TABLE1 = (("gauss_attn", "nll"), ("gauss_attn", "min_ade"), ("sample_attn", "min_ade"))
MARGIN = {"nll": 0.05, "min_ade": 0.01}  # a difference below this is practically none (nats per step; m)


def claims(zoo=None, folder: Path | None = None) -> list[Claim]:
    """You Mostly Walk Alone, with every kind of the zoo at its three training seeds and t-intervals over the seeds
    crossed with the 300 scenes: on pedestrian data the social score is no higher than a random agent's (within a
    margin of 0.01 m); on coordinated play (the team game) removing the neighbours hurts; and Table 1 for the
    distribution models: with and without the neighbours NLL and minADE_20 barely move, and the social score under
    the model's own loss is no higher than a random agent's. From the stored tables (precompute's `seeds:` units)."""
    out = []
    for dataset in (*HELD_OUT, "team"):
        out += seeded_claims(dataset, seeds_comparison(dataset, "ade", zoo, folder=folder))
    for dataset in HELD_OUT:
        for metric in sorted({m for _, m in TABLE1}):
            out += table1_claims(dataset, seeds_comparison(dataset, metric, zoo, folder=folder))
    return out


def seeds_comparison(dataset: str, metric: str, zoo=None, *, folder: Path | None):
    """The stored table of a dataset under `metric` with every training seed of the zoo's models of its domain
    (precompute's `seeds:` units write it)."""
    from modeldash.analysis.trajectories.service import domain_of, load_dataset
    from modeldash.analysis.trajectories.stored import seed_files, stored_table

    domain, settings = domain_of(dataset), TrajSettings(metric=metric)
    extra = seed_files(domain, zoo)
    return stored_table(load_dataset(dataset), domain, zoo, settings, folder=folder, extra=extra)[0]


def _seed_claim(dataset: str, kind: str, x: np.ndarray, claim: str, quantity: str, test: str, threshold: float,
                paper: str, note: str = "") -> Claim:  # fmt: skip
    """A claim on a (seeds, scenes) quantity, its interval a t over seeds crossed with scenes."""
    est, lo, hi, _ = crossed_interval(x)
    return Claim(
        "trajectories", f"{kind} on {dataset}: {claim}", quantity, est, (lo, hi), test, (threshold,), paper,
        x.shape[0], f"seeds × {x.shape[1]} scenes", note,
        method="Student's t, seeds crossed with scenes (Satterthwaite df)",
    )  # fmt: skip


def _kinds(comp) -> list[str]:
    """The model kinds of a table (seeds folded), in its order, that see their neighbours (a social score not
    exactly 0 somewhere)."""
    out = []
    for r in comp.rows:
        kind = r.summary.model.split(" (seed ")[0]
        if kind not in out and not (r.summary.social.high == 0 and r.summary.social.value == 0):
            out.append(kind)
    return out


def seeded_claims(dataset: str, comp) -> list[Claim]:
    """The paper's claims on one dataset's table of every seed: on the team game, removing the neighbours hurts; on
    pedestrian data, the social score is no higher than a random agent's."""
    out = []
    for kind in _kinds(comp):
        if dataset == "team":
            x = _by_seed(comp, kind, neighbour_effect)
            out.append(
                _seed_claim(
                    "the team game",
                    kind,
                    x,
                    "removing the neighbours hurts",
                    "ADE without neighbours − ADE with them, m",
                    "above",
                    0.0,
                    "on coordinated (sports) data the neighbours matter",
                )  # fmt: skip
            )
        else:
            x = _by_seed(comp, kind, social_minus_random)
            out.append(
                _seed_claim(
                    dataset,
                    kind,
                    x,
                    "the social score is no higher than a random agent's",
                    "social score − random agent's value, m of ADE",
                    "below",
                    0.01,
                    "pedestrian models' social scores ≈ the random agent's (Fig. 5)",
                    "margin 0.01 m: a difference below it is practically none",
                )  # fmt: skip
            )
    return out


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
        effect = _by_seed(comp, kind, neighbour_effect)
        social = _by_seed(comp, kind, social_minus_random)
        if effect.size == 0:
            continue
        for what, x, quantity, paper in (
            (
                "removing the neighbours barely changes the loss",
                effect,
                "loss without − with the neighbours, " + u,
                "Table 1: with and without interaction, NLL and minADE_20 on ETH/UCY differ little",
            ),
            (
                "the social score is no higher than a random agent's",
                social,
                "social score − random agent's, " + u,
                "Fig. 5: pedestrian models' social scores ≈ the random agent's, under the model's own loss",
            ),
        ):
            note = f"margin {MARGIN[metric]:g} {unit(metric)}: a difference below it is practically none"
            claim = f"{label(metric).replace('_K', '_20')}: {what}"
            out.append(_seed_claim(dataset, kind, x, claim, quantity, "below", MARGIN[metric], paper, note))
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
    from modeldash.analysis.trajectories.stored import stored_table
    from modeldash.data.trajectories import load_file

    comp = stored_table(load_file(path), "eth_ucy", zoo, folder=folder)[0]
    return comparison_claims(Path(path).stem, comp)
