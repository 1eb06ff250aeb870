"""The Compositional splits regressors' config (models/splits_nets.py), apart from the modules, so reading a
manifest does not import PyTorch."""

from __future__ import annotations

from dataclasses import dataclass

from modeldash.errors import InputError
from modeldash.models.config_bounds import require_ints

FACTOR_KINDS = ("mlp", "cnn", "resnet", "vae")


@dataclass(frozen=True)
class FactorNetConfig:
    kind: str
    channels: int = 1
    n_factors: int = 5
    width: int = 32  # channels of the first conv stage (hidden units / 4 for the MLP)
    latent: int = 10  # β-VAE latent size

    def __post_init__(self):
        if self.kind not in FACTOR_KINDS:
            raise InputError(f"config field kind must be one of {', '.join(FACTOR_KINDS)}, got {self.kind!r}")
        require_ints(self, (("channels", 1, 4), ("n_factors", 1, 16), ("width", 4, 256), ("latent", 2, 64)))
