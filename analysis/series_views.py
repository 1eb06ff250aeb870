"""What the synthetic-series page needs: a dataset's generators and encoder from the zoo (or trained here
on an upload), samples per growth stage, and a 2-D map of real and synthetic windows."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data.series import SeriesSet, load_bundled
from errors import InputError
from models.psagan import PSAGAN
from models.series_embed import EmbedConfig, SeriesEncoder, train_encoder
from models.train_psagan import LABELS, VARIANTS, GANSettings, train_gan, training_windows
from models.zoo import list_zoo, load_model


@dataclass(frozen=True)
class SeriesBundle:
    data: SeriesSet
    encoder: SeriesEncoder
    generators: dict            # label -> PSAGAN (final stage)
    stages: dict                # stage -> PSAGAN (PSA-GAN after each growth stage)
    origin: str
    stage_iters: tuple = ()     # training iterations of each growth stage

    def training_note(self) -> str:
        return f"{', '.join(map(str, self.stage_iters))} iterations per growth stage" if self.stage_iters else ""


def zoo_datasets(path=None) -> list[str]:
    good, _ = list_zoo(path)
    names = {m.dataset.get("name") for m in good if m.task == "series" and m.extra.get("role") == "encoder"}
    return sorted(n for n in names if n)


def from_zoo(name: str, path=None) -> SeriesBundle:
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


def trained_here(data: SeriesSet, *, settings: GANSettings = GANSettings(stage_iters=(60,))) -> SeriesBundle:
    """Quick settings for an uploaded file: every variant and the encoder, seed 0."""
    windows = training_windows(data)
    stages: dict[int, PSAGAN] = {}                     # train_gan hands each stage a fresh snapshot
    gens = {LABELS[v]: train_gan(windows, v, settings, on_stage=stages.__setitem__ if v == "psagan" else None)
            for v in VARIANTS}
    enc = train_encoder(windows, EmbedConfig(), iters=150, seed=0)
    n_stages = next(iter(gens.values())).cfg.n_stages
    return SeriesBundle(data, enc, gens, stages, "trained here", tuple(settings.iters(s) for s in range(n_stages + 1)))


def project(z_real: np.ndarray, z_fake: np.ndarray, method: str = "pca", seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Joint 2-D projection (PCA or t-SNE) of two sets of embeddings."""
    z = np.concatenate([z_real, z_fake])
    if method == "pca":
        from sklearn.decomposition import PCA

        xy = PCA(n_components=2, random_state=seed).fit_transform(z)
    elif method == "tsne":
        from sklearn.manifold import TSNE

        xy = TSNE(n_components=2, init="pca", random_state=seed, perplexity=30).fit_transform(z)
    else:
        raise InputError("method must be 'pca' or 'tsne'")
    return xy[: len(z_real)], xy[len(z_real):]
