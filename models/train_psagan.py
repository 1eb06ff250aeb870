"""Training for the synthetic-series view: PSA-GAN and its ablations on each bundled dataset, and the
embedding network Context-FID needs.

Progressive training: stage 0 learns 8-step windows, each later stage doubles the length; when a stage is
added its output is faded in linearly over the first half of the stage. Loss: least-squares GAN plus the
moment loss on the generator (gap between fake and real windows' mean and standard deviation over time).
"""
from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from data.series import DATASETS, WINDOW, SeriesSet, load_bundled
from models.psagan import BASE, PSAGAN, PSAGANConfig, minmax_scale
from models.series_embed import EmbedConfig, train_encoder
from models.zoo import Manifest, save_model

VARIANTS = {                          # name -> (attention, moment loss weight, fade-in)
    "psagan": (True, 1.0, True),
    "no_attention": (False, 1.0, True),
    "no_moment": (True, 0.0, True),
    "no_fade": (True, 1.0, False),
}
LABELS = {"psagan": "PSA-GAN", "no_attention": "PSA-GAN w/o self-attention", "no_moment": "PSA-GAN w/o moment loss",
          "no_fade": "PSA-GAN w/o fade-in"}


@dataclass(frozen=True)
class GANSettings:
    stage_iters: tuple[int, ...] = (100, 100, 200, 1000)   # per stage; the last entry repeats for longer windows
    batch: int = 64
    lr: float = 2e-4
    ema: float = 0.995            # samples come from a moving average of the generator's weights (as ProGAN)
    seed: int = 0

    def iters(self, stage: int) -> int:
        return self.stage_iters[min(stage, len(self.stage_iters) - 1)]


QUICK = GANSettings(stage_iters=(20,))


def training_windows(s: SeriesSet) -> np.ndarray:
    """Scaled training windows; small datasets use every start (stride 1)."""
    w = s.windows("train")
    return w if len(w) >= 2000 else s.windows("train", stride=1)


def moment_loss(fake: torch.Tensor, real: torch.Tensor) -> torch.Tensor:
    """|E mean_t(fake) − E mean_t(real)| + |E std_t(fake) − E std_t(real)| over the batch; (B, 1, T) inputs."""
    return ((fake.mean(-1).mean() - real.mean(-1).mean()).abs()
            + (fake.std(-1).mean() - real.std(-1).mean()).abs())


