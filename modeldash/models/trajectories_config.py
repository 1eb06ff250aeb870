"""The trajectory predictors' config (models/trajectories.py), apart from the modules, so reading a manifest
does not import PyTorch."""

from __future__ import annotations

from dataclasses import dataclass

from modeldash.errors import InputError
from modeldash.models.config_bounds import require_ints

TRAJ_KINDS = ("ego_lstm", "social_attn", "stgcnn")


@dataclass(frozen=True)
class TrajConfig:
    kind: str
    hidden: int = 64
    max_neighbours: int = 10

    def __post_init__(self):
        if self.kind not in TRAJ_KINDS:
            raise InputError(f"config field kind must be one of {', '.join(TRAJ_KINDS)}, got {self.kind!r}")
        require_ints(self, (("hidden", 4, 512), ("max_neighbours", 0, 64)))
