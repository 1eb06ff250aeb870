"""PSA-GAN (Jeha et al., ICLR 2022) as its official code builds it: a conditional generator and discriminator
that grow in length by doubling stages.

Generator: one channel of noise at the full length, concatenated with the window's conditioning (an
embedding of its series index and its time features), average-pooled to length 8; an input block; then per
stage nearest upsampling, the conditioning again (pooled to the new length), a block; a shared spectrally
normalised 1×1 convolution to one channel. A block is a spectrally normalised Conv1d (kernel 3), LeakyReLU
(slope 0.01) and residual self-attention (1×1 query/key/value convolutions, a 1×1 output convolution, a gate
that starts at 0). While a new stage fades in, the output mixes the new path with a 1×1 convolution of the
upsampled previous features. No output scaling: the data are scaled beforehand (the official experiments'
"NoScale").

Discriminator: the series at its current length with the conditioning pooled to it, a shared spectrally
normalised 1×1 input convolution, one block and an average pooling per stage down to length 8, a final block,
a 1×1 convolution to one channel, LeakyReLU, and a spectrally normalised linear map of the 8 steps to a score.

Shapes: noise (B, 1, T), features (B, F, T), ids (B,); the generator returns (B, 1, 8·2^stage), the
discriminator one score per series.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm

from modeldash.models.series_config import PSAGAN_BASE as BASE
from modeldash.models.series_config import PSAGANConfig


class SelfAttention(nn.Module):
    """x + γ·W_o(softmax(QᵀK/√d) V); γ = 0 at the start, so a new block begins as the identity."""

    def __init__(self, c: int, key_features: int = 1, value_features: int = 1):
        super().__init__()
        self.q, self.k = nn.Conv1d(c, key_features, 1), nn.Conv1d(c, key_features, 1)
        self.v = nn.Conv1d(c, value_features, 1)
        self.out = nn.Conv1d(value_features, c, 1)
        self.gamma = nn.Parameter(torch.zeros(()))

    def forward(self, x):  # (B, C, T)
        q, k = self.q(x), self.k(x)
        att = torch.softmax(q.transpose(1, 2) @ k / math.sqrt(q.shape[1]), dim=-1)  # (B, T, T)
        return x + self.gamma * self.out((att @ self.v(x).transpose(1, 2)).transpose(1, 2))


def _block(c_in: int, c: int, cfg: PSAGANConfig) -> nn.Sequential:
    layers = [spectral_norm(nn.Conv1d(c_in, c, 3, padding=1)), nn.LeakyReLU(0.01)]
    if cfg.attention:
        layers.append(SelfAttention(c, cfg.key_features, cfg.key_features))
    return nn.Sequential(*layers)


def pool(x: torch.Tensor, k: int) -> torch.Tensor:
    """Average pooling over time by a factor k (a reshape and a mean: the same as `avg_pool1d(x, k)`, faster)."""
    return x if k == 1 else x.unflatten(-1, (x.shape[-1] // k, k)).mean(-1)


def _conditioning(embedding: nn.Embedding, features: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
    """(B, E + F, T): the series embedding repeated over time, then the time features."""
    em = embedding(ids)[:, :, None].expand(-1, -1, features.shape[-1])
    return torch.cat([em, features], 1)


class Generator(nn.Module):
    def __init__(self, cfg: PSAGANConfig):
        super().__init__()
        self.cfg = cfg
        c, cond = cfg.channels, cfg.embed_dim + cfg.n_features
        self.embedding = nn.Embedding(cfg.n_series, cfg.embed_dim)
        self.inp = _block(cond + 1, c, cfg)
        self.blocks = nn.ModuleList(_block(c + cond, c, cfg) for _ in range(cfg.n_stages))
        self.skips = nn.ModuleList(nn.Conv1d(c, c, 1) for _ in range(cfg.n_stages))
        self.out = spectral_norm(nn.Conv1d(c, 1, 1))

    def forward(self, noise, features, ids, stage: int | None = None, alpha: float = 1.0) -> torch.Tensor:
        """(B, 1, T) noise with (B, F, T) features and (B,) series ids -> (B, 1, 8·2^stage); `alpha` < 1 mixes in
        the previous stage's features while the newest stage fades in."""
        n = self.cfg.n_stages
        stage = n if stage is None else stage
        cond = _conditioning(self.embedding, features, ids)
        h = self.inp(pool(torch.cat([cond, noise], 1), 2**n))
        prev = h
        for s in range(stage):
            prev = F.interpolate(h, scale_factor=2, mode="nearest")
            h = self.blocks[s](torch.cat([pool(cond, 2 ** (n - s - 1)), prev], 1))
        if stage > 0 and alpha < 1.0:
            return alpha * self.out(h) + (1 - alpha) * self.out(self.skips[stage - 1](prev))
        return self.out(h)

    def generate(self, features, ids, *, seed: int = 0, stage: int | None = None, batch: int = 2048) -> np.ndarray:
        """One sample per window's conditioning, (N, 8·2^stage), from seeded noise, in eval mode."""
        g = torch.Generator().manual_seed(seed)
        f, i = torch.as_tensor(np.asarray(features, np.float32)), torch.as_tensor(np.asarray(ids, np.int64))
        self.eval()
        out = []
        with torch.no_grad():
            for a in range(0, len(f), batch):
                fb = f[a : a + batch]
                noise = torch.randn(len(fb), 1, fb.shape[-1], generator=g)
                out.append(self(noise, fb, i[a : a + batch], stage)[:, 0])
        return (
            torch.cat(out).numpy()
            if out
            else np.empty((0, BASE * 2 ** (self.cfg.n_stages if stage is None else stage)))
        )


