"""The trajectories view's tables in the results store: their keys (the models' weight files, the scenes, the
settings), the zoo's table of a domain and a researcher's ONNX models' table, read back when computed before and
otherwise computed (service.py) and written; the tables of every training seed behind the claims."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from modeldash.analysis import store
from modeldash.analysis.trajectories.service import (
    MAX_DATASET_SCENES,
    DatasetComparison,
    compare_models,
    compare_models_chunked,
    domain_model_files,
    domain_of,
    load_dataset,
    model_label,
    zoo_entries,
)
from modeldash.analysis.trajectories.settings import TrajSettings
from modeldash.data.trajectories import Scenes
from modeldash.models.zoo import ModelFile

if TYPE_CHECKING:  # PyTorch loads with the models, after a stored table is on the page
    import torch


STORE_VERSION = 4  # bump when the attribution or the comparison changes: stored results are then recomputed
# 3: stored as the DatasetComparison object (store.fetch), no longer as a plain dict; the same numbers
# 4: output kinds and their losses; the error "with every player" leaves the control out; like-for-like columns


def domain_digests(domain: str, zoo=None) -> dict[str, str]:
    """{label: digest of the weights file} of the page's models for a domain (constant velocity, then the zoo's
    predictors by kind): the results store's key, read without loading a model."""
    from modeldash.models.zoo import weights_path

    digests = {"constant velocity": "constant-velocity"}
    for m in zoo_entries(domain, zoo):
        digests[model_label(m)] = store.digest(weights_path(m.name, zoo).read_bytes())
    return digests


def domain_models(domain: str, zoo=None, *, load=None) -> tuple[dict[str, torch.nn.Module], dict[str, str]]:
    """The page's models for a domain, by label (constant velocity, then the zoo's predictors by kind), and a
    digest of each one's weights file (the store's key)."""
    from modeldash.models.trajectories import ConstantVelocity
    from modeldash.models.zoo import load_model

    load = load or (lambda name: load_model(name, zoo)[1])
    models = {"constant velocity": ConstantVelocity()}
    for m in zoo_entries(domain, zoo):
        models[model_label(m)] = load(m.name)
    return models, domain_digests(domain, zoo)


def scenes_digest(scenes: Scenes) -> str:
    """The scenes' identity in a store key: positions rounded to a micrometre first, so the simulated datasets
    (whose last bits differ between CPUs' maths libraries) get the same key on every machine."""
    arrays = (np.round(scenes.past, 6), np.round(scenes.future, 6), np.round(scenes.nb_past, 6), scenes.nb_mask)
    return store.digest(*(np.ascontiguousarray(a).tobytes() for a in arrays))


def comparison_key(digests: dict[str, str], scenes: Scenes, settings: TrajSettings = TrajSettings()) -> str:
    """The results-store key of a comparison: the models' weights, the scenes and the settings."""
    return store.result_key(
        "trajectories",
        STORE_VERSION,
        models=digests,
        data=scenes_digest(scenes),
        settings=settings.as_dict() | {"max_scenes": MAX_DATASET_SCENES},
    )


def compare_models_stored(
    models: dict[str, torch.nn.Module] | Callable[[], dict[str, torch.nn.Module]],
    digests: dict[str, str],
    scenes: Scenes,
    settings: TrajSettings = TrajSettings(),
    *,
    folder: Path | None = None,
    progress=None,
    compute: Callable[[], DatasetComparison] | None = None,
) -> tuple[DatasetComparison, store.Provenance]:
    """`compare_models`, read from the results store when the same models, scenes and settings were computed
    before, else computed and written there (`store.fetch`). `models` may be a function that loads them, called
    only then; `compute`, when given, computes the comparison instead (a job on an executor:
    compare_models_chunked)."""
    from modeldash.models.zoo import code_version

    def fresh() -> DatasetComparison:
        if compute is not None:
            return compute()
        loaded = models() if callable(models) else models
        return compare_models(loaded, scenes, settings, progress=progress)

    key = comparison_key(digests, scenes, settings)
    return store.fetch(folder, key, fresh, code_version=code_version())


