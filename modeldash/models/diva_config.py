"""The Example weights network's config (models/diva_cnn.py), apart from the module, so reading a manifest does
not import PyTorch."""

from __future__ import annotations

from dataclasses import dataclass

from modeldash.errors import InputError
from modeldash.models.config_bounds import require_ints


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
