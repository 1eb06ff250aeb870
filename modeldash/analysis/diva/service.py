"""The Example weights view's service: DIVA's report for one feature extractor and one setting of the controls
(the page and the CLI both call it), and the same read from the results store when computed before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from modeldash.analysis import store
from modeldash.analysis.diva.report import DivaReport, diva_report
from modeldash.analysis.diva.settings import DivaSettings

if TYPE_CHECKING:  # the model (PyTorch) is loaded only when the report is not in the store
    from torch import nn

    from modeldash.data.diva_features import FeatureSet

STORE_VERSION = 1  # bump when the report's method changes: stored reports are then recomputed


def digits_report(model: nn.Module, settings: DivaSettings = DivaSettings()) -> DivaReport:
    """Weight the digits task's examples (labels flipped at `settings.noise` by `settings.seed`) on `model`'s
    frozen features."""
    from modeldash.analysis.diva.task import digits_task

    s = settings
    task = digits_task(model, noise_rate=s.noise, seed=s.seed)
    return diva_report(task, lam=s.lam, n_steps=s.steps, step_size=s.step_size, seed=s.seed)


def report_key(model_digest: str, settings: DivaSettings = DivaSettings()) -> str:
    from modeldash.data.diva_digits import load_digits

    images, labels = load_digits()
    data = store.digest(images.tobytes(), labels.tobytes())
    return store.result_key(
        "diva", STORE_VERSION, models={"features": model_digest}, data=data, settings=settings.as_dict()
    )


def stored_digits_report(
    model_digest: str,
    load_model: Callable[[], nn.Module],
    *,
    folder: Path | None,
    settings: DivaSettings = DivaSettings(),
) -> tuple[DivaReport, store.Provenance]:
    """`digits_report` for the model whose weights have `model_digest`, from the results store when computed
    before; else `load_model()` is called, the report computed and written there."""
    from modeldash.models.zoo import code_version

    return store.fetch(
        folder,
        report_key(model_digest, settings),
        lambda: digits_report(load_model(), settings),
        code_version=code_version(),
    )


def stored_zoo_report(
    name: str, zoo=None, *, folder: Path | None, settings: DivaSettings = DivaSettings()
) -> tuple[DivaReport, store.Provenance]:
    """`stored_digits_report` for zoo model `name`: keyed by its weights file; the model is loaded only when the
    report is not in the store."""
    from modeldash.models.zoo import load_model, weights_path

    weights = store.digest(weights_path(name, zoo).read_bytes())
    return stored_digits_report(weights, lambda: load_model(name, zoo)[1], folder=folder, settings=settings)


def features_report(fs: FeatureSet, settings: DivaSettings = DivaSettings(noise=0.0)) -> DivaReport:
    """DIVA on a researcher's own features (data.diva_features), labels flipped on top at `settings.noise`."""
    from modeldash.analysis.diva.task import features_task

    s = settings
    task = features_task(fs, noise_rate=s.noise, seed=s.seed)
    return diva_report(task, lam=s.lam, n_steps=s.steps, step_size=s.step_size, seed=s.seed)
