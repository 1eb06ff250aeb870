"""Adapters that make a researcher's ONNX model (models.onnx_model, checked against its view's contract) look
like the zoo's own to the analyses: the same call, the same tensors in and out."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from models.onnx_model import TRAJECTORIES, OnnxRunner


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
