"""PSA-GAN (Jeha et al., ICLR 2022): generator and discriminator that grow in length by doubling stages,
each stage an upsample (downsample), a spectrally normalised Conv1d, LeakyReLU and residual
self-attention whose gate starts at 0; a linear fade-in when a stage is added.

Shapes: the generator maps noise (B, z, 8) to series (B, 1, 8·2^stage); the discriminator maps series at
the current length to one score per series.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm

from models.configs import PSAGAN_BASE as BASE
from models.configs import PSAGANConfig


def minmax_scale(x: torch.Tensor) -> torch.Tensor:
    """Min-max scale each series (B, 1, T) to [0, 1], as every real window is (data.series.scale), so the
    generator's output lives where the data live (the official code's "local" scaling does the same)."""
    lo, hi = x.amin(-1, keepdim=True), x.amax(-1, keepdim=True)
    return (x - lo) / (hi - lo).clamp_min(1e-6)


class SelfAttention(nn.Module):
    """Residual self-attention over time; gamma = 0 at the start, so a new block begins as identity."""

    def __init__(self, c: int):
        super().__init__()
        self.q, self.k, self.v = (spectral_norm(nn.Conv1d(c, c, 1)) for _ in range(3))
        self.gamma = nn.Parameter(torch.zeros(1))

    def forward(self, x):  # (B, C, T)
        att = torch.softmax(self.q(x).transpose(1, 2) @ self.k(x) / x.shape[1] ** 0.5, dim=-1)  # (B, T, T)
        return x + self.gamma * (self.v(x) @ att.transpose(1, 2))


def _block(c: int, attention: bool, c_in: int | None = None) -> nn.Sequential:
    layers = [spectral_norm(nn.Conv1d(c_in or c, c, 3, padding=1)), nn.LeakyReLU(0.2)]
    return nn.Sequential(*layers, SelfAttention(c)) if attention else nn.Sequential(*layers)


class Generator(nn.Module):
    def __init__(self, cfg: PSAGANConfig):
        super().__init__()
        self.cfg = cfg
        c = cfg.channels
        self.inp = nn.Sequential(
            spectral_norm(nn.Conv1d(cfg.z_dim + 2, c, 3, padding=1)),
            nn.LeakyReLU(0.2),
            *([SelfAttention(c)] if cfg.attention else []),
        )
        # each stage sees the time features again, concatenated to the upsampled channels (official code)
        self.blocks = nn.ModuleList(_block(c, cfg.attention, c_in=c + 2) for _ in range(cfg.n_stages))
        self.out = nn.ModuleList(nn.Conv1d(c, 1, 1) for _ in range(cfg.n_stages + 1))  # one per length

    @staticmethod
    def time_features(b: int, t: int, device=None) -> torch.Tensor:
        """Position in the window as (sin, cos), (B, 2, T)."""
        pos = torch.linspace(0, 2 * torch.pi, t, device=device)
        return torch.stack([pos.sin(), pos.cos()])[None].expand(b, 2, t)

    def forward(self, z: torch.Tensor, stage: int | None = None, alpha: float = 1.0) -> torch.Tensor:
        """z (B, z_dim, 8) -> (B, 1, 8·2^stage); `alpha` < 1 fades the newest stage in."""
        stage = self.cfg.n_stages if stage is None else stage
        h = self.inp(torch.cat([z, self.time_features(len(z), z.shape[-1], z.device)], 1))
        prev = None
        for s in range(stage):
            prev = h
            up = F.interpolate(h, scale_factor=2, mode="nearest")
            h = self.blocks[s](torch.cat([up, self.time_features(len(z), up.shape[-1], z.device)], 1))
        y = self.out[stage](h)
        if stage > 0 and alpha < 1.0:
            y_old = F.interpolate(self.out[stage - 1](prev), scale_factor=2, mode="nearest")
            y = alpha * y + (1 - alpha) * y_old
        return minmax_scale(y)

    def sample(self, n: int, *, seed: int = 0, stage: int | None = None) -> torch.Tensor:
        """n series (n, length) from a seeded generator, in eval mode."""
        g = torch.Generator().manual_seed(seed)
        z = torch.randn(n, self.cfg.z_dim, BASE, generator=g)
        self.eval()
        with torch.no_grad():
            return self(z, stage)[:, 0]


class Discriminator(nn.Module):
    def __init__(self, cfg: PSAGANConfig):
        super().__init__()
        self.cfg = cfg
        c = cfg.channels
        self.inp = nn.ModuleList(spectral_norm(nn.Conv1d(1, c, 1)) for _ in range(cfg.n_stages + 1))
        self.blocks = nn.ModuleList(_block(c, cfg.attention) for _ in range(cfg.n_stages))
        self.head = nn.Sequential(
            spectral_norm(nn.Conv1d(c, c, 3, padding=1)),
            nn.LeakyReLU(0.2),
            nn.Flatten(),
            spectral_norm(nn.Linear(c * BASE, 1)),
        )

    def forward(self, x: torch.Tensor, stage: int | None = None, alpha: float = 1.0) -> torch.Tensor:
        """x (B, 1, 8·2^stage) -> scores (B,)."""
        stage = self.cfg.n_stages if stage is None else stage
        h = F.leaky_relu(self.inp[stage](x), 0.2)
        for s in reversed(range(stage)):
            h = F.avg_pool1d(self.blocks[s](h), 2)
            if s == stage - 1 and alpha < 1.0:
                old = F.leaky_relu(self.inp[stage - 1](F.avg_pool1d(x, 2)), 0.2)
                h = alpha * h + (1 - alpha) * old
        return self.head(h)[:, 0]


class PSAGAN(nn.Module):
    """Both networks in one module, so one zoo entry holds a trained pair (and its stage)."""

    def __init__(self, cfg: PSAGANConfig):
        super().__init__()
        self.cfg = cfg
        self.generator = Generator(cfg)
        self.discriminator = Discriminator(cfg)

    def sample(self, n: int, *, seed: int = 0, stage: int | None = None) -> torch.Tensor:
        return self.generator.sample(n, seed=seed, stage=stage)
