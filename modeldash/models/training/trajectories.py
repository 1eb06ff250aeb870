"""Training for the trajectories view: each learned predictor on real pedestrians (ETH/UCY) and on the
simulated team game.

Pedestrians: scenes of four files train (with random rotations of whole scenes); the scenes of `HELD_OUT`
files are never seen in training and give the zoo's ADE/FDE, next to constant velocity on the same scenes.
Team: one simulated season (seed 0) trains, another (seed 1) is held out.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import torch

from modeldash.data.trajectories import Scenes, concat_scenes, load_file
from modeldash.data.trajectories_sim import team_scenes
from modeldash.models.trajectories import (
    KINDS,
    ConstantVelocity,
    TrajConfig,
    TrajPredictor,
    ade_fde,
    gaussian_nll,
    scene_errors,
    scene_tensors,
)
from modeldash.models.zoo import Manifest, save_model

TRAIN_FILES = ("biwi_hotel", "crowds_zara01", "students001", "uni_examples")
HELD_OUT = ("biwi_eth", "crowds_zara03")
EPOCHS, QUICK_EPOCHS = 12, 1
POINT_KINDS = ("ego_lstm", "social_attn", "stgcnn")  # one future each, on both domains
# a distribution each (Gaussian, K samples), on the pedestrians only: the claims' Table 1 rows
DISTRIBUTION_KINDS = ("gauss_attn", "sample_attn")
SEEDS = (0, 1, 2)  # every kind at three training seeds: the claims' intervals cover seeds as well as scenes
LOSSES = {"future": "ADE", "gaussian": "NLL (unclamped)", "samples": "best-of-K ADE (variety loss), K = 20"}


def _rotate(*xs, angle):
    c, s = torch.cos(angle), torch.sin(angle)
    r = torch.stack([torch.stack([c, -s], -1), torch.stack([s, c], -1)], -2)  # (B, 2, 2)
    out = []
    for x in xs:
        shape = x.shape
        flat = x.reshape(shape[0], -1, 2)
        out.append(torch.einsum("bij,bnj->bni", r, flat).reshape(shape))
    return out


def fit(kind: str, train: Scenes, *, epochs: int, seed: int = 0, lr: float = 2e-3, batch: int = 128) -> TrajPredictor:
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    model = TrajPredictor(TrajConfig(kind=kind))
    past, nb, mask, fut = scene_tensors(train)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max(1, epochs * ((len(past) + batch - 1) // batch)))
    for _ in range(epochs):
        model.train()
        for b in torch.randperm(len(past), generator=g).split(batch):
            angle = torch.rand(len(b), generator=g) * 2 * np.pi
            origin = past[b][:, -1:]
            p, n_, f = _rotate(past[b] - origin, nb[b] - origin[:, None], fut[b] - origin, angle=angle)
            loss = _loss(model, p, n_, mask[b], f, g)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    return model.eval()


def _loss(model: TrajPredictor, past, nb, mask, fut, g: torch.Generator) -> torch.Tensor:
    """The training loss of the model's output kind (LOSSES)."""
    kind = model.cfg.output
    if kind == "gaussian":
        return gaussian_nll(model(past, nb, mask), fut, clamp=None).mean()
    if kind == "samples":
        noise = torch.randn(len(past), model.cfg.samples, model.cfg.noise_dim, generator=g)
        d = (model(past, nb, mask, noise) - fut[:, None]).norm(dim=-1).mean(-1)  # (B, K) ADE per sample
        return d.min(1).values.mean()
    return (model(past, nb, mask) - fut).norm(dim=-1).mean()


def domain_data(domain: str) -> tuple[Scenes, Scenes, dict]:
    """Training scenes, held-out scenes and their description for 'eth_ucy' (real) or 'team' (simulated)."""
    if domain == "eth_ucy":
        train = concat_scenes([load_file(f) for f in TRAIN_FILES], "eth_ucy_train")
        held = concat_scenes([load_file(f) for f in HELD_OUT], "eth_ucy_held_out")
        return train, held, {"train_files": list(TRAIN_FILES), "held_out_files": list(HELD_OUT)}
    if domain == "team":
        return (
            team_scenes(seed=0, name="team_train"),
            team_scenes(seed=1, name="team_held_out"),
            {"simulator": "team", "train_seed": 0, "held_out_seed": 1},
        )
    raise ValueError(domain)


DOMAINS = ("eth_ucy", "team")


def train_trajectories(*, quick: bool = False, zoo=None, progress=None) -> Manifest:
    """The zoo recipe (`python -m modeldash.models.train trajectories`): every point predictor on real pedestrians
    (ETH/UCY) and on the team game, the Gaussian and the K-sample predictors on the pedestrians, each at seeds 0, 1
    and 2 (seed s > 0 named with `_s<s>`; the pages show seed 0, the claims use all three). With `quick`, seed 0."""
    assert set(POINT_KINDS + DISTRIBUTION_KINDS) == set(KINDS)
    made = []
    seeds = SEEDS[:1] if quick else SEEDS
    jobs = [(d, k, s) for d in DOMAINS for k in POINT_KINDS for s in seeds]
    jobs += [("eth_ucy", k, s) for k in DISTRIBUTION_KINDS for s in seeds]
    data = {}
    for i, (domain, kind, seed) in enumerate(jobs):
        if domain not in data:
            train, held, desc = domain_data(domain)
            if quick:
                train = train.take(np.arange(0, len(train), 40))
            data[domain] = (train, held, desc, ade_fde(ConstantVelocity(), held))
        train, held, desc, (cv_ade, cv_fde) = data[domain]
        epochs = QUICK_EPOCHS if quick else EPOCHS
        model = fit(kind, train, epochs=epochs, seed=seed)
        ade, fde = ade_fde(model, held)
        metrics = {"ade": ade, "fde": fde, "cv_ade": cv_ade, "cv_fde": cv_fde}
        if model.cfg.output != "future":  # best of 20 and (Gaussian) NLL on the held-out scenes, draws of seed 0
            metrics |= {m: float(scene_errors(model, held, m).mean()) for m in ("min_ade", "min_fde")}
        if model.cfg.output == "gaussian":
            metrics["nll"] = float(scene_errors(model, held, "nll").mean())
        m = Manifest(
            name=f"traj_{domain}_{kind}" + (f"_s{seed}" if seed else ""),
            task="trajectories",
            architecture="TrajPredictor",
            config=dataclasses.asdict(model.cfg),
            dataset={"name": domain, **desc, "n_train_scenes": len(train), "n_held_out_scenes": len(held)},
            seed=seed,
            training={
                "epochs": epochs,
                "batch": 128,
                "lr": 2e-3,
                "loss": LOSSES[model.cfg.output],
                "augmentation": "random rotation",
                "quick": quick,
            },
            metrics=metrics,
        )
        save_model(model, m, zoo)
        made.append(m)
        if progress:
            progress((i + 1) / len(jobs))
    return made[0]
