"""The Synthetic series view's service: a dataset's generators and encoder from the zoo (or trained on an
upload), the scored report, samples per growth stage, and a 2-D map of real and synthetic windows."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from analysis import store
from analysis.projection import METHODS, project_jointly
from data.series import SeriesSet, load_bundled
from errors import InputError
from models.zoo import code_version, list_zoo, load_model, zoo_dir

if TYPE_CHECKING:  # torch and the models load only when a result is not in the store
    from analysis.series.report import SeriesReport
    from models.psagan import PSAGAN
    from models.psagan_fit import GANSettings
    from models.series_embed import SeriesEncoder

STORE_VERSION = 1  # bump when the report's method changes: stored reports are then recomputed


@dataclass(frozen=True)
class SeriesBundle:
    data: SeriesSet
    encoder: SeriesEncoder
    generators: dict  # label -> PSAGAN (final stage)
    stages: dict  # stage -> PSAGAN (PSA-GAN after each growth stage)
    origin: str
    stage_iters: tuple = ()  # training iterations of each growth stage

    def training_note(self) -> str:
        return f"{', '.join(map(str, self.stage_iters))} iterations per growth stage" if self.stage_iters else ""


def zoo_datasets(path=None) -> list[str]:
    good, _ = list_zoo(path)
    names = {m.dataset.get("name") for m in good if m.task == "series" and m.extra.get("role") == "encoder"}
    return sorted(n for n in names if n)


def _zoo_entries(name: str, path=None):
    good, _ = list_zoo(path)
    return [m for m in good if m.task == "series" and m.dataset.get("name") == name]


def training_note(name: str, path=None) -> str:
    """What the zoo's PSA-GAN for `name` was trained for, read from its manifest (no weights loaded)."""
    finals = [m for m in _zoo_entries(name, path) if m.extra.get("final") and m.extra.get("role") == "psagan"]
    iters = finals[0].training.get("stage_iters", ()) if finals else ()
    return f"{', '.join(map(str, iters))} iterations per growth stage" if iters else ""


def load_series(name: str, path=None) -> SeriesBundle:
    """A bundled dataset with its encoder, final generators and PSA-GAN's per-stage checkpoints."""
    from models.psagan_fit import LABELS, VARIANTS

    good, _ = list_zoo(path)
    mine = [m for m in good if m.task == "series" and m.dataset.get("name") == name]
    enc = [m for m in mine if m.extra.get("role") == "encoder"]
    finals = {m.extra["role"]: m for m in mine if m.extra.get("final")}
    if not enc or "psagan" not in finals:
        raise InputError(f"the zoo has no series models for {name!r}; train them with `python -m models.train series`")
    stages = {m.extra["stage"]: load_model(m.name, path)[1] for m in mine if m.extra.get("role") == "psagan"}
    gens = {LABELS[v]: load_model(finals[v].name, path)[1] for v in VARIANTS if v in finals}
    iters = tuple(finals["psagan"].training.get("stage_iters", ()))
    return SeriesBundle(load_bundled(name), load_model(enc[0].name, path)[1], gens, stages, "zoo", iters)


def train_series_on(data: SeriesSet, *, settings: GANSettings | None = None, progress=None) -> SeriesBundle:
    """Quick settings for an uploaded file (60 iterations per stage): every variant and the encoder, seed 0."""
    from models.psagan_fit import LABELS, VARIANTS, GANSettings, train_gan
    from models.series_embed import EmbedConfig, train_encoder

    settings = settings or GANSettings(stage_iters=(60,))
    windows = data.training_windows()
    stages: dict[int, PSAGAN] = {}  # train_gan hands each stage a fresh snapshot
    parts = len(VARIANTS) + 1  # each generator, then the encoder
    gens = {}
    for k, v in enumerate(VARIANTS):
        sub = (lambda f, _k=k: progress((_k + f) / parts)) if progress else None
        gens[LABELS[v]] = train_gan(
            windows, v, settings, on_stage=stages.__setitem__ if v == "psagan" else None, progress=sub
        )
    if progress:
        progress(len(VARIANTS) / parts)
    enc = train_encoder(windows, EmbedConfig(), iters=150, seed=0)
    n_stages = next(iter(gens.values())).cfg.n_stages
    return SeriesBundle(data, enc, gens, stages, "trained here", tuple(settings.iters(s) for s in range(n_stages + 1)))


def train_series_job(raw: bytes, name: str, progress=None) -> SeriesBundle:
    """A job's body: read an uploaded CSV's bytes (data, on the worker) and train on it."""
    from data.series import read_csv

    return train_series_on(read_csv(raw, name=name), progress=progress)


