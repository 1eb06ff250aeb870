"""Feature attribution for trajectory predictors, as "You Mostly Walk Alone" (Makansi et al., ICLR 2022).

Players: the target's past and each neighbour present at the last observed step (plus, as the paper's
control, a random agent from another scene added as an extra neighbour). The value of a coalition is
minus the model's loss on the true future — the paper's value function is the model's own loss: ADE or FDE of
a point prediction, minADE_K / minFDE_K over a sampling model's K futures (as the paper's PECNet code), the NLL of
the true future under a Gaussian output (as its Trajectron++ code) — so a player's Shapley value is
loss(without it) − loss(with it): positive means it helps. Sampled losses use draws fixed per scene
(models.trajectories.scene_draws), the same for every coalition, so efficiency holds exactly. Removal: a removed
neighbour is cut from the input (masked); a removed past becomes a static agent standing at the last observed
position. The appendix variant replaces a removed player by a random agent from another scene (averaged over
draws).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from modeldash.analysis.shapley import EFFICIENCY_TOL, ShapleyResult, shapley
from modeldash.analysis.trajectories.settings import label
from modeldash.data.trajectories import Scenes
from modeldash.errors import InputError

if TYPE_CHECKING:  # PyTorch is imported where the game runs: reading stored results needs none
    import torch

REMOVALS = ("remove", "random")
PAST = "past"
RANDOM = "random agent"


def scene_game(
    model,
    scenes: Scenes,
    i: int,
    *,
    metric: str = "ade",
    removal: str = "remove",
    random_control: bool = True,
    n_draws: int = 4,
    seed: int = 0,
) -> tuple[Callable[[np.ndarray], np.ndarray], tuple[str, ...]]:
    """The value function and players of scene i. Players: 'past', 'nb <id>' per present neighbour,
    and 'random agent' (another scene's target) when `random_control`."""
    import torch

    from modeldash.models.trajectories import METRICS_BY_OUTPUT, call, errors, noise_shape, output_kind, scene_draws

    kind = output_kind(model)
    if metric not in METRICS_BY_OUTPUT[kind]:
        raise InputError(
            f"{label(metric)} does not apply to a model whose output is {kind!r}; "
            f"choose {', '.join(map(label, METRICS_BY_OUTPUT[kind]))}"
        )
    if removal not in REMOVALS:
        raise InputError(f"removal must be one of {', '.join(REMOVALS)}")
    if len(scenes) < 2 and (random_control or removal == "random"):
        raise InputError("the random-agent control needs at least two scenes")
    rng = np.random.default_rng([seed, i])
    f = torch.float32
    fixed = scene_draws(model, seed, i)  # noise or standard normals, shared by every coalition (None: none)
    fixed = None if fixed is None else torch.from_numpy(fixed)
    takes_noise = noise_shape(model) is not None
    past = torch.tensor(scenes.past[i], dtype=f)  # (8, 2)
    fut = torch.tensor(scenes.future[i], dtype=f)
    present = np.flatnonzero(scenes.nb_mask[i, :, -1])
    nb = torch.tensor(scenes.nb_past[i, present], dtype=f)  # (K, 8, 2)
    nb_mask = torch.tensor(scenes.nb_mask[i, present])  # (K, 8)
    players = (PAST, *[f"nb {int(a)}" for a in scenes.nb_ids[i, present]])

    def other_pasts(k: int) -> torch.Tensor:
        j = rng.choice(np.delete(np.arange(len(scenes)), i), size=k)
        return torch.tensor(scenes.past[j], dtype=f)  # (k, 8, 2)

    if random_control:
        nb = torch.cat([nb, other_pasts(1)])
        nb_mask = torch.cat([nb_mask, torch.ones(1, nb.shape[1], dtype=torch.bool)])
        players = players + (RANDOM,)
    static = past[-1:].expand(past.shape[0], 2)  # a static agent at the last position
    draws = max(1, n_draws) if removal == "random" else 1
    if removal == "random":
        # per draw: a random agent replaces each removed player (the past: moved to end at the same point)
        repl = other_pasts(draws * (1 + len(nb))).view(draws, 1 + len(nb), *past.shape)
        repl_past = repl[:, 0] - repl[:, 0, -1:] + past[-1:]
        repl_nb = repl[:, 1:]

    def value_fn(masks: np.ndarray) -> np.ndarray:
        m = torch.from_numpy(np.asarray(masks, dtype=bool))  # (B, P)
        b = len(m)
        errs = []
        for d in range(draws):
            use_past = m[:, :1, None]  # (B, 1, 1)
            if removal == "random":
                p = torch.where(use_past, past, repl_past[d])
                nbs = torch.where(m[:, 1:, None, None], nb, repl_nb[d]).clone()
                mk = nb_mask.expand(b, *nb_mask.shape)
            else:
                p = torch.where(use_past, past, static)
                nbs = nb.expand(b, *nb.shape)
                mk = nb_mask[None] & m[:, 1:, None]  # removed neighbours are cut
            d = None if fixed is None else fixed.expand(b, *fixed.shape)
            with torch.no_grad():
                out = call(model, p.expand(b, *past.shape) if p.dim() == 2 else p, nbs, mk, d if takes_noise else None)
            errs.append(errors(out, fut.expand(b, *fut.shape), kind, metric, eps=d))
        return (-torch.stack(errs).mean(0)).double().numpy()

    return value_fn, players


def neighbour_effect(per_scene: pd.DataFrame) -> pd.Series:
    """Per scene: the loss without the neighbours minus the loss with them (> 0: removing them hurts)."""
    return per_scene["err_without_neighbours"] - per_scene["err_full"]


def social_minus_random(per_scene: pd.DataFrame) -> pd.Series:
    """Per scene: the social score (the best neighbour's value) minus the random agent's value."""
    return per_scene["social"] - per_scene["random_agent"]


@dataclass(frozen=True)
class DatasetAttribution:
    """Per-scene attributions of one model on one dataset, and the paper's dataset-level measures."""

    model: str
    dataset: str
    metric: str
    removal: str
    per_scene: pd.DataFrame  # scene, n_neighbours, past, social, mean_neighbour, random_agent, social_share,
    #                              err_full (every player but the control), err_without_neighbours, efficiency_error
    results: tuple[ShapleyResult, ...]
    seed: int

    def summary(self, *, n_boot: int = 1000) -> AttributionSummary:
        """Means with 95% bootstrap intervals over scenes (percentile method, seeded)."""
        f = self.per_scene
        rng = np.random.default_rng(self.seed)
        boot = rng.integers(0, len(f), size=(n_boot, len(f)))

        def ci(col) -> Estimate:
            x = f[col].to_numpy(dtype=float) if isinstance(col, str) else col
            means = np.nanmean(x[boot], axis=1)
            return Estimate(
                float(np.nanmean(x)), float(np.nanpercentile(means, 2.5)), float(np.nanpercentile(means, 97.5))
            )

        return AttributionSummary(
            model=self.model,
            dataset=self.dataset,
            metric=self.metric,
            removal=self.removal,
            n_scenes=len(f),
            past=ci("past"),
            social=ci("social"),
            random_agent=ci("random_agent"),
            social_share=ci("social_share"),
            mean_neighbour=ci("mean_neighbour"),
            error=ci("err_full"),
            error_without_neighbours=ci("err_without_neighbours"),
            max_efficiency_error=float(f["efficiency_error"].max()),
            social_minus_random=ci(social_minus_random(f).to_numpy(dtype=float)),
            neighbour_effect=ci(neighbour_effect(f).to_numpy(dtype=float)),
            mean_neighbour_minus_random=ci((f["mean_neighbour"] - f["random_agent"]).to_numpy(dtype=float)),
        )


@dataclass(frozen=True)
class Estimate:
    """A mean with its 95% interval."""

    value: float
    low: float
    high: float


@dataclass(frozen=True)
class AttributionSummary:
    """The paper's dataset-level measures for one model, in units of the chosen loss (m; nats for NLL)."""

    model: str
    dataset: str
    metric: str  # the value function (settings.METRICS): the unit of every value below
    removal: str
    n_scenes: int
    past: Estimate  # the past's mean Shapley value
    social: Estimate  # social interaction score, as the paper: per scene the largest neighbour value (0 if none)
    random_agent: Estimate  # the random-agent control's mean value: one agent's value, like mean_neighbour
    social_share: Estimate  # the neighbours' share of total |attribution|
    error: Estimate  # the model's loss with every real player (the control left out)
    error_without_neighbours: Estimate
    max_efficiency_error: float
    # paired over the same scenes (the claims' intervals): social score minus the random agent's value, and the
    # error without the neighbours minus the error with them (> 0: removing them hurts)
    social_minus_random: Estimate = Estimate(float("nan"), float("nan"), float("nan"))
    neighbour_effect: Estimate = Estimate(float("nan"), float("nan"), float("nan"))
    # like for like: one neighbour's mean value (scenes with neighbours) and one random agent's, and their paired
    # difference over those scenes
    mean_neighbour: Estimate = Estimate(float("nan"), float("nan"), float("nan"))
    mean_neighbour_minus_random: Estimate = Estimate(float("nan"), float("nan"), float("nan"))


def attribute_dataset(
    model,
    scenes: Scenes,
    *,
    name: str = "model",
    scene_ids=None,
    metric: str = "ade",
    removal: str = "remove",
    random_control: bool = True,
    n_draws: int = 4,
    seed: int = 0,
    progress: Callable[[float], None] | None = None,
) -> DatasetAttribution:
    """Shapley values of every player in the chosen scenes (exact: ≤ 12 players)."""
    ids = np.arange(len(scenes)) if scene_ids is None else np.asarray(scene_ids)
    if len(ids) == 0:
        raise InputError("no scenes to attribute")
    rows, results = [], []
    for k, i in enumerate(ids):
        fn, players = scene_game(
            model,
            scenes,
            int(i),
            metric=metric,
            removal=removal,
            random_control=random_control,
            n_draws=n_draws,
            seed=seed,
        )
        res = shapley(fn, players, seed=seed)
        if res.efficiency_error > EFFICIENCY_TOL:
            raise RuntimeError(f"efficiency violated on scene {i}: {res.efficiency_error:.2e}")
        v = dict(zip(players, res.values))
        nbs = [v[p] for p in players if p.startswith("nb ")]
        no_nb = np.zeros((1, len(players)), dtype=bool)
        no_nb[0, 0] = True
        real = np.array([[p != RANDOM for p in players]])  # every player but the control
        total = float(np.abs(res.values).sum())
        rows.append(
            {
                "scene": int(i),
                "n_neighbours": len(nbs),
                "past": v[PAST],
                "social": max(nbs) if nbs else 0.0,
                "mean_neighbour": float(np.mean(nbs)) if nbs else np.nan,
                "random_agent": v.get(RANDOM, np.nan),
                "social_share": (sum(abs(x) for x in nbs) / total) if total > 0 else 0.0,
                "err_full": -res.v_full if not random_control else float(-fn(real)[0]),
                "err_without_neighbours": float(-fn(no_nb)[0]),
                "efficiency_error": res.efficiency_error,
            }
        )
        results.append(res)
        if progress:
            progress((k + 1) / len(ids))
    return DatasetAttribution(name, scenes.name, metric, removal, pd.DataFrame(rows), tuple(results), seed)
