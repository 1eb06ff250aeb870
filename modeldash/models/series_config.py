"""The Synthetic series networks' configs (models/series_psagan.py, models/series_embed.py), apart from the
modules, so reading a manifest does not import PyTorch."""

from __future__ import annotations

from dataclasses import dataclass

from modeldash.errors import InputError
from modeldash.models.config_bounds import require_ints

PSAGAN_BASE = 8  # the length of PSA-GAN's first stage


@dataclass(frozen=True)
class PSAGANConfig:
    n_stages: int = 3  # 8 -> 16 -> 32 -> 64
    channels: int = 32
    n_features: int = 5  # time features per step (calendar features and the log-age)
    n_series: int = 1  # series indices the embedding knows
    embed_dim: int = 10  # the official run's series embedding
    key_features: int = 1  # the official run's query/key/value width
    attention: bool = True  # the "without self-attention" ablation sets this False

    def __post_init__(self):
        require_ints(
            self,
            (
                ("n_stages", 0, 6),
                ("channels", 4, 256),
                ("n_features", 0, 64),
                ("n_series", 1, 100_000),
                ("embed_dim", 1, 64),
                ("key_features", 1, 64),
            ),
        )
        if not isinstance(self.attention, bool):
            raise InputError("config field attention must be true or false")

    @property
    def length(self) -> int:
        return PSAGAN_BASE * 2**self.n_stages


@dataclass(frozen=True)
class EmbedConfig:
    channels: int = 32
    depth: int = 4  # dilations 1, 2, 4, 8
    out_dim: int = 16

    def __post_init__(self):
        require_ints(self, (("channels", 4, 256), ("depth", 1, 10), ("out_dim", 2, 256)))