def report(bundle: SeriesBundle, *, seed: int = 0) -> SeriesReport:
    """Every generator, the AR baseline and the real floor scored against held-out real windows."""
    from analysis.series.report import series_report

    return series_report(bundle.data, bundle.encoder, bundle.generators, seed=seed)


def data_digest(data: SeriesSet) -> str:
    return store.digest(*(k.encode() + np.ascontiguousarray(v).tobytes() for k, v in sorted(data.series.items())))


def report_key(name: str, path=None, *, seed: int = 0, data: SeriesSet | None = None) -> str:
    """The store key of a zoo dataset's report: its series models' weights, the data's values, the seed."""
    models = {
        m.name: store.digest((zoo_dir(path) / f"{m.name}.safetensors").read_bytes()) for m in _zoo_entries(name, path)
    }
    digest = data_digest(data or load_bundled(name))
    return store.result_key("series", STORE_VERSION, models=models, data=digest, settings={"seed": seed})


def stored_report(
    name: str, path=None, *, folder: Path | None = None, seed: int = 0, bundle=None
) -> tuple[SeriesReport, store.Provenance]:
    """A zoo dataset's report from the results store when it was computed before, else computed (from `bundle`,
    or the zoo's models) and written there. The store keeps the scores and samples; the real windows are cut
    from the data again."""
    from analysis.series.results import with_real, without_real

    def compute():
        return without_real(report(bundle() if callable(bundle) else bundle or load_series(name, path), seed=seed))

    data = load_bundled(name)
    key = report_key(name, path, seed=seed, data=data)
    slim, origin = store.fetch(folder, key, compute, code_version=code_version())
    return with_real(slim, data, seed=seed), origin


@dataclass(frozen=True)
class WindowDraw:
    """Real held-out windows and one generator's samples, in the same seeded random order."""

    generator: str
    seed: int
    real: np.ndarray  # (n_real, T)
    fake: np.ndarray  # (n_fake, T)


def draw_windows(rep: SeriesReport, generator: str, *, seed: int = 0) -> WindowDraw:
    if generator not in rep.samples:
        raise InputError(f"no samples of {generator!r}; choose one of {', '.join(rep.samples)}")
    rng = np.random.default_rng(seed)
    fake = rep.samples[generator]
    return WindowDraw(
        generator, seed, rep.real_test[rng.permutation(len(rep.real_test))], fake[rng.permutation(len(fake))]
    )


@dataclass(frozen=True)
class WindowMap:
    """The encoder's embeddings of real and synthetic windows, projected jointly to 2-D."""

    generator: str
    method: str  # "PCA" or "t-SNE"
    real_xy: np.ndarray  # (k, 2)
    fake_xy: np.ndarray  # (k, 2)


def window_map(bundle: SeriesBundle, draw: WindowDraw, *, method: str = "pca", k: int = 600) -> WindowMap:
    """Project the first `k` real and synthetic windows of a draw (seconds for t-SNE on 2 cores: cache it)."""
    k = min(k, len(draw.real), len(draw.fake))
    xy_r, xy_f = project_jointly(bundle.encoder.embed(draw.real[:k]), bundle.encoder.embed(draw.fake[:k]), method)
    return WindowMap(draw.generator, METHODS[method], xy_r, xy_f)


def stage_samples(bundle: SeriesBundle, *, n: int = 3, seed: int = 0) -> dict[int, np.ndarray]:
    """{stage: (n, 8·2^stage)} samples of PSA-GAN after each growth stage."""
    return {s: g.sample(n, seed=seed, stage=s).numpy() for s, g in bundle.stages.items()}


def with_samples(rep: SeriesReport, bundle: SeriesBundle, samples: dict[str, np.ndarray], *, seed: int = 0):
    """The report with a researcher's own generators' samples scored beside the bundled ones, exactly as they are
    (same encoder, real windows, probes and seed); their rows come before the AR baseline and the real floor."""
    from analysis.series.metrics import score
    from analysis.series.results import BASELINE, REAL

    z_train = bundle.encoder.embed(rep.real_train)
    mine = tuple(
        score(name, bundle.encoder, rep.real_train, rep.real_test, s, seed=seed, real_embedding=z_train)
        for name, s in samples.items()
    )
    ours = tuple(s for s in rep.scores if s.generator not in (BASELINE, REAL))
    rest = tuple(s for s in rep.scores if s.generator in (BASELINE, REAL))
    order = [s.generator for s in ours + mine + rest]
    merged = {**rep.samples, **samples}
    return dataclasses.replace(rep, scores=ours + mine + rest, samples={k: merged[k] for k in order})
