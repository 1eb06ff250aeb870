"""What the trajectories page and CLI need around the attribution: datasets by name, models per domain,
one scene's attribution and counterfactual prediction, and the dataset-level comparison table."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from analysis.shapley import ShapleyResult, shapley
from analysis.traj_attribution import DatasetAttribution, attribute_dataset, scene_game
from data.traj_sim import CrowdConfig, crowd_scenes, team_scenes
from data.trajectories import Scenes, bundled_files, load_file
from errors import InputError

SIM_DATASETS = {"sim_crowd": "Simulated crowd (social force)", "team": "Team game (held-out season)"}
MAX_DATASET_SCENES = 300        # dataset-level measures on a seeded subsample of at most this many scenes


def dataset_names() -> list[str]:
    return bundled_files() + list(SIM_DATASETS)


def domain_of(dataset: str) -> str:
    """Which zoo models fit a dataset: the team models for the team game, the pedestrian ones otherwise."""
    return "team" if dataset == "team" else "eth_ucy"


def load_dataset(name: str) -> Scenes:
    if name == "sim_crowd":
        return crowd_scenes(CrowdConfig(), seed=2, name="sim_crowd")
    if name == "team":
        return team_scenes(seed=1, name="team")
    if name in bundled_files():
        return load_file(name)
    raise InputError(f"unknown dataset {name!r}; choose from {', '.join(dataset_names())} or upload a file")


def scene_subsample(scenes: Scenes, n: int = MAX_DATASET_SCENES, seed: int = 0) -> np.ndarray:
    if len(scenes) <= n:
        return np.arange(len(scenes))
    return np.sort(np.random.default_rng(seed).choice(len(scenes), n, replace=False))


@dataclass(frozen=True)
class SceneView:
    """One scene: its attribution and the model's prediction with some neighbours removed by the user."""
    scene: int
    result: ShapleyResult
    pred: np.ndarray             # (12, 2) with every player present
    pred_counterfactual: np.ndarray   # (12, 2) with `removed` neighbours cut
    removed: tuple[int, ...]     # indices into the present neighbours
    present: np.ndarray          # (K,) slots of the present neighbours in scenes.nb_past[scene]
    ade: float
    ade_counterfactual: float


def scene_view(model, scenes: Scenes, i: int, *, removed=(), metric: str = "ade", removal: str = "remove",
               seed: int = 0) -> SceneView:
    if not 0 <= i < len(scenes):
        raise InputError(f"scene must be in [0, {len(scenes)})")
    fn, players = scene_game(model, scenes, i, metric=metric, removal=removal, random_control=False, seed=seed)
    res = shapley(fn, players, seed=seed)
    present = np.flatnonzero(scenes.nb_mask[i, :, -1])
    removed = tuple(sorted(int(r) for r in removed if 0 <= int(r) < len(present)))
    f = torch.float32
    past = torch.tensor(scenes.past[i:i + 1], dtype=f)
    nb = torch.tensor(scenes.nb_past[i:i + 1], dtype=f)
    mask = torch.tensor(scenes.nb_mask[i:i + 1])
    cut = mask.clone()
    cut[0, present[list(removed)]] = False
    with torch.no_grad():
        full, cf = model(past, nb, mask)[0].numpy(), model(past, nb, cut)[0].numpy()
    fut = scenes.future[i]
    return SceneView(i, res, full, cf, removed, present, float(np.linalg.norm(full - fut, axis=1).mean()),
                     float(np.linalg.norm(cf - fut, axis=1).mean()))


def most_social_scene(att: DatasetAttribution) -> int:
    """The scene (index into the dataset) with the largest neighbour attribution."""
    return int(att.per_scene.loc[att.per_scene["social"].idxmax(), "scene"])


def comparison(attributions: dict[str, DatasetAttribution], cv_ade: float) -> pd.DataFrame:
    """One row per model: the paper's dataset-level measures with 95% bootstrap intervals."""
    rows = []
    for name, att in attributions.items():
        s = att.summary()
        rows.append({"model": name, "n_scenes": s["n_scenes"], "ade": s["ade"], "cv_ade": cv_ade,
                     "ade_without_neighbours": s["ade_without_neighbours"], "past_attribution": s["past_attribution"],
                     "past_attribution_ci": s["past_attribution_ci"], "social_score": s["social_score"],
                     "social_score_ci": s["social_score_ci"], "random_agent_score": s["random_agent_score"],
                     "random_agent_score_ci": s["random_agent_score_ci"], "social_share": s["social_share"],
                     "social_share_ci": s["social_share_ci"], "max_efficiency_error": s["max_efficiency_error"]})
    return pd.DataFrame(rows)


def attribute_models(models: dict[str, torch.nn.Module], scenes: Scenes, *, metric: str = "ade",
                     removal: str = "remove", seed: int = 0, progress=None) -> dict[str, DatasetAttribution]:
    ids = scene_subsample(scenes, seed=seed)
    out = {}
    for k, (name, m) in enumerate(models.items()):
        sub = (lambda f, _k=k: progress((_k + f) / len(models))) if progress else None
        out[name] = attribute_dataset(m, scenes, name=name, scene_ids=ids, metric=metric, removal=removal,
                                      seed=seed, progress=sub)
    return out
