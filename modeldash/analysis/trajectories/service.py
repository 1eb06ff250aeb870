"""The trajectories view's service: datasets by name, the zoo's models per domain, and the dataset-level
comparison the page and the CLI both show (one scene's view: analysis/trajectories/scene.py)."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from modeldash.analysis.trajectories.attribution import (
    AttributionSummary,
    DatasetAttribution,
    attribute_dataset,
)
from modeldash.analysis.trajectories.settings import TrajSettings
from modeldash.data.trajectories import Scenes, bundled_files, load_file
from modeldash.data.trajectories_sim import CrowdConfig, crowd_scenes, team_scenes
from modeldash.errors import InputError
from modeldash.models.zoo import Manifest, ModelFile, list_zoo
from modeldash.runtime import jobs

if TYPE_CHECKING:  # PyTorch loads with the models, after a stored table is on the page
    import torch

SIM_DATASETS = {"sim_crowd": "Simulated crowd (social force)", "team": "Team game (held-out season)"}
MAX_DATASET_SCENES = 300  # dataset-level measures on a seeded subsample of at most this many scenes


def dataset_names() -> list[str]:
    return bundled_files() + list(SIM_DATASETS)


def domain_of(dataset: str) -> str:
    """Which zoo models fit a dataset: the team models for the team game, the pedestrian ones otherwise."""
    return "team" if dataset == "team" else "eth_ucy"


def zoo_entries(domain: str, zoo=None, *, every_seed: bool = False) -> list[Manifest]:
    """The zoo's trajectory predictors trained on `domain` ('eth_ucy' or 'team'): seed 0's (the page's), or with
    `every_seed` each kind's other training seeds too (the claims' intervals over seeds)."""
    return [
        m
        for m in list_zoo(zoo)[0]
        if m.task == "trajectories" and m.dataset.get("name") == domain and (every_seed or m.seed == 0)
    ]


def model_label(m: Manifest) -> str:
    """A zoo predictor's label in tables and pickers: its kind (the team game's marked as such; seed, past 0), or
    '<name> (ONNX)' for a lab's ONNX model."""
    if m.architecture == "onnx":
        return f"{m.name} (ONNX)"
    team = " (team game)" if m.dataset.get("name") == "team" else ""  # not the pedestrian model of the same kind
    return m.config.get("kind", m.name) + team + (f" (seed {m.seed})" if m.seed else "")


def domain_outputs(domain: str, zoo=None) -> dict[str, str]:
    """{label: output kind} of the page's models for a domain, read from the manifests (no model is loaded)."""
    from modeldash.models.trajectories_config import TrajConfig

    out = {"constant velocity": "future"}
    for m in zoo_entries(domain, zoo):
        out[model_label(m)] = TrajConfig(**m.config).output if m.architecture == "TrajPredictor" else "future"
    return out


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
class ModelRow:
    """One model's dataset-level measures, and its own errors with every player present."""

    summary: AttributionSummary  # its `error` is the value function's loss with every real player
    ade: float  # m, of the point prediction (a distribution's mean) on the sampled scenes
    fde: float
    most_social_scene: int | None  # the scene with the largest neighbour value; None when none is positive
    output: str = "future"  # the model's output kind
    mc_sd: float = 0.0  # a sampled loss's Monte-Carlo spread: SD of the dataset mean over MC_DRAW_SETS draw sets
    # the attribution's per-scene rows (the claims' intervals pair them); not compared: a table has no truth value
    per_scene: pd.DataFrame | None = dataclasses.field(default=None, compare=False)

    @property
    def error(self) -> float:
        return self.summary.error.value


