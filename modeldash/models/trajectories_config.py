"""The trajectory predictors' config (models/trajectories.py), apart from the modules, so reading a manifest
does not import PyTorch."""

from __future__ import annotations

from dataclasses import dataclass

from modeldash.errors import InputError
from modeldash.models.config_bounds import require_ints

TRAJ_KINDS = ("ego_lstm", "social_attn", "stgcnn", "gauss_attn", "sample_attn")
# what each kind's forward returns (models/trajectories.py OUTPUT_KINDS): one future, a per-step Gaussian, K samples
KIND_OUTPUT = {"gauss_attn": "gaussian", "sample_attn": "samples"}
# the value functions each output kind allows (models/trajectories.errors): a point prediction is one sample, so its
# minADE_K is its ADE; NLL needs a distribution
METRICS_BY_OUTPUT = {
    "future": ("ade", "fde", "min_ade", "min_fde"),
    "gaussian": ("nll", "min_ade", "min_fde", "ade", "fde"),
    "samples": ("min_ade", "min_fde", "ade", "fde"),
}


@dataclass(frozen=True)
class TrajConfig:
    kind: str
    hidden: int = 64
    max_neighbours: int = 10
    samples: int = 20  # sample_attn: K futures per call, one per noise vector (the paper's best-of-20)
    noise_dim: int = 8  # sample_attn: the size of each noise vector the decoder is conditioned on

    def __post_init__(self):
        if self.kind not in TRAJ_KINDS:
            raise InputError(f"config field kind must be one of {', '.join(TRAJ_KINDS)}, got {self.kind!r}")
        require_ints(self, (("hidden", 4, 512), ("max_neighbours", 0, 64), ("samples", 1, 1000), ("noise_dim", 1, 256)))

    @property
    def output(self) -> str:
        """The kind of output the model gives: "future", "gaussian" or "samples"."""
        return KIND_OUTPUT.get(self.kind, "future")
