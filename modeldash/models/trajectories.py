"""Trajectory predictors with one interface: (target past, neighbour pasts, neighbour mask) -> future.

past (B, 8, 2), nb_past (B, N, 8, 2), nb_mask (B, N, 8) bool (False = absent or removed), in metres, any
frame; returns the predicted future (B, 12, 2) in the same frame. Every learned model predicts a
correction to constant-velocity extrapolation (so it starts from that strong baseline) and works in
coordinates centred on the target's last observed position.
"""

from __future__ import annotations

import torch
from torch import nn

from modeldash.data.trajectories import Scenes
from modeldash.errors import InputError
from modeldash.models.trajectories_config import TRAJ_KINDS, TrajConfig

KINDS = TRAJ_KINDS

OBS, PRED = 8, 12


def constant_velocity(past: torch.Tensor) -> torch.Tensor:
    """Extrapolate the last observed step: (B, 8, 2) -> (B, 12, 2)."""
    v = past[:, -1] - past[:, -2]
    t = torch.arange(1, PRED + 1, dtype=past.dtype, device=past.device)
    return past[:, -1:, :] + t[None, :, None] * v[:, None, :]


class ConstantVelocity(nn.Module):
    """No parameters, no neighbours: the baseline every learned model must beat."""

    def forward(self, past, nb_past=None, nb_mask=None):
        return constant_velocity(past)


def _mlp(a: int, h: int, b: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(a, h), nn.ReLU(), nn.Linear(h, h), nn.ReLU(), nn.Linear(h, b))


