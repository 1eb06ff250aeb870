"""The embedding network behind Context-FID: a dilated causal CNN encoder (Franceschi et al., NeurIPS 2019)
trained on real windows with their time-based triplet loss, as PSA-GAN's official code does."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from modeldash.models.series_config import EmbedConfig

ENCODER_SEEDS = 3  # Context-FID encoders per dataset (seeds 0, 1, 2), bundled or trained on an upload
ENCODER_ITERS = 600  # triplet-loss iterations of each


class _CausalBlock(nn.Module):
    def __init__(self, c_in: int, c_out: int, dilation: int):
        super().__init__()
        self.pad = 2 * dilation
        self.c1 = nn.utils.parametrizations.weight_norm(nn.Conv1d(c_in, c_out, 3, dilation=dilation))
        self.c2 = nn.utils.parametrizations.weight_norm(nn.Conv1d(c_out, c_out, 3, dilation=dilation))
        self.skip = nn.Conv1d(c_in, c_out, 1) if c_in != c_out else nn.Identity()

    def forward(self, x):
        h = F.leaky_relu(self.c1(F.pad(x, (self.pad, 0))), 0.01)
        h = F.leaky_relu(self.c2(F.pad(h, (self.pad, 0))), 0.01)
        return h + self.skip(x)


class SeriesEncoder(nn.Module):
    """(B, T) windows of any length -> (B, out_dim) embeddings (max-pooled over time)."""

    def __init__(self, cfg: EmbedConfig):
        super().__init__()
        self.cfg = cfg
        c = cfg.channels
        self.net = nn.Sequential(*[_CausalBlock(1 if i == 0 else c, c, 2**i) for i in range(cfg.depth)])
        self.out = nn.Linear(c, cfg.out_dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.net(x[:, None])  # (B, C, T)
        return self.out(h.max(dim=-1).values)

    def embed(self, x: np.ndarray, batch: int = 2048) -> np.ndarray:
        self.eval()
        with torch.no_grad():
            t = torch.from_numpy(np.asarray(x, dtype=np.float32))
            return torch.cat([self(t[i : i + batch]) for i in range(0, len(t), batch)]).numpy()


def train_encoder(
    windows: np.ndarray,
    cfg: EmbedConfig = EmbedConfig(),
    *,
    iters: int = 600,
    batch: int = 32,
    n_neg: int = 5,
    seed: int = 0,
) -> SeriesEncoder:
    """Triplet loss: an anchor subseries, a positive inside it, negatives from other windows:
    −log σ(f(a)·f(p)) − Σ log σ(−f(a)·f(n))."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    enc = SeriesEncoder(cfg)
    opt = torch.optim.Adam(enc.parameters(), lr=1e-3)
    n, t = windows.shape
    w = torch.from_numpy(windows)
    for _ in range(iters):
        la = int(rng.integers(t // 2, t + 1))  # anchor length
        lp = int(rng.integers(max(2, la // 4), la + 1))  # positive length, inside the anchor
        ln = lp
        idx = rng.integers(0, n, batch)
        sa = rng.integers(0, t - la + 1, batch)
        sp = sa + rng.integers(0, la - lp + 1, batch)
        anchor = torch.stack([w[i, s : s + la] for i, s in zip(idx, sa)])
        pos = torch.stack([w[i, s : s + lp] for i, s in zip(idx, sp)])
        nidx = rng.integers(0, n, (batch, n_neg))
        ns = rng.integers(0, t - ln + 1, (batch, n_neg))
        neg = torch.stack([w[i, s : s + ln] for i, s in zip(nidx.ravel(), ns.ravel())])
        fa, fp, fn = enc(anchor), enc(pos), enc(neg).view(batch, n_neg, -1)
        loss = -F.logsigmoid((fa * fp).sum(-1)).mean() - F.logsigmoid(-(fa[:, None] * fn).sum(-1)).sum(1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return enc.eval()
