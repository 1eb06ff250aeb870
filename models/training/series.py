"""The synthetic-series zoo recipe (`python -m models.train series`): per bundled dataset, the Context-FID
encoder, PSA-GAN with a checkpoint per growth stage, and its three ablations."""

from __future__ import annotations

import dataclasses

from data.series import DATASETS, WINDOW, load_bundled
from models.psagan import BASE
from models.psagan_fit import QUICK, VARIANTS, GANSettings, train_gan
from models.series_embed import EmbedConfig, train_encoder
from models.zoo import Manifest, save_model


def train_series(*, quick: bool = False, zoo=None, progress=None) -> Manifest:
    """The zoo recipe (`python -m models.train series`): per bundled dataset, the Context-FID encoder,
    PSA-GAN with a checkpoint per stage, and the three ablations."""
    settings = QUICK if quick else GANSettings()
    jobs = [(d, v) for d in DATASETS for v in ["encoder", *VARIANTS]]
    made, loaded = [], {}
    for i, (name, variant) in enumerate(jobs):
        if name not in loaded:
            loaded = {name: load_bundled(name)}  # one dataset in memory at a time
        data = loaded[name]
        windows = data.training_windows()
        dataset = {
            "name": name,
            "source": data.source,
            "window": WINDOW,
            "n_windows": len(windows),
            "series": list(data.series),
        }
        if variant == "encoder":
            enc_iters = 20 if quick else 600
            enc = train_encoder(windows, EmbedConfig(), iters=enc_iters, seed=0)
            m = Manifest(
                name=f"series_{name}_encoder",
                task="series",
                architecture="SeriesEncoder",
                config=dataclasses.asdict(enc.cfg),
                dataset=dataset,
                seed=0,
                training={"loss": "triplet (Franceschi et al. 2019)", "iters": enc_iters},
                metrics={"n_windows": float(len(windows))},
                extra={"role": "encoder"},
            )
            save_model(enc, m, zoo)
            made.append(m)
            continue

        def save_stage(stage, model, _name=name, _variant=variant, _dataset=dataset):
            last = stage == model.cfg.n_stages
            if _variant != "psagan" and not last:
                return
            suffix = "" if last else f"_stage{stage}"
            m = Manifest(
                name=f"series_{_name}_{_variant}{suffix}",
                task="series",
                architecture="PSAGAN",
                config=dataclasses.asdict(model.cfg),
                dataset=_dataset,
                seed=settings.seed,
                training={
                    **dataclasses.asdict(settings),
                    "quick": quick,
                    "moment_weight": VARIANTS[_variant][1],
                    "fade_in": VARIANTS[_variant][2],
                    "stage": stage,
                },
                metrics={"stage": float(stage), "length": float(BASE * 2**stage)},
                extra={"role": _variant, "stage": stage, "final": last},
            )
            save_model(model, m, zoo)
            made.append(m)

        train_gan(windows, variant, settings, on_stage=save_stage)
        if progress:
            progress((i + 1) / len(jobs))
    return made[-1]
