"""Configs of the zoo's torch models (the graph models' are in coldstart_config.py), apart from the modules, so
reading and validating a manifest (every page's sidebar lists the zoo) does not import PyTorch."""

from __future__ import annotations

from dataclasses import dataclass

from modeldash.errors import InputError
from modeldash.models.config_bounds import require_ints

FACTOR_KINDS = ("mlp", "cnn", "resnet", "vae")
TRAJ_KINDS = ("ego_lstm", "social_attn", "stgcnn")
PSAGAN_BASE = 8  # the length of PSA-GAN's first stage


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


@dataclass(frozen=True)
class TrajConfig:
    kind: str
    hidden: int = 64
    max_neighbours: int = 10

    def __post_init__(self):
        if self.kind not in TRAJ_KINDS:
            raise InputError(f"config field kind must be one of {', '.join(TRAJ_KINDS)}, got {self.kind!r}")
        require_ints(self, (("hidden", 4, 512), ("max_neighbours", 0, 64)))


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
