"""Fitting PSA-GAN and its ablations as the official code's training loop does (the zoo recipe and the page's
uploads both call `train_gan`).

Each iteration draws a fresh batch of real windows with their conditioning and fresh noise, and updates either
the discriminator or the generator: the first 25 generator steps each follow 50 discriminator steps, later
ones 2. Training runs `epochs` epochs of `batches_per_epoch` iterations; the generator grows a stage after each
epoch in `schedule`, and a new stage fades in over `fade_epochs` epochs (its weight rises by 1/fade_epochs each
epoch, as the official code's per-epoch residual factor; the release's `run_gan.py` fades over 2 epochs, and
"w/o fade-in" gives every new stage its full weight at once). Least-squares GAN loss with the official 0.5 weights,
plus the moment loss on the generator (per sample: |std_t(fake) − std_t(real)| + |mean_t(fake) − mean_t(real)|,
averaged over the batch; each fake is generated from its real window's conditioning). Adam, lr 5·10⁻⁵,
default betas, for both networks. The raw generator's weights are kept (no weight averaging).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import torch

from modeldash.models.series_psagan import PSAGAN, PSAGANConfig, pool

VARIANTS = ("psagan", "no_attention", "no_moment", "no_fade")
LABELS = {
    "psagan": "PSA-GAN",
    "no_attention": "PSA-GAN w/o self-attention",
    "no_moment": "PSA-GAN w/o moment loss",
    "no_fade": "PSA-GAN w/o fade-in",
}


@dataclass(frozen=True)
class GANSettings:
    epochs: int = 20  # the release's demo run (run_gan.py): 20 epochs of 100 batches, stages after epochs 5, 10, 15
    batches_per_epoch: int = 100
    schedule: tuple[int, ...] = (5, 10, 15)
    batch: int = 64  # the official run: 512 (a 2-core CPU: 64)
    fade_epochs: int = 2  # the release's run_gan.py: a new stage at weight 1/2, then 1 (0: no fade, weight 1 at once)
    lr: float = 5e-5
    moment: float = 1.0
    d_steps: int = 2
    warmup_d_steps: int = 50  # discriminator steps before each of the first `warmup_g_steps` generator steps
    warmup_g_steps: int = 25
    attention: bool = True
    seed: int = 0

    @property
    def iterations(self) -> int:
        return self.epochs * self.batches_per_epoch

    def stage_at(self, epoch: int) -> int:
        return sum(epoch > k for k in self.schedule)

    def alpha_at(self, epoch: int) -> float:
        """The newest stage's weight in epoch `epoch`: (epoch − k)/fade_epochs for the epochs just after the
        stage arrived (k = its schedule entry), else 1 (always 1 without a fade)."""
        stage = self.stage_at(epoch)
        if stage == 0:
            return 1.0
        k = self.schedule[stage - 1]
        return (epoch - k) / self.fade_epochs if epoch - k < self.fade_epochs else 1.0


BUDGETS = {  # the release's demo budget (its experiment registry runs thousands of epochs: out of a CPU's reach)
    "demo": GANSettings(),
    "long": GANSettings(batches_per_epoch=150),  # 1.5× the iterations, 2.4× the generator steps after warm-up
}
QUICK = GANSettings(
    epochs=4, batches_per_epoch=8, schedule=(0, 1, 2), fade_epochs=2, warmup_d_steps=2, warmup_g_steps=2
)


def variant_settings(variant: str, settings: GANSettings = GANSettings()) -> GANSettings:
    """The settings of an ablation: without self-attention, without the moment loss, or without the fade-in (a new
    stage at full weight from its first step)."""
    if variant == "no_attention":
        return dataclasses.replace(settings, attention=False)
    if variant == "no_moment":
        return dataclasses.replace(settings, moment=0.0)
    if variant == "no_fade":
        return dataclasses.replace(settings, fade_epochs=0)
    if variant != "psagan":
        raise ValueError(f"unknown variant {variant!r}")
    return settings


def moment_loss(fake: torch.Tensor, real: torch.Tensor) -> torch.Tensor:
    """Per sample |std_t(fake) − std_t(real)| + |mean_t(fake) − mean_t(real)|, averaged over the batch; (B, 1, T)."""
    return (fake.std(-1) - real.std(-1)).abs().mean() + (fake.mean(-1) - real.mean(-1)).abs().mean()


def train_gan(
    windows, settings: GANSettings = GANSettings(), *, n_series: int | None = None, on_stage=None, progress=None
) -> PSAGAN:
    """Train one generator on `windows` (data.series.Windows) with `settings` (see `variant_settings`);
    `on_stage(stage, model)` is called at the end of each growth stage (the model in training, not a copy)."""
    torch.manual_seed(settings.seed)
    g = torch.Generator().manual_seed(settings.seed)
    values = torch.from_numpy(np.ascontiguousarray(windows.values))[:, None]  # (N, 1, T)
    feats = torch.from_numpy(np.ascontiguousarray(windows.features))
    ids = torch.from_numpy(windows.ids)
    t = values.shape[-1]
    cfg = PSAGANConfig(
        n_stages=int(np.log2(t // 8)),
        n_features=feats.shape[1],
        n_series=int(n_series or ids.max() + 1),
        attention=settings.attention,
    )
    model = PSAGAN(cfg).train()
    gen, dis = model.generator, model.discriminator
    opt_g = torch.optim.Adam(gen.parameters(), lr=settings.lr)
    opt_d = torch.optim.Adam(dis.parameters(), lr=settings.lr)
    g_steps, since_g = 0, 0
    for epoch in range(settings.epochs):
        stage = min(settings.stage_at(epoch), cfg.n_stages)  # a schedule longer than the windows: stays at full length
        alpha = settings.alpha_at(epoch) if settings.stage_at(epoch) <= cfg.n_stages else 1.0
        k = 2 ** (cfg.n_stages - stage)
        for it in range(settings.batches_per_epoch):
            idx = torch.randint(len(values), (settings.batch,), generator=g)
            f, i = feats[idx], ids[idx]
            real = pool(values[idx], k)
            noise = torch.randn(settings.batch, 1, t, generator=g)
            need = settings.warmup_d_steps if g_steps < settings.warmup_g_steps else settings.d_steps
            if since_g < need:  # a discriminator step (real and fake in one pass: no batch statistics)
                with torch.no_grad():
                    fake = gen(noise, f, i, stage, alpha)
                both = dis(torch.cat([real, fake]), torch.cat([f, f]), torch.cat([i, i]), stage, alpha)
                d_real, d_fake = both.chunk(2)
                loss = 0.5 * ((d_real - 1) ** 2).mean() + 0.5 * (d_fake**2).mean()
                opt_d.zero_grad()
                loss.backward()
                opt_d.step()
                since_g += 1
            else:
                fake = gen(noise, f, i, stage, alpha)
                for p in dis.parameters():
                    p.requires_grad_(False)
                loss = 0.5 * ((dis(fake, f, i, stage, alpha) - 1) ** 2).mean()
                if settings.moment:
                    loss = loss + settings.moment * moment_loss(fake, real)
                opt_g.zero_grad()
                loss.backward()
                opt_g.step()
                for p in dis.parameters():
                    p.requires_grad_(True)
                g_steps, since_g = g_steps + 1, 0
            if progress and it % 25 == 0:
                progress((epoch * settings.batches_per_epoch + it) / settings.iterations)
        if on_stage and (epoch == settings.epochs - 1 or min(settings.stage_at(epoch + 1), cfg.n_stages) != stage):
            on_stage(stage, model)
    return model.eval()