@dataclass(frozen=True)
class DatasetComparison:
    """Every model's attribution measures on one dataset's seeded scene sample, beside constant velocity."""

    dataset: str
    metric: str  # "ade" or "fde": the unit of the attribution measures
    removal: str
    n_scenes: int  # scenes in the sample
    n_total: int  # scenes in the dataset
    cv_ade: float  # constant velocity on the same scenes
    cv_fde: float
    rows: tuple[ModelRow, ...]
    left_out: tuple[str, ...] = ()  # the models whose output the metric does not apply to (NLL of a point model)

    def to_frame(self) -> pd.DataFrame:
        """One row per model; columns named by the metric (e.g. `fde_without_neighbours`), intervals as
        `_low`/`_high` columns."""
        m = self.metric
        out = []
        for r in self.rows:
            s = r.summary
            row = {
                "model": s.model,
                "output": r.output,
                "n_scenes": s.n_scenes,
                m: r.error,
                f"{m}_without_neighbours": s.error_without_neighbours.value,
            }
            if m not in ("ade", "fde"):
                row |= {"ade": r.ade, "fde": r.fde}
            for name, e in (
                ("past_attribution", s.past),
                ("social_score", s.social),
                ("mean_neighbour_value", s.mean_neighbour),
                ("random_agent_score", s.random_agent),
                ("social_share", s.social_share),
            ):
                row |= {name: e.value, f"{name}_low": e.low, f"{name}_high": e.high}
            out.append(row | {"mc_sd": r.mc_sd, "max_efficiency_error": s.max_efficiency_error})
        return pd.DataFrame(out)

    def headline(self) -> list[dict]:
        """The CLI's rows (ADE-named keys as the issue lists them; intervals as [low, high])."""
        out = []
        for r in self.rows:
            s = r.summary
            out.append(
                {
                    "model": s.model,
                    "dataset": self.dataset,
                    "n_scenes": s.n_scenes,
                    "output": r.output,
                    "ade": r.ade,
                    "fde": r.fde,
                    "cv_ade": self.cv_ade,
                    "cv_fde": self.cv_fde,
                    "metric": self.metric,
                    self.metric: r.error,
                    f"{self.metric}_without_neighbours": s.error_without_neighbours.value,
                    "mc_sd": r.mc_sd,
                    "past_attribution": s.past.value,
                    "past_attribution_ci": [s.past.low, s.past.high],
                    "social_score": s.social.value,
                    "social_score_ci": [s.social.low, s.social.high],
                    "mean_neighbour_value": s.mean_neighbour.value,
                    "mean_neighbour_value_ci": [s.mean_neighbour.low, s.mean_neighbour.high],
                    "random_agent_score": s.random_agent.value,
                    "random_agent_score_ci": [s.random_agent.low, s.random_agent.high],
                    "social_share": s.social_share.value,
                    "social_share_ci": [s.social_share.low, s.social_share.high],
                    "max_efficiency_error": s.max_efficiency_error,
                }
            )
        return out


def most_social_scene(att: DatasetAttribution) -> int | None:
    """The scene (index into the dataset) with the largest neighbour attribution; None when no neighbour
    ever has a positive value (e.g. an ego-only model)."""
    social = att.per_scene["social"]
    if not (social > 0).any():
        return None
    return int(att.per_scene.loc[social.idxmax(), "scene"])


def compare_models(
    models: dict[str, torch.nn.Module],
    scenes: Scenes,
    settings: TrajSettings = TrajSettings(),
    *,
    progress=None,
) -> DatasetComparison:
    """Attribute every model the metric applies to on the same seeded sample of at most MAX_DATASET_SCENES scenes
    (the page's table and the CLI's rows)."""
    metric, removal, seed = settings.metric, settings.removal, settings.seed
    ids = scene_subsample(scenes, seed=seed)
    fits, _ = split_by_metric(models, metric)  # the others are named in the table's left_out
    per_scene = {}
    for k, (name, m) in enumerate(fits.items()):
        sub = (lambda f, _k=k: progress((_k + f) / len(fits))) if progress else None
        att = attribute_dataset(
            m, scenes, name=name, scene_ids=ids, metric=metric, removal=removal, seed=seed, progress=sub
        )
        per_scene[name] = att.per_scene
    return _assemble(models, per_scene, scenes, ids, settings)


MC_DRAW_SETS = 5  # independent draw sets behind a sampled loss's Monte-Carlo spread


def split_by_metric(models: dict, metric: str) -> tuple[dict, tuple[str, ...]]:
    """The models `metric` applies to (by their output kind), and the labels of the others."""
    from modeldash.models.trajectories import METRICS_BY_OUTPUT, output_kind

    fits = {k: m for k, m in models.items() if metric in METRICS_BY_OUTPUT[output_kind(m)]}
    return fits, tuple(k for k in models if k not in fits)


