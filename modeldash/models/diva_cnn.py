"""A small CNN for 8x8 digit images; its penultimate layer gives DIVA's features."""

from __future__ import annotations

import torch
from torch import nn

from modeldash.models.diva_config import DigitsCNNConfig


class DigitsCNN(nn.Module):
    """conv-conv-pool-fc feature extractor plus a linear classifier."""

    def __init__(self, cfg: DigitsCNNConfig):
        super().__init__()
        self.cfg = cfg
        s = cfg.image_size // 2
        self.body = nn.Sequential(
            nn.Conv2d(1, cfg.channels1, 3, padding=1),
            nn.ReLU(),
            nn.Conv2d(cfg.channels1, cfg.channels2, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(cfg.channels2 * s * s, cfg.feature_dim),
            nn.ReLU(),
        )
        self.head = nn.Linear(cfg.feature_dim, cfg.n_classes)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """x: (B, H, W) in [0, 1] -> z: (B, feature_dim)."""
        return self.body(x.unsqueeze(1))  # (B, 1, H, W) -> (B, F)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))  # (B, n_classes)
