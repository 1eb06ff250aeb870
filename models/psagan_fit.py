"""Fitting PSA-GAN and its ablations (the zoo recipe and the page's uploads both call `train_gan`).

Progressive training: stage 0 learns 8-step windows, each later stage doubles the length; when a stage is
added its output is faded in linearly over the first half of the stage. Loss: least-squares GAN plus the
moment loss on the generator (gap between fake and real windows' mean and standard deviation over time).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

from models.psagan import BASE, PSAGAN, PSAGANConfig, minmax_scale

VARIANTS = {  # name -> (attention, moment loss weight, fade-in)
    "psagan": (True, 1.0, True),
    "no_attention": (False, 1.0, True),
    "no_moment": (True, 0.0, True),
    "no_fade": (True, 1.0, False),
}
LABELS = {
    "psagan": "PSA-GAN",
    "no_attention": "PSA-GAN w/o self-attention",
    "no_moment": "PSA-GAN w/o moment loss",
    "no_fade": "PSA-GAN w/o fade-in",
}


@dataclass(frozen=True)
class GANSettings:
    stage_iters: tuple[int, ...] = (100, 100, 200, 1000)  # per stage; the last entry repeats for longer windows
    batch: int = 64
    lr: float = 2e-4
    ema: float = 0.995  # samples come from a moving average of the generator's weights (as ProGAN)
    seed: int = 0

    def iters(self, stage: int) -> int:
        return self.stage_iters[min(stage, len(self.stage_iters) - 1)]


QUICK = GANSettings(stage_iters=(20,))


def moment_loss(fake: torch.Tensor, real: torch.Tensor) -> torch.Tensor:
    """|E mean_t(fake) − E mean_t(real)| + |E std_t(fake) − E std_t(real)| over the batch; (B, 1, T) inputs."""
    return (fake.mean(-1).mean() - real.mean(-1).mean()).abs() + (fake.std(-1).mean() - real.std(-1).mean()).abs()


def train_gan(
    windows: np.ndarray, variant: str = "psagan", settings: GANSettings = GANSettings(), on_stage=None, progress=None
) -> PSAGAN:
    """Train one variant; `on_stage(stage, model)` is called after each stage (for per-stage checkpoints)."""
    attention, lam, fade = VARIANTS[variant]
    torch.manual_seed(settings.seed)
    g = torch.Generator().manual_seed(settings.seed)
    cfg = PSAGANConfig(n_stages=int(np.log2(windows.shape[1] // BASE)), attention=attention)
    model = PSAGAN(cfg)
    gen, dis = model.generator, model.discriminator
    opt_g = torch.optim.Adam(gen.parameters(), lr=settings.lr, betas=(0.0, 0.9))
    opt_d = torch.optim.Adam(dis.parameters(), lr=settings.lr, betas=(0.0, 0.9))
    # the generator's exponential moving average; its first update copies the initial weights. Buffers (the
    # spectral-norm power-iteration vectors) are kept in sync, not averaged: an average of unit vectors is
    # not the generator's estimate of its singular vectors
    ema = AveragedModel(gen, multi_avg_fn=get_ema_multi_avg_fn(settings.ema), use_buffers=False)
    ema.update_parameters(gen)
    real_all = torch.from_numpy(windows)[:, None]  # (N, 1, T)
    total, done = sum(settings.iters(s) for s in range(cfg.n_stages + 1)), 0
    for stage in range(cfg.n_stages + 1):
        real_stage = minmax_scale(F.avg_pool1d(real_all, 2 ** (cfg.n_stages - stage)))
        n_iters = settings.iters(stage)
        for it in range(n_iters):
            alpha = min(1.0, 2 * it / n_iters) if (fade and stage > 0) else 1.0
            real = real_stage[torch.randint(len(real_stage), (settings.batch,), generator=g)]
            z = torch.randn(settings.batch, cfg.z_dim, BASE, generator=g)
            fake = gen(z, stage, alpha)
            d_real, d_fake = dis(torch.cat([real, fake.detach()]), stage, alpha).chunk(2)  # one pass (no batch norm)
            loss_d = ((d_real - 1) ** 2).mean() + (d_fake**2).mean()
            opt_d.zero_grad()
            loss_d.backward()
            opt_d.step()
            loss_g = ((dis(fake, stage, alpha) - 1) ** 2).mean() + lam * moment_loss(fake, real)
            opt_g.zero_grad()
            loss_g.backward()
            opt_g.step()
            ema.update_parameters(gen)
            if progress and it % 50 == 0:
                progress((done + it) / total)
        done += n_iters
        snapshot = _snapshot(cfg, ema.module, dis)
        if on_stage:
            on_stage(stage, snapshot)
    return snapshot


def _snapshot(cfg: PSAGANConfig, ema: torch.nn.Module, dis: torch.nn.Module) -> PSAGAN:
    """A PSAGAN holding the averaged generator (with the generator's current spectral-norm vectors) and (a copy
    of) the current discriminator, in eval mode."""
    out = PSAGAN(cfg)
    out.generator.load_state_dict(ema.state_dict())
    out.discriminator.load_state_dict(dis.state_dict())
    return out.eval()
