"""The synthetic-series zoo recipe (`python -m modeldash.models.train series`): per bundled dataset, three Context-FID
encoders (seeds 0–2) and PSA-GAN with its three ablations at five GAN seeds each, at the release's demo budget (`run_gan.py`); on
ETTh1 the same again at a longer budget, to check that the ranking does not hinge on training length. PSA-GAN's
seed 0 keeps a checkpoint after each growth stage. The GANs train as Dask tasks (two worker processes on this
machine, `runtime.jobs`), each from its settings and the dataset's windows."""

from __future__ import annotations

import dataclasses

from modeldash.data.series import WINDOW, load_bundled
from modeldash.models.series_embed import ENCODER_ITERS, ENCODER_SEEDS, EmbedConfig, train_encoder
from modeldash.models.series_psagan_fit import BUDGETS, QUICK, VARIANTS, train_gan, variant_settings
from modeldash.models.zoo import Manifest, build_from, model_parts, save_model

ZOO_DATASETS = ("etth1", "taylor")
GAN_SEEDS = 5
LONG_DATASETS = ("etth1",)  # trained at the long budget too


def entry_name(dataset: str, role: str, seed: int, budget: str = "demo", stage: int | None = None) -> str:
    """series_<dataset>[_long]_<role>_s<seed>[_stage<k>]."""
    tail = f"_stage{stage}" if stage is not None else ""
    return f"series_{dataset}{'_long' if budget == 'long' else ''}_{role}_s{seed}{tail}"


def _fit(windows, n_series: int, settings, stages: bool):
    """One GAN (a Dask task): its config and weights and, if asked, its weights after each growth stage (plain
    tensors travel between processes; a spectrally normalised module does not pickle)."""
    import torch

    torch.set_num_threads(1)
    snaps = {}

    def keep(stage, model):
        arch, cfg, state = model_parts(model)
        snaps[stage] = (arch, cfg, {k: v.clone() for k, v in state.items()})

    model = train_gan(windows, settings, n_series=n_series, on_stage=keep if stages else None)
    return model_parts(model), snaps


def _fit_encoder(values, iters: int, seed: int):
    """One Context-FID encoder (a Dask task): its config and weights."""
    import torch

    torch.set_num_threads(1)
    return model_parts(train_encoder(values, EmbedConfig(), iters=iters, seed=seed))


def train_series(*, quick: bool = False, zoo=None, progress=None, executor: str = "dask") -> Manifest:
    """The zoo recipe (see the module's docstring); `quick`: two GAN seeds, a few iterations, one budget."""
    from modeldash.runtime.jobs import get_client

    made = []
    seeds = 2 if quick else GAN_SEEDS
    enc_seeds, enc_iters = (2, 20) if quick else (ENCODER_SEEDS, ENCODER_ITERS)
    jobs = []
    for name in ZOO_DATASETS:
        for budget in ["demo"] if quick else ["demo", *(["long"] if name in LONG_DATASETS else [])]:
            base = QUICK if quick else BUDGETS[budget]
            jobs += [
                (name, budget, v, s, variant_settings(v, dataclasses.replace(base, seed=s)))
                for v in VARIANTS
                for s in range(seeds)
            ]
    data = {name: load_bundled(name) for name in ZOO_DATASETS}
    windows = {name: d.training_window_set() for name, d in data.items()}
    client = get_client() if executor == "dask" else None
    shared = {n: client.scatter(w, broadcast=True) for n, w in windows.items()} if client else windows
    futures = []
    for name, budget, v, s, st in jobs:
        args = (shared[name], len(data[name].series), st, v == "psagan" and s == 0 and budget == "demo")
        futures.append(client.submit(_fit, *args, pure=False) if client else args)
    encoder_jobs = [(name, e) for name in ZOO_DATASETS for e in range(enc_seeds)]
    enc_futures = [
        client.submit(_fit_encoder, windows[name].values, enc_iters, e, pure=False)
        if client
        else (windows[name].values, enc_iters, e)
        for name, e in encoder_jobs
    ]
    for (name, e), fut in zip(encoder_jobs, enc_futures):
        parts = fut.result() if client else _fit_encoder(*fut)
        enc, cfg = build_from(*parts), parts[1]
        d, w = data[name], windows[name]
        m = Manifest(
            name=entry_name(name, "encoder", e),
            task="series",
            architecture="SeriesEncoder",
            config=cfg,
            dataset=_dataset(d, w),
            seed=e,
            training={"loss": "triplet (Franceschi et al. 2019)", "iters": enc_iters, "quick": quick},
            metrics={"n_windows": float(len(w))},
            extra={"role": "encoder"},
        )
        save_model(enc, m, zoo)
        made.append(m)
    for k, ((name, budget, v, s, st), fut) in enumerate(zip(jobs, futures)):
        parts, snaps = fut.result() if client else _fit(*fut)
        model = build_from(*parts)
        extra = {"role": v, "budget": budget, "final": True}
        m = _gan_manifest(name, budget, v, s, st, data[name], windows[name], model, quick, extra)
        save_model(model, m, zoo)
        made.append(m)
        for stage, snap_parts in snaps.items():
            if stage == model.cfg.n_stages:
                continue
            snap = build_from(*snap_parts)
            sm = _gan_manifest(
                name,
                budget,
                v,
                s,
                st,
                data[name],
                windows[name],
                snap,
                quick,
                {**extra, "final": False, "stage": stage},
            )
            save_model(snap, dataclasses.replace(sm, name=entry_name(name, v, s, budget, stage)), zoo)
        if progress:
            progress((k + 1) / len(jobs))
    return made[-1]


def _dataset(d, w) -> dict:
    return {"name": d.name, "source": d.source, "window": WINDOW, "n_windows": len(w), "series": list(d.series)}


def _gan_manifest(name, budget, v, s, st, d, w, model, quick, extra) -> Manifest:
    return Manifest(
        name=entry_name(name, v, s, budget),
        task="series",
        architecture="PSAGAN",
        config=dataclasses.asdict(model.cfg),
        dataset=_dataset(d, w),
        seed=s,
        training={**dataclasses.asdict(st), "variant": v, "budget": budget, "quick": quick},
        metrics={"iterations": float(st.iterations)},
        extra={**extra, "seed": s},
    )