class TrajPredictor(nn.Module):
    """ego_lstm: the target's past only. social_attn: plus attention over neighbour encodings.
    stgcnn: a Social-STGCNN-style spatio-temporal graph convolution over target and neighbours
    (edge weights 1 / distance at each step), then a temporal CNN from 8 observed to 12 future steps."""

    def __init__(self, cfg: TrajConfig):
        super().__init__()
        self.cfg = cfg
        h = cfg.hidden
        if cfg.kind in ("ego_lstm", "social_attn"):
            self.ego = nn.LSTM(4, h, batch_first=True)  # (position, velocity) per step
            self.head = _mlp(h * (2 if cfg.kind == "social_attn" else 1), h, PRED * 2)
        if cfg.kind == "social_attn":
            self.nb_enc = _mlp(OBS * 5, h, h)  # relative pos, rel. velocity, mask
            self.q, self.k, self.v = (nn.Linear(h, h) for _ in range(3))
        if cfg.kind == "stgcnn":
            self.spatial = nn.Linear(2, h)
            self.temporal = nn.Conv1d(h, h, 3, padding=1)
            self.txp = nn.Sequential(
                nn.Conv1d(OBS, PRED, 3, padding=1), nn.PReLU(), nn.Conv1d(PRED, PRED, 3, padding=1)
            )
            self.out = nn.Linear(h, 2)

    def _check(self, past, nb_past, nb_mask):
        if past.ndim != 3 or past.shape[1:] != (OBS, 2):
            raise InputError(f"past must be (B, {OBS}, 2), got {tuple(past.shape)}")
        if nb_past.ndim != 4 or nb_past.shape[2:] != (OBS, 2) or nb_mask.shape != nb_past.shape[:3]:
            raise InputError(f"neighbours must be (B, N, {OBS}, 2) with a (B, N, {OBS}) mask")

    def forward(self, past: torch.Tensor, nb_past: torch.Tensor, nb_mask: torch.Tensor) -> torch.Tensor:
        self._check(past, nb_past, nb_mask)
        origin = past[:, -1:, :]  # (B, 1, 2)
        p = past - origin
        vel = torch.diff(p, dim=1, prepend=p[:, :1])
        m = nb_mask.unsqueeze(-1).to(past.dtype)
        nb = (nb_past - origin[:, None]) * m  # (B, N, 8, 2) relative, 0 when absent
        if self.cfg.kind == "stgcnn":
            delta = self._stgcnn(p, vel, nb, nb_mask)
        else:
            _, (hn, _) = self.ego(torch.cat([p, vel], -1))
            h = hn[-1]  # (B, H)
            if self.cfg.kind == "social_attn":
                h = torch.cat([h, self._attend(h, p, nb, nb_mask)], -1)
            delta = self.head(h).view(-1, PRED, 2)
        return constant_velocity(past) + delta

    def _attend(self, h, p, nb, nb_mask):
        rel = (nb - p[:, None]) * nb_mask.unsqueeze(-1)  # neighbour relative to target, per step
        nb_vel = torch.diff(nb, dim=2, prepend=nb[:, :, :1]) * nb_mask.unsqueeze(-1)
        feats = torch.cat([rel, nb_vel, nb_mask.unsqueeze(-1).to(h.dtype)], -1).flatten(2)  # (B, N, 40)
        e = self.nb_enc(feats)  # (B, N, H)
        present = nb_mask[:, :, -1]  # present at the last observed step
        scores = (self.q(h)[:, None] * self.k(e)).sum(-1) / e.shape[-1] ** 0.5
        scores = scores.masked_fill(~present, float("-inf"))
        w = torch.softmax(scores, -1).nan_to_num(0.0)  # no neighbour: all weights 0
        return (w.unsqueeze(-1) * self.v(e)).sum(1)  # (B, H)

    def _stgcnn(self, p, vel, nb, nb_mask):
        b, n = nb.shape[:2]
        pos = torch.cat([p[:, None], nb], 1)  # (B, 1+N, 8, 2)
        nb_vel = torch.diff(nb, dim=2, prepend=nb[:, :, :1])
        feat = torch.cat([vel[:, None], nb_vel], 1)  # (B, 1+N, 8, 2)
        alive = torch.cat([torch.ones(b, 1, OBS, dtype=torch.bool, device=p.device), nb_mask], 1)
        d = (pos[:, :, None] - pos[:, None, :]).norm(dim=-1)  # (B, 1+N, 1+N, 8)
        a = torch.where(d > 1e-6, 1.0 / d.clamp_min(1e-6), torch.zeros_like(d))
        both = alive[:, :, None] & alive[:, None, :]
        a = a * both + torch.eye(n + 1, device=p.device)[None, :, :, None] * alive[:, :, None]  # self-loops
        deg = a.sum(2).clamp_min(1e-6)  # (B, 1+N, 8)
        a = a / deg.sqrt()[:, :, None] / deg.sqrt()[:, None, :]
        # graph conv per time step, kept for the target node only: Σ_j â_0j (W f_j + b) = W Σ_j â_0j f_j + b Σ_j â_0j
        a0 = a[:, 0]  # (B, 1+N, 8)
        agg = torch.einsum("bjt,bjtc->btc", a0, feat * alive.unsqueeze(-1))  # (B, 8, 2)
        x = torch.relu(agg @ self.spatial.weight.T + a0.sum(1).unsqueeze(-1) * self.spatial.bias)  # (B, 8, H)
        x = torch.relu(self.temporal(x.transpose(1, 2))).transpose(1, 2)  # (B, 8, H)
        return self.out(self.txp(x))  # (B, 12, 2)


def displacement_errors(pred: torch.Tensor, fut: torch.Tensor, metric: str = "ade") -> torch.Tensor:
    """Per-scene error (B,) in metres: ADE (mean over the 12 steps) or FDE (last step); (B, 12, 2) inputs."""
    d = (pred - fut).norm(dim=-1)  # (B, 12)
    return d.mean(-1) if metric == "ade" else d[:, -1]


def scene_tensors(s: Scenes) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """past, nb_past, nb_mask, future of every scene as tensors."""
    f = torch.float32
    return (
        torch.tensor(s.past, dtype=f),
        torch.tensor(s.nb_past, dtype=f),
        torch.tensor(s.nb_mask),
        torch.tensor(s.future, dtype=f),
    )


def ade_fde(model, s: Scenes, batch: int = 4096) -> tuple[float, float]:
    """Average and final displacement error (m) over scenes."""
    past, nb, mask, fut = scene_tensors(s)
    model.eval()
    with torch.no_grad():
        pred = torch.cat(
            [model(past[i : i + batch], nb[i : i + batch], mask[i : i + batch]) for i in range(0, len(past), batch)]
        )
    return float(displacement_errors(pred, fut, "ade").mean()), float(displacement_errors(pred, fut, "fde").mean())
