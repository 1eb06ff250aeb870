"""The Synthetic series view's service: a dataset's generators and encoder from the zoo (or trained on an
upload), the scored report, samples per growth stage, and a 2-D map of real and synthetic windows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.projection import METHODS, project_jointly
from analysis.series.report import SeriesReport, series_report
from data.series import SeriesSet, load_bundled
from errors import InputError
from models.psagan import PSAGAN
from models.psagan_fit import LABELS, VARIANTS, GANSettings, train_gan
from models.series_embed import EmbedConfig, SeriesEncoder, train_encoder
from models.zoo import list_zoo, load_model


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


def load_series(name: str, path=None) -> SeriesBundle:
    """A bundled dataset with its encoder, final generators and PSA-GAN's per-stage checkpoints."""
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


def train_series_on(data: SeriesSet, *, settings: GANSettings = GANSettings(stage_iters=(60,))) -> SeriesBundle:
    """Quick settings for an uploaded file: every variant and the encoder, seed 0."""
    windows = data.training_windows()
    stages: dict[int, PSAGAN] = {}  # train_gan hands each stage a fresh snapshot
    gens = {
        LABELS[v]: train_gan(windows, v, settings, on_stage=stages.__setitem__ if v == "psagan" else None)
        for v in VARIANTS
    }
    enc = train_encoder(windows, EmbedConfig(), iters=150, seed=0)
    n_stages = next(iter(gens.values())).cfg.n_stages
    return SeriesBundle(data, enc, gens, stages, "trained here", tuple(settings.iters(s) for s in range(n_stages + 1)))


def report(bundle: SeriesBundle, *, seed: int = 0) -> SeriesReport:
    """Every generator, the AR baseline and the real floor scored against held-out real windows."""
    return series_report(bundle.data, bundle.encoder, bundle.generators, seed=seed)


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