def stored_table(
    scenes: Scenes,
    domain: str,
    zoo=None,
    settings: TrajSettings = TrajSettings(),
    *,
    folder: Path | None,
    extra: dict[str, ModelFile] | None = None,
    executor: str = "local",
    chunk: int | None = None,
    scheduler: str | None = None,
    progress=None,
    zoo_models: bool = True,
) -> tuple[DatasetComparison, store.Provenance]:
    """The dataset table of the zoo's models of `domain` (or, with `zoo_models=False`, of constant velocity alone)
    and of `extra` (a researcher's ONNX files, by label) on `scenes`: from the results store when computed before —
    keyed by every model file's bytes, the scenes and the settings, so the zoo's own table keeps the page's key —
    else computed on the executor in (model, scenes) chunks and written."""
    extra = extra or {}
    files = (domain_model_files(domain, zoo) if zoo_models else {"constant velocity": None}) | extra
    digests = domain_digests(domain, zoo) if zoo_models else {"constant velocity": "constant-velocity"}
    digests |= {label: store.digest(f.weights) for label, f in extra.items()}

    def chunked() -> DatasetComparison:
        return compare_models_chunked(
            files, scenes, settings, executor=executor, chunk=chunk, scheduler=scheduler, progress=progress
        )

    return compare_models_stored(None, digests, scenes, settings, folder=folder, compute=chunked)


def merged(zoo_table: DatasetComparison, yours: DatasetComparison) -> DatasetComparison:
    """One table of the zoo's rows and a researcher's (computed apart, on the same scene sample and settings)."""
    if (zoo_table.dataset, zoo_table.n_scenes, zoo_table.metric, zoo_table.removal) != (
        yours.dataset,
        yours.n_scenes,
        yours.metric,
        yours.removal,
    ):
        raise ValueError("the two tables are not of the same scenes and settings")
    seen = {r.summary.model for r in zoo_table.rows}
    rows = zoo_table.rows + tuple(r for r in yours.rows if r.summary.model not in seen)
    return dataclasses.replace(zoo_table, rows=rows, left_out=tuple(dict.fromkeys(zoo_table.left_out + yours.left_out)))


def yours_with_zoo(
    scenes: Scenes, domain: str, zoo, settings: TrajSettings, *, folder: Path | None, extra: dict[str, ModelFile],
    progress=None,
) -> tuple[DatasetComparison, store.Provenance, bool]:  # fmt: skip
    """A researcher's models' table (beside constant velocity), computed or read back under their files' bytes, with
    the zoo's rows on the same scenes when the store holds them (they are never computed for this): the table, its
    provenance, and whether the zoo's rows are in it."""
    mine, origin = stored_table(
        scenes, domain, zoo, settings, folder=folder, extra=extra, zoo_models=False, progress=progress
    )
    try:
        with store.reading_only():
            zoo_table = stored_table(scenes, domain, zoo, settings, folder=folder)[0]
    except store.NotStored:
        return mine, origin, False
    return merged(zoo_table, mine), origin, True


def seed_files(domain: str, zoo=None) -> dict[str, ModelFile]:
    """The zoo's other training seeds of a domain (seed > 0), by label, for `stored_table`'s `extra`: the claims'
    intervals over seeds."""
    from modeldash.models.zoo import model_file

    return {model_label(m): model_file(m.name, zoo) for m in zoo_entries(domain, zoo, every_seed=True) if m.seed}


def onnx_files(paths, domain: str) -> dict[str, ModelFile]:
    """A researcher's ONNX predictors (`--model-file`), by their files' stems, for `stored_table`'s `extra`."""
    from modeldash.models.zoo import onnx_file

    return {Path(p).stem: onnx_file(Path(p).read_bytes(), Path(p).stem, "trajectories", domain) for p in paths}


def stored_zoo_comparison(
    dataset: str, zoo=None, settings: TrajSettings = TrajSettings(), *, folder: Path | None
) -> tuple[DatasetComparison, store.Provenance]:
    """`stored_table` of the zoo's models on a named dataset of their domain."""
    return stored_table(load_dataset(dataset), domain_of(dataset), zoo, settings, folder=folder)
