"""Adapters that make a researcher's ONNX model (models.onnx_model, checked against its view's contract) look
like the zoo's own to the analyses: the same call, the same tensors in and out."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import torch
from torch import nn

from modeldash.errors import InputError
from modeldash.models.onnx_model import DIVA, TRAJECTORIES, OnnxRunner, splits_contract


class OnnxTrajectoryPredictor(nn.Module):
    """A trajectory predictor from an ONNX file, called like the zoo's: (past, nb_past, nb_mask) -> future."""

    def __init__(self, raw: bytes, name: str = "uploaded"):
        super().__init__()
        rng = np.random.default_rng(0)
        probe = {
            "past": rng.normal(size=(2, 8, 2)).astype(np.float32),
            "nb_past": rng.normal(size=(2, 10, 8, 2)).astype(np.float32),
            "nb_mask": np.ones((2, 10, 8), bool),
        }
        self.runner = OnnxRunner(raw, TRAJECTORIES, probe)
        self.name = name

    def forward(self, past: torch.Tensor, nb_past: torch.Tensor, nb_mask: torch.Tensor) -> torch.Tensor:
        feeds = {
            "past": np.ascontiguousarray(past.detach().numpy(), dtype=np.float32),
            "nb_past": np.ascontiguousarray(nb_past.detach().numpy(), dtype=np.float32),
            "nb_mask": np.ascontiguousarray(nb_mask.detach().numpy(), dtype=bool),
        }
        return torch.from_numpy(self.runner.run(feeds)["future"])


class OnnxFeatureExtractor(nn.Module):
    """An image → features network from an ONNX file, with the `.features(x)` DIVA's task calls on a zoo CNN."""

    def __init__(self, raw: bytes, name: str = "uploaded"):
        super().__init__()
        probe = {"images": np.random.default_rng(0).random((2, 8, 8)).astype(np.float32)}
        self.runner = OnnxRunner(raw, DIVA, probe)
        self.name = name

    def features(self, x: torch.Tensor) -> torch.Tensor:
        out = self.runner.run({"images": np.ascontiguousarray(x.detach().numpy(), dtype=np.float32)})["features"]
        return torch.from_numpy(out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.features(x)


class OnnxFactorRegressor(nn.Module):
    """A factor regressor from an ONNX file, called like the zoo's FactorNet: images (B, C, 64, 64) -> (B, K)."""

    def __init__(self, raw: bytes, channels: int, n_factors: int, name: str = "uploaded"):
        super().__init__()
        probe = {"images": np.random.default_rng(0).random((2, channels, 64, 64)).astype(np.float32)}
        self.runner = OnnxRunner(raw, splits_contract(channels, n_factors), probe)
        self.cfg = SimpleNamespace(channels=channels, n_factors=n_factors)  # what evaluate_split checks
        self.name = name

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.runner.run({"images": np.ascontiguousarray(x.detach().numpy(), dtype=np.float32)})["factors"]
        return torch.from_numpy(out)


def onnx_module(manifest, raw: bytes) -> nn.Module:
    """The adapter for a zoo entry's ONNX file, by its manifest's task (checked, probed, under its budget)."""
    if manifest.task == "trajectories":
        return OnnxTrajectoryPredictor(raw, manifest.name)
    if manifest.task == "diva":
        return OnnxFeatureExtractor(raw, manifest.name)
    from modeldash.data.splits_images import SPACES

    space = SPACES.get(manifest.dataset.get("name"))
    if space is None:
        raise InputError(
            f"{manifest.name}: a splits model's dataset must be one of {', '.join(SPACES)}, "
            f"not {str(manifest.dataset.get('name'))[:40]!r}"
        )
    return OnnxFactorRegressor(raw, space.channels, len(space.factors), manifest.name)