def train_gan(windows: np.ndarray, variant: str = "psagan", settings: GANSettings = GANSettings(),
              on_stage=None, progress=None) -> PSAGAN:
    """Train one variant; `on_stage(stage, model)` is called after each stage (for per-stage checkpoints)."""
    attention, lam, fade = VARIANTS[variant]
    torch.manual_seed(settings.seed)
    g = torch.Generator().manual_seed(settings.seed)
    cfg = PSAGANConfig(n_stages=int(np.log2(windows.shape[1] // BASE)), attention=attention)
    model = PSAGAN(cfg)
    gen, dis = model.generator, model.discriminator
    opt_g = torch.optim.Adam(gen.parameters(), lr=settings.lr, betas=(0.0, 0.9))
    opt_d = torch.optim.Adam(dis.parameters(), lr=settings.lr, betas=(0.0, 0.9))
    ema = copy.deepcopy(gen).requires_grad_(False)
    real_all = torch.from_numpy(windows)[:, None]                     # (N, 1, T)
    total, done = sum(settings.iters(s) for s in range(cfg.n_stages + 1)), 0
    for stage in range(cfg.n_stages + 1):
        real_stage = minmax_scale(F.avg_pool1d(real_all, 2 ** (cfg.n_stages - stage)))
        n_iters = settings.iters(stage)
        for it in range(n_iters):
            alpha = min(1.0, 2 * it / n_iters) if (fade and stage > 0) else 1.0
            real = real_stage[torch.randint(len(real_stage), (settings.batch,), generator=g)]
            z = torch.randn(settings.batch, cfg.z_dim, BASE, generator=g)
            fake = gen(z, stage, alpha)
            d_real, d_fake = dis(torch.cat([real, fake.detach()]), stage, alpha).chunk(2)   # one pass (no batch norm)
            loss_d = ((d_real - 1) ** 2).mean() + (d_fake ** 2).mean()
            opt_d.zero_grad()
            loss_d.backward()
            opt_d.step()
            loss_g = ((dis(fake, stage, alpha) - 1) ** 2).mean() + lam * moment_loss(fake, real)
            opt_g.zero_grad()
            loss_g.backward()
            opt_g.step()
            _update_average(ema, gen, settings.ema)
            if progress and it % 50 == 0:
                progress((done + it) / total)
        done += n_iters
        snapshot = _snapshot(cfg, ema, gen, dis)
        if on_stage:
            on_stage(stage, snapshot)
    return snapshot


def _update_average(ema: torch.nn.Module, net: torch.nn.Module, decay: float) -> None:
    with torch.no_grad():
        torch._foreach_lerp_(list(ema.parameters()), list(net.parameters()), 1 - decay)


def _snapshot(cfg: PSAGANConfig, ema: torch.nn.Module, gen: torch.nn.Module, dis: torch.nn.Module) -> PSAGAN:
    """A PSAGAN holding the averaged generator's weights with the generator's current spectral-norm vectors
    (buffers), and (a copy of) the current discriminator, in eval mode."""
    with torch.no_grad():
        for be, b in zip(ema.buffers(), gen.buffers()):
            be.copy_(b)
    out = PSAGAN(cfg)
    out.generator.load_state_dict(ema.state_dict())
    out.discriminator.load_state_dict(dis.state_dict())
    return out.eval()


def train_series(*, quick: bool = False, zoo=None, progress=None) -> Manifest:
    """The zoo recipe (`python -m models.train series`): per bundled dataset, the Context-FID encoder,
    PSA-GAN with a checkpoint per stage, and the three ablations."""
    settings = QUICK if quick else GANSettings()
    jobs = [(d, v) for d in DATASETS for v in ["encoder", *VARIANTS]]
    made, loaded = [], {}
    for i, (name, variant) in enumerate(jobs):
        if name not in loaded:
            loaded = {name: load_bundled(name)}                   # one dataset in memory at a time
        data = loaded[name]
        windows = training_windows(data)
        dataset = {"name": name, "source": data.source, "window": WINDOW, "n_windows": len(windows),
                   "series": list(data.series)}
        if variant == "encoder":
            enc_iters = 20 if quick else 600
            enc = train_encoder(windows, EmbedConfig(), iters=enc_iters, seed=0)
            m = Manifest(name=f"series_{name}_encoder", task="series", architecture="SeriesEncoder",
                         config=dataclasses.asdict(enc.cfg), dataset=dataset, seed=0,
                         training={"loss": "triplet (Franceschi et al. 2019)", "iters": enc_iters},
                         metrics={"n_windows": float(len(windows))}, extra={"role": "encoder"})
            save_model(enc, m, zoo)
            made.append(m)
            continue

        def save_stage(stage, model, _name=name, _variant=variant, _dataset=dataset):
            last = stage == model.cfg.n_stages
            if _variant != "psagan" and not last:
                return
            suffix = "" if last else f"_stage{stage}"
            m = Manifest(name=f"series_{_name}_{_variant}{suffix}", task="series", architecture="PSAGAN",
                         config=dataclasses.asdict(model.cfg), dataset=_dataset, seed=settings.seed,
                         training={**dataclasses.asdict(settings), "quick": quick, "moment_weight": VARIANTS[_variant][1],
                                   "fade_in": VARIANTS[_variant][2], "stage": stage},
                         metrics={"stage": float(stage), "length": float(BASE * 2 ** stage)},
                         extra={"role": _variant, "stage": stage, "final": last})
            save_model(model, m, zoo)
            made.append(m)

        train_gan(windows, variant, settings, on_stage=save_stage)
        if progress:
            progress((i + 1) / len(jobs))
    return made[-1]
