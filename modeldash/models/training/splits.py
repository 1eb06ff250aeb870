"""Training for the compositional-splits view: every kind of FactorNet on every split of both factor spaces.

Each (space, split) pair renders one seeded subsample of its train and test sets, shared by every
architecture and training seed. Regressors are trained with MSE on normalised factors; the β-VAE is first
trained without labels (β = 4), then a readout is fitted on its frozen latent means. Seed 0 of every split is
the page's model; the claim's two splits (random, extrapolation) are trained at SEEDS training seeds, so the
claim has an interval over seeds. One Dask task per (space, split, seed), one thread each (`runtime.jobs`).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from modeldash.data.splits_grid import N_TEST, N_TRAIN, SPLITS, SplitData, render_split
from modeldash.data.splits_images import SPACES
from modeldash.models.splits_nets import KINDS, FactorNet, FactorNetConfig, as_float, predict
from modeldash.models.zoo import Manifest, build_from, model_parts, save_model

EPOCHS = {"mlp": 20, "cnn": 20, "resnet": 12, "vae": 20}
QUICK_EPOCHS = {k: 1 for k in KINDS}
BETA = 4.0


def _batches(n: int, size: int, g: torch.Generator):
    perm = torch.randperm(n, generator=g)
    return [perm[i : i + size] for i in range(0, n, size)]


def fit(kind: str, data: SplitData, *, epochs: int, seed: int = 0, lr: float = 1e-3, batch: int = 64) -> FactorNet:
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    sp = data.space
    model = FactorNet(FactorNetConfig(kind=kind, channels=sp.channels, n_factors=len(sp.factors)))
    y = torch.from_numpy(data.y_train)
    if kind == "vae":
        return _fit_vae(model, data, epochs=epochs, g=g, lr=lr, batch=batch)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(epochs):
        model.train()
        for b in _batches(len(y), batch, g):
            opt.zero_grad()
            F.mse_loss(model(as_float(data.x_train[b.numpy()])), y[b]).backward()
            opt.step()
    return model.eval()


def _fit_vae(model: FactorNet, data: SplitData, *, epochs: int, g, lr: float, batch: int) -> FactorNet:
    """β-VAE on the training images without labels, then a readout on the frozen latent means."""
    cfg = model.cfg
    decoder = torch.nn.Sequential(  # latent -> (C, 32, 32) logits, mirror of the encoder
        torch.nn.Linear(cfg.latent, 4 * cfg.width),
        torch.nn.ReLU(),
        torch.nn.Linear(4 * cfg.width, 2 * cfg.width * 4),
        torch.nn.ReLU(),
        torch.nn.Unflatten(1, (2 * cfg.width, 2, 2)),
        torch.nn.ConvTranspose2d(2 * cfg.width, 2 * cfg.width, 4, 2, 1),
        torch.nn.ReLU(),
        torch.nn.ConvTranspose2d(2 * cfg.width, cfg.width, 4, 2, 1),
        torch.nn.ReLU(),
        torch.nn.ConvTranspose2d(cfg.width, cfg.width, 4, 2, 1),
        torch.nn.ReLU(),
        torch.nn.ConvTranspose2d(cfg.width, cfg.channels, 4, 2, 1),
    )
    opt = torch.optim.Adam([*model.encoder.parameters(), *decoder.parameters()], lr=lr)
    n = len(data.x_train)
    for _ in range(epochs):
        for b in _batches(n, batch, g):
            x = FactorNet.prepare(as_float(data.x_train[b.numpy()]))
            mu, logvar = model.encoder(x).chunk(2, dim=-1)
            z = mu + torch.randn(mu.shape, generator=g) * (0.5 * logvar).exp()
            rec = F.binary_cross_entropy_with_logits(decoder(z), x, reduction="sum") / len(b)
            kl = -0.5 * (1 + logvar - mu**2 - logvar.exp()).sum() / len(b)
            opt.zero_grad()
            (rec + BETA * kl).backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        mus = torch.cat([model.encode(as_float(data.x_train[i : i + 500]))[0] for i in range(0, n, 500)])
    y = torch.from_numpy(data.y_train)
    opt = torch.optim.Adam(model.readout.parameters(), lr=3e-3)
    for _ in range(100):  # cheap: the readout sees 10-d latents
        for b in _batches(n, 256, g):
            opt.zero_grad()
            F.mse_loss(model.readout(mus[b]), y[b]).backward()
            opt.step()
    return model.eval()


def scores(model: FactorNet, data: SplitData) -> dict[str, float]:
    """R² (mean over factors) on the test and the whole training subsample, and per factor on test."""
    sp = data.space
    r2_test = sp.r_squared(predict(model, data.x_test), data.y_test)
    r2_train = sp.r_squared(predict(model, data.x_train), data.y_train)
    return {
        "r2_test": float(r2_test.mean()),
        "r2_train": float(r2_train.mean()),
        **{f"r2_{f.replace(' ', '_').replace('-', '_')}": float(v) for f, v in zip(sp.factors, r2_test)},
    }


SEEDS = 3  # training seeds of the claim's splits
SEEDED_SPLITS = ("random", "extrapolation")  # the splits the claim compares


def entry_name(space: str, split: str, kind: str, seed: int = 0) -> str:
    """splits_<space>_<split>_<kind>, then _s<seed> for seeds after 0."""
    return f"splits_{space}_{split}_{kind}" + (f"_s{seed}" if seed else "")


def _fit_split(space: str, split: str, seed: int, epochs: dict, n_train: int, n_test: int) -> tuple:
    """Every kind on one split at one training seed (a Dask task): the subsample's sizes, and per kind its plain
    parts and scores."""
    torch.set_num_threads(1)  # one thread per task, whatever runs it: the same weights from any executor
    data = render_split(SPACES[space], split, n_train=n_train, n_test=n_test)
    fitted = [(kind, fit(kind, data, epochs=epochs[kind], seed=seed)) for kind in KINDS]
    return len(data.train_idx), len(data.test_idx), [(k, model_parts(m), scores(m, data)) for k, m in fitted]


def jobs(quick: bool = False) -> list[tuple[str, str, int]]:
    """(space, split, seed) of the recipe: seed 0 everywhere, more seeds on the claim's splits (two when quick)."""
    seeds = 2 if quick else SEEDS
    return [
        (space, split, seed)
        for seed in range(seeds)
        for space in SPACES
        for split in SPLITS
        if seed == 0 or split in SEEDED_SPLITS
    ]


