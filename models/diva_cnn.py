"""A small CNN for 8x8 digit images; its penultimate layer gives DIVA's features."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from errors import InputError
from models.config_bounds import require_ints


@dataclass(frozen=True)
class DigitsCNNConfig:
    channels1: int = 16
    channels2: int = 32
    feature_dim: int = 64  # the width of z, the features DIVA's linear head sees
    n_classes: int = 10
    image_size: int = 8  # sklearn digits are 8x8

    def __post_init__(self):
        require_ints(
            self,
            (
                ("channels1", 1, 256),
                ("channels2", 1, 256),
                ("feature_dim", 2, 1024),
                ("n_classes", 2, 1000),
                ("image_size", 4, 64),
            ),
        )
        if self.image_size % 2:
            raise InputError(f"config field image_size must be even, got {self.image_size}")


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
