"""One scene of the trajectories view: each player's Shapley value on a model's error and the prediction with
neighbours the user removed (`scene_view`), and two models on the same scene side by side (`scene_pair`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from modeldash.analysis.shapley import ShapleyResult, shapley
from modeldash.analysis.trajectories.attribution import scene_game
from modeldash.data.trajectories import Scenes
from modeldash.errors import InputError


@dataclass(frozen=True)
class SceneView:
    """One scene: its attribution and the model's prediction with some neighbours removed by the user."""

    scene: int
    result: ShapleyResult
    pred: np.ndarray  # (12, 2) with every player present: the point prediction (a distribution's mean)
    pred_counterfactual: np.ndarray  # (12, 2) with `removed` neighbours cut
    removed: tuple[int, ...]  # indices into the present neighbours
    present: np.ndarray  # (K,) slots of the present neighbours in scenes.nb_past[scene]
    metric: str  # the value function (settings.METRICS): the loss below
    error: float  # its value with every player (m; nats for NLL)
    error_counterfactual: float  # with `removed` cut
    output: str = "future"  # the model's output kind
    samples: np.ndarray | None = None  # (K, 12, 2) the futures a sampled loss scores (a Gaussian's fixed draws)
    gaussian: np.ndarray | None = None  # (12, 5) a Gaussian output: μx, μy, log σx, log σy, atanh ρ


def scene_view(
    model, scenes: Scenes, i: int, *, removed=(), metric: str = "ade", removal: str = "remove", seed: int = 0
) -> SceneView:
    import torch

    from modeldash.models.trajectories import as_samples, call, errors, noise_shape, output_kind, point, scene_draws

    if not 0 <= i < len(scenes):
        raise InputError(f"scene must be in [0, {len(scenes)})")
    fn, players = scene_game(model, scenes, i, metric=metric, removal=removal, random_control=False, seed=seed)
    res = shapley(fn, players, seed=seed)
    present = np.flatnonzero(scenes.nb_mask[i, :, -1])
    removed = tuple(sorted(int(r) for r in removed if 0 <= int(r) < len(present)))
    f = torch.float32
    past = torch.tensor(scenes.past[i : i + 1], dtype=f)
    nb = torch.tensor(scenes.nb_past[i : i + 1], dtype=f)
    mask = torch.tensor(scenes.nb_mask[i : i + 1])
    cut = mask.clone()
    cut[0, present[list(removed)]] = False
    kind = output_kind(model)
    d = scene_draws(model, seed, i)  # the draws the game used on this scene
    d = None if d is None else torch.from_numpy(d)[None]
    noise = d if noise_shape(model) is not None else None
    with torch.no_grad():
        full, cf = call(model, past, nb, mask, noise), call(model, past, nb, cut, noise)
    fut = torch.tensor(scenes.future[i : i + 1], dtype=f)
    err = [float(errors(o, fut, kind, metric, eps=d)[0]) for o in (full, cf)]
    sampled = as_samples(full, kind, d)[0].numpy() if kind != "future" and d is not None else None
    return SceneView(
        i,
        res,
        point(full, kind)[0].numpy(),
        point(cf, kind)[0].numpy(),
        removed,
        present,
        metric,
        *err,
        output=kind,
        samples=sampled,
        gaussian=full[0].numpy() if kind == "gaussian" else None,
    )


@dataclass(frozen=True)
class ScenePair:
    """Two models on the same scene: each player's Shapley value under both, and their errors."""

    scene: int
    models: tuple[str, str]
    players: tuple[str, ...]
    values: np.ndarray  # (2, P) m of the metric, model A then model B
    std_error: np.ndarray  # (2, P) sampling standard error of each value (0 where exact)
    errors: tuple[float, float]  # each model's error with every player, m
    metric: str

    @property
    def difference(self) -> np.ndarray:
        """B − A per player."""
        return self.values[1] - self.values[0]

    @property
    def noise(self) -> np.ndarray:
        """Two standard errors of the difference per player (0 when both values are exact)."""
        return 2 * np.sqrt((self.std_error**2).sum(0))

    def to_frame(self) -> pd.DataFrame:
        a, b = self.models
        return pd.DataFrame(
            {
                "player": list(self.players),
                a: self.values[0],
                b: self.values[1],
                f"{b} − {a}": self.difference,
                "beyond noise": np.abs(self.difference) > self.noise,
            }
        )


def scene_pair(a: SceneView, b: SceneView, names: tuple[str, str]) -> ScenePair:
    """Two models' views of the same scene, side by side (the players are the scene's: the same for both)."""
    if a.scene != b.scene or a.result.players != b.result.players or a.metric != b.metric:
        raise InputError("the two views must show the same scene, players and error")

    def se(r: ShapleyResult) -> np.ndarray:
        return np.zeros_like(r.values) if r.std_error is None else r.std_error

    return ScenePair(
        a.scene,
        names,
        a.result.players,
        np.stack([a.result.values, b.result.values]),
        np.stack([se(a.result), se(b.result)]),
        (a.error, b.error),
        a.metric,
    )
