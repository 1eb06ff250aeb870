"""Factor regressors for the compositional-splits view: images (B, C, 64, 64) -> normalised factors (B, F).

Four kinds, as the paper's model families: an MLP, a plain CNN, a small ResNet, and a β-VAE encoder with a
readout trained on its latent means (the decoder is used only in training and is not kept). Every kind
first averages the image down to 32×32, to fit CPU training.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from modeldash.models.splits_config import FACTOR_KINDS, FactorNetConfig

KINDS = FACTOR_KINDS


def conv_encoder(c_in: int, w: int, out: int) -> nn.Sequential:
    """Four stride-2 4×4 convolutions (32 -> 2 px), as the β-VAE encoder of Higgins et al., then a linear map."""
    return nn.Sequential(
        nn.Conv2d(c_in, w, 4, 2, 1),
        nn.ReLU(),
        nn.Conv2d(w, w, 4, 2, 1),
        nn.ReLU(),
        nn.Conv2d(w, 2 * w, 4, 2, 1),
        nn.ReLU(),
        nn.Conv2d(2 * w, 2 * w, 4, 2, 1),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(2 * w * 4, 4 * w),
        nn.ReLU(),
        nn.Linear(4 * w, out),
    )


class _Block(nn.Module):
    def __init__(self, c_in: int, c_out: int, stride: int):
        super().__init__()
        self.c1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(c_out)
        self.c2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(c_out)
        self.skip = (
            nn.Identity()
            if stride == 1 and c_in == c_out
            else nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out))
        )

    def forward(self, x):
        return F.relu(self.b2(self.c2(F.relu(self.b1(self.c1(x))))) + self.skip(x))


class FactorNet(nn.Module):
    """One of KINDS; `forward` returns the factor predictions (B, n_factors)."""

    def __init__(self, cfg: FactorNetConfig):
        super().__init__()
        self.cfg = cfg
        c, w, k = cfg.channels, cfg.width, cfg.n_factors
        if cfg.kind == "mlp":
            self.body = nn.Sequential(
                nn.Flatten(),
                nn.Linear(c * 32 * 32, 4 * w),
                nn.ReLU(),
                nn.Linear(4 * w, 4 * w),
                nn.ReLU(),
                nn.Linear(4 * w, k),
            )
        elif cfg.kind == "cnn":
            self.body = conv_encoder(c, w, k)
        elif cfg.kind == "resnet":
            self.body = nn.Sequential(
                nn.Conv2d(c, w // 2, 3, 2, 1, bias=False),
                nn.BatchNorm2d(w // 2),
                nn.ReLU(),  # 32 -> 16 px
                _Block(w // 2, w // 2, 1),
                _Block(w // 2, w, 2),
                _Block(w, 2 * w, 2),
                _Block(2 * w, 2 * w, 1),
                nn.AdaptiveAvgPool2d(1),
                nn.Flatten(),
                nn.Linear(2 * w, k),
            )
        else:
            self.encoder = conv_encoder(c, w, 2 * cfg.latent)  # -> (μ, log σ²)
            self.readout = nn.Sequential(nn.Linear(cfg.latent, 64), nn.ReLU(), nn.Linear(64, k))

    @staticmethod
    def prepare(x: torch.Tensor) -> torch.Tensor:
        return F.avg_pool2d(x, 2)  # (B, C, 64, 64) -> (B, C, 32, 32)

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """β-VAE only: latent mean and log-variance, each (B, latent)."""
        return self.encoder(self.prepare(x)).chunk(2, dim=-1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.cfg.kind == "vae":
            return self.readout(self.encode(x)[0])
        return self.body(self.prepare(x))


def as_float(x: np.ndarray) -> torch.Tensor:
    """uint8 images -> float tensor in [0, 1]."""
    return torch.from_numpy(x).float().div_(255)


def predict(model: FactorNet, x: np.ndarray, batch: int = 500) -> np.ndarray:
    """Predictions (N, F) for uint8 or float images (N, C, 64, 64)."""
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            xb = x[i : i + batch]
            out.append(model(as_float(xb) if xb.dtype == np.uint8 else torch.from_numpy(xb)).numpy())
    return np.concatenate(out)