def train_splits(*, quick: bool = False, zoo=None, progress=None, executor: str = "dask") -> Manifest:
    """The zoo recipe (`python -m modeldash.models.train splits`): 4 kinds × 4 splits × 2 factor spaces at seed 0, and
    random and extrapolation at seeds 1..SEEDS-1; `executor="local"` runs the same tasks in this process."""
    epochs = QUICK_EPOCHS if quick else EPOCHS
    n_train, n_test = (400, 200) if quick else (N_TRAIN, N_TEST)
    todo = jobs(quick)
    client = None
    if executor == "dask":
        from modeldash.runtime.jobs import get_client

        client = get_client()
    args = [(space, split, seed, epochs, n_train, n_test) for space, split, seed in todo]
    futures = [client.submit(_fit_split, *a, pure=False) for a in args] if client else args
    made = []
    for i, ((space, split, seed), fut) in enumerate(zip(todo, futures)):
        n_tr, n_te, per_kind = fut.result() if client else _fit_split(*fut)
        for kind, parts, metrics in per_kind:
            model = build_from(*parts)
            m = Manifest(
                name=entry_name(space, split, kind, seed),
                task="splits",
                architecture="FactorNet",
                config=parts[1],
                dataset={"name": space, "split": split, "n_train": n_tr, "n_test": n_te, "subsample_seed": 0},
                seed=seed,
                training={
                    "epochs": epochs[kind],
                    "batch": 64,
                    "lr": 1e-3,
                    "quick": quick,
                    "threads": 1,
                    **({"beta": BETA} if kind == "vae" else {}),
                },
                metrics=metrics,
            )
            save_model(model, m, zoo)
            made.append(m)
        if progress:
            progress((i + 1) / len(todo))
    return made[0]