class Discriminator(nn.Module):
    def __init__(self, cfg: PSAGANConfig):
        super().__init__()
        self.cfg = cfg
        c, cond = cfg.channels, cfg.embed_dim + cfg.n_features
        self.embedding = nn.Embedding(cfg.n_series, cfg.embed_dim)
        self.inp = nn.Sequential(spectral_norm(nn.Conv1d(cond + 1, c, 1)), nn.LeakyReLU(0.01))
        self.blocks = nn.ModuleList(_block(c, c, cfg) for _ in range(cfg.n_stages))  # block i at length T/2^i
        self.last = nn.Sequential(_block(c, c, cfg), spectral_norm(nn.Conv1d(c, 1, 1)), nn.LeakyReLU(0.01))
        self.fc = spectral_norm(nn.Linear(BASE, 1))

    def forward(self, x, features, ids, stage: int | None = None, alpha: float = 1.0) -> torch.Tensor:
        """x (B, 1, 8·2^stage) with the conditioning at full length -> scores (B,)."""
        n = self.cfg.n_stages
        stage = n if stage is None else stage
        r = n - stage  # how many halvings separate x from the full length
        cond = _conditioning(self.embedding, features, ids)
        h = self.inp(torch.cat([pool(cond, 2**r), x], 1))
        for i in range(r, n):
            h = pool(self.blocks[i](h), 2)
            if i == r and stage > 0 and alpha < 1.0:
                pre = self.inp(torch.cat([pool(cond, 2 ** (r + 1)), pool(x, 2)], 1))
                h = alpha * h + (1 - alpha) * pre
        return self.fc(self.last(h)[:, 0])[:, 0]


class PSAGAN(nn.Module):
    """Both networks in one module, so one zoo entry holds a trained pair."""

    def __init__(self, cfg: PSAGANConfig):
        super().__init__()
        self.cfg = cfg
        self.generator = Generator(cfg)
        self.discriminator = Discriminator(cfg)

    def generate(self, features, ids, *, seed: int = 0, stage: int | None = None) -> np.ndarray:
        return self.generator.generate(features, ids, seed=seed, stage=stage)
