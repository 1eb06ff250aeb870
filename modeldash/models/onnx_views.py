"""Adapters that make a researcher's ONNX model (models.onnx_model, checked against its view's contract) look
like the zoo's own to the analyses: the same call, the same tensors in and out."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import torch
from torch import nn

from modeldash.errors import InputError
from modeldash.models.onnx_model import (
    DIVA,
    TRAJ_NOISE,
    OnnxRunner,
    port_names,
    splits_contract,
    static_dims,
    trajectories_contract,
)

MASK_TOLERANCE = 1e-3  # m: how far a prediction may move when a fully masked neighbour is added


def _trajectory_probes(rng) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Inputs as the game calls a model (past, nb_past, nb_mask): no neighbour, one, partial pasts, ten; walking
    tracks about a metre apart, masked entries zero."""
    out = []
    for n, partial in ((0, False), (1, False), (3, True), (10, False)):
        steps = np.cumsum(rng.normal(0.4, 0.1, size=(2, 1 + n, 8, 2)), axis=2).astype(np.float32)
        steps += rng.normal(0, 1.0, size=(2, 1 + n, 1, 2)).astype(np.float32)
        mask = np.ones((2, n, 8), bool)
        if partial:
            mask[:, :, :3] = False  # neighbours seen for the last five steps only
            mask[0, 0, :] = False  # and one absent altogether
        out.append((steps[:, 0], steps[:, 1:] * mask[..., None], mask))
    return out


class OnnxTrajectoryPredictor(nn.Module):
    """A trajectory predictor from an ONNX file, called like the zoo's: (past, nb_past, nb_mask[, noise]) -> its
    output kind (`future`, `gaussian` or `samples`, the model's output name says which). A whole-scene model
    (inputs agents, mask) sees the target as agent 0 and the present neighbours after it; its row 0 is kept."""

    def __init__(self, raw: bytes, name: str = "uploaded"):
        super().__init__()
        inputs, outputs = port_names(raw)
        contract = trajectories_contract(inputs, outputs)
        self.form = "scene" if "agents" in inputs else "target"
        self.output_kind = contract.outputs[0].name
        self.noise_shape = None
        if TRAJ_NOISE in inputs:
            _, k, z = static_dims(raw, TRAJ_NOISE)
            if z is None:
                raise InputError("the noise input's last dimension (its size Z) must be fixed in the ONNX file")
            self.noise_shape = (k or 20, z)
        rng = np.random.default_rng(0)
        probes = _trajectory_probes(rng)
        self._rng = rng
        self.runner = OnnxRunner(raw, contract, self._feeds(*probes[-1], self._probe_noise(2)))
        self.name = name
        for past, nb, mask in probes:  # the calls the game makes: any N, partial pasts, absent neighbours
            self._probe(past, nb, mask)
        self._check_mask(*probes[1])

    def _probe_noise(self, b: int):
        return (
            None if self.noise_shape is None else self._rng.standard_normal((b, *self.noise_shape)).astype(np.float32)
        )

    def _feeds(self, past, nb_past, nb_mask, noise=None) -> dict[str, np.ndarray]:
        past = np.ascontiguousarray(past, dtype=np.float32)
        nb_mask = np.ascontiguousarray(nb_mask, dtype=bool)
        nb_past = np.ascontiguousarray(nb_past * nb_mask[..., None], dtype=np.float32)  # masked entries hold zeros
        if self.form == "scene":
            ones = np.ones((len(past), 1, past.shape[1]), bool)
            feeds = {
                "agents": np.ascontiguousarray(np.concatenate([past[:, None], nb_past], 1)),
                "mask": np.ascontiguousarray(np.concatenate([ones, nb_mask], 1)),
            }
        else:
            feeds = {"past": past, "nb_past": nb_past, "nb_mask": nb_mask}
        if self.noise_shape is not None:
            feeds[TRAJ_NOISE] = np.ascontiguousarray(noise, dtype=np.float32)
        return feeds

    def _run(self, past, nb_past, nb_mask, noise=None) -> np.ndarray:
        out = self.runner.run(self._feeds(past, nb_past, nb_mask, noise))[self.output_kind]
        return out[:, 0] if self.form == "scene" else out

    def _probe(self, past, nb, mask) -> None:
        noise = self._probe_noise(len(past))
        a = self._run(past, nb, mask, noise)
        n = nb.shape[1]
        if not np.isfinite(a).all():
            raise InputError(f"with {n} neighbour(s) the model's {self.output_kind!r} has NaN or infinite values")
        if self.output_kind == "samples" and self.noise_shape is None:
            if not np.array_equal(a, self._run(past, nb, mask, noise)):
                raise InputError(
                    "the model's samples change between two identical calls: take the randomness as a `noise` "
                    "input (B, K, Z), so every coalition sees the same draws"
                )

    def _check_mask(self, past, nb, mask) -> None:
        """Adding a neighbour that is masked at every step must not move the prediction: removal is masking."""
        noise = self._probe_noise(len(past))
        a = self._run(past, nb, mask, noise)
        padded = np.concatenate([nb, np.zeros_like(nb[:, :1])], 1)
        b = self._run(past, padded, np.concatenate([mask, np.zeros_like(mask[:, :1])], 1), noise)
        moved = float(np.abs(a - b).max())
        if moved > MASK_TOLERANCE:
            raise InputError(
                f"adding a neighbour masked at every step moves the model's output by {moved:.3g}: a masked "
                "neighbour must be ignored (removing a player masks it)"
            )

    def forward(self, past: torch.Tensor, nb_past: torch.Tensor, nb_mask: torch.Tensor, noise=None) -> torch.Tensor:
        n = None if noise is None else noise.detach().numpy()
        return torch.from_numpy(self._run(past.detach().numpy(), nb_past.detach().numpy(), nb_mask.detach().numpy(), n))


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