def mc_spread(model, scenes: Scenes, metric: str, seed: int = 0) -> float:
    """The SD, over MC_DRAW_SETS independent draw sets, of the dataset mean of a sampled loss (0 when the model and
    the loss are deterministic): how much of a difference the sampling alone can make."""
    from modeldash.models.trajectories import output_kind, scene_errors

    if metric in ("ade", "fde", "nll") or output_kind(model) == "future":
        return 0.0
    means = [
        scene_errors(model, scenes, metric, seed=10_000 + seed * MC_DRAW_SETS + r).mean() for r in range(MC_DRAW_SETS)
    ]
    return float(np.std(means, ddof=1))


def _assemble(models, per_scene: dict[str, pd.DataFrame], scenes: Scenes, ids, settings: TrajSettings):
    """The comparison from each model's per-scene rows (whoever computed them) and its errors on the sample."""
    from modeldash.models.trajectories import ConstantVelocity, ade_fde, output_kind

    models, left_out = split_by_metric(models, settings.metric)
    sample = scenes.take(ids)
    rows = []
    for name, m in models.items():
        att = DatasetAttribution(
            name, scenes.name, settings.metric, settings.removal, per_scene[name], (), settings.seed
        )
        spread = mc_spread(m, sample, settings.metric, settings.seed)
        row = ModelRow(
            att.summary(), *ade_fde(m, sample), most_social_scene(att), output_kind(m), spread, att.per_scene
        )
        rows.append(row)
    cv_ade, cv_fde = ade_fde(ConstantVelocity(), sample)
    return DatasetComparison(
        scenes.name, settings.metric, settings.removal, len(ids), len(scenes), cv_ade, cv_fde, tuple(rows), left_out
    )


@functools.lru_cache(maxsize=8)
def _rebuild(spec: ModelFile | None):
    """The model a task names (None: constant velocity), built once per process from its files' bytes."""
    from modeldash.models.trajectories import ConstantVelocity

    return ConstantVelocity() if spec is None else spec.load()


def per_scene_chunk(task: tuple, scenes: Scenes, settings: TrajSettings) -> pd.DataFrame:
    """One job task: the per-scene attribution rows of one model on some scenes; `task` = (label, ModelFile or
    None, scene ids). Each scene's game is seeded by (seed, scene), so chunks can run anywhere in any order."""
    label, spec, ids = task
    model = _rebuild(spec)
    s = settings
    return attribute_dataset(
        model, scenes, name=label, scene_ids=ids, metric=s.metric, removal=s.removal, seed=s.seed
    ).per_scene


def domain_model_files(domain: str, zoo=None) -> dict[str, ModelFile | None]:
    """As domain_models, as files a job can send to a worker (None: constant velocity)."""
    from modeldash.models.zoo import model_file

    return {"constant velocity": None} | {model_label(m): model_file(m.name, zoo) for m in zoo_entries(domain, zoo)}


def compare_models_chunked(
    files: dict[str, ModelFile | None],
    scenes: Scenes,
    settings: TrajSettings = TrajSettings(),
    *,
    executor: str = "local",
    chunk: int | None = None,
    scheduler: str | None = None,
    progress=None,
) -> DatasetComparison:
    """`compare_models` fanned out as (model, chunk of scenes) tasks on `executor` ("local" or "dask"); the result
    is the same whatever the executor and chunk size."""
    ids = scene_subsample(scenes, seed=settings.seed)
    fits, _ = split_by_metric({label: _rebuild(spec) for label, spec in files.items()}, settings.metric)
    tasks = [(label, files[label], c) for label in fits for c in jobs.chunked(ids, chunk)]
    parts = jobs.map_chunks(
        per_scene_chunk, tasks, scenes, settings, executor=executor, scheduler=scheduler, progress=progress
    )
    per_scene = {
        label: pd.concat([p for t, p in zip(tasks, parts) if t[0] == label], ignore_index=True) for label in fits
    }
    models = {label: _rebuild(spec) for label, spec in files.items()}
    return _assemble(models, per_scene, scenes, ids, settings)
