"""Trajectory predictors with one interface: (target past, neighbour pasts, neighbour mask[, noise]) -> output.

past (B, 8, 2), nb_past (B, N, 8, 2), nb_mask (B, N, 8) bool (False = absent or removed), in metres, any
frame. The output is one of three kinds (`output_kind`), in the same frame:
- "future" (B, 12, 2): one predicted future;
- "gaussian" (B, 12, 5): per step a bivariate Gaussian over the position, as (μx, μy, log σx, log σy, atanh ρ) —
  Social-STGCNN's raw output layout (σ = exp, ρ = tanh of the last three);
- "samples" (B, K, 12, 2): K futures; a model that samples takes `noise` (B, K, Z) as a fourth argument, so the
  same noise gives the same futures (the value functions draw it once per scene).
Every learned model predicts a correction to constant-velocity extrapolation (so it starts from that strong
baseline) and works in coordinates centred on the target's last observed position.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from modeldash.data.trajectories import Scenes
from modeldash.errors import InputError
from modeldash.models.trajectories_config import METRICS_BY_OUTPUT, TRAJ_KINDS, TrajConfig

KINDS = TRAJ_KINDS

OBS, PRED = 8, 12
OUTPUT_KINDS = ("future", "gaussian", "samples")
DRAWS = 20  # futures drawn from a Gaussian output for minADE_K / minFDE_K: the paper's best-of-20
LOG_P_MAX = 6.0  # the per-step log-density is clamped here, as Trajectron++'s NLL (its log_p_yt_xz_max) is
RHO_MAX = 1 - 1e-5  # |ρ| is kept below this, so a saturated tanh does not give a singular covariance


def output_kind(model) -> str:
    """ "future", "gaussian" or "samples": what the model's forward returns (module docstring)."""
    return getattr(model, "output_kind", "future")


def noise_shape(model) -> tuple[int, int] | None:
    """(K, Z) for a model that takes noise (B, K, Z) as its fourth input, else None."""
    return getattr(model, "noise_shape", None)


def scene_draws(model, seed, scene: int) -> np.ndarray | None:
    """The fixed random numbers a sampled value function uses on one scene, the same for every coalition (so that
    Shapley efficiency is exact) and for every run with the same seed: noise (K, Z) for a model that takes noise,
    standard normals (DRAWS, 12, 2) for a Gaussian output, None for a deterministic model."""
    rng = np.random.default_rng([int(seed), int(scene), 7])
    shape = noise_shape(model)
    if shape is not None:
        return rng.standard_normal(shape).astype(np.float32)
    if output_kind(model) == "gaussian":
        return rng.standard_normal((DRAWS, PRED, 2)).astype(np.float32)
    return None


def call(model, past, nb_past, nb_mask, draws: torch.Tensor | None = None) -> torch.Tensor:
    """The model's raw output; `draws` (B, ...) from scene_draws, passed as noise to a model that takes it."""
    if noise_shape(model) is not None:
        if draws is None:
            raise InputError("this model takes noise: pass the scene's draws")
        return model(past, nb_past, nb_mask, draws)
    return model(past, nb_past, nb_mask)


def gaussian_parts(out: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """μ (..., 12, 2), σx, σy, ρ (..., 12) of a Gaussian output (..., 12, 5)."""
    sx, sy = out[..., 2].exp(), out[..., 3].exp()
    rho = out[..., 4].tanh().clamp(-RHO_MAX, RHO_MAX)
    return out[..., :2], sx, sy, rho


def gaussian_log_prob(out: torch.Tensor, fut: torch.Tensor) -> torch.Tensor:
    """Per-step log-density (B, 12) of the true future (B, 12, 2) under a Gaussian output (B, 12, 5)."""
    mu, sx, sy, rho = gaussian_parts(out)
    dx, dy = (fut[..., 0] - mu[..., 0]) / sx, (fut[..., 1] - mu[..., 1]) / sy
    one = 1 - rho**2
    z = (dx**2 + dy**2 - 2 * rho * dx * dy) / one
    return -math.log(2 * math.pi) - sx.log() - sy.log() - 0.5 * one.log() - 0.5 * z


def gaussian_nll(out: torch.Tensor, fut: torch.Tensor, clamp: float | None = LOG_P_MAX) -> torch.Tensor:
    """NLL (B,) of the true future, nats per step: −mean over the 12 steps of the clamped log-density."""
    lp = gaussian_log_prob(out, fut)
    return -(lp if clamp is None else lp.clamp(max=clamp)).mean(-1)


def as_samples(out: torch.Tensor, kind: str, eps: torch.Tensor | None = None) -> torch.Tensor:
    """(B, K, 12, 2) futures: a point prediction as one sample, K samples as they are, a Gaussian's draws
    μ + L·ε from standard normals `eps` (B, K, 12, 2) (L: each step's Cholesky factor)."""
    if kind == "future":
        return out[:, None]
    if kind == "samples":
        return out
    if eps is None:
        raise InputError("sampling a Gaussian output needs its draws")
    mu, sx, sy, rho = (t[:, None] for t in gaussian_parts(out))
    x = mu[..., 0] + sx * eps[..., 0]
    y = mu[..., 1] + sy * (rho * eps[..., 0] + (1 - rho**2).sqrt() * eps[..., 1])
    return torch.stack([x, y], -1)


def point(out: torch.Tensor, kind: str) -> torch.Tensor:
    """The point prediction (B, 12, 2): the future, the Gaussian's mean, or the samples' mean."""
    return {"future": lambda: out, "gaussian": lambda: out[..., :2], "samples": lambda: out.mean(1)}[kind]()


def errors(out: torch.Tensor, fut: torch.Tensor, kind: str, metric: str, eps=None) -> torch.Tensor:
    """Per-scene value (B,) of one of METRICS_BY_OUTPUT[kind]: ade / fde of the point prediction (m); min_ade /
    min_fde over the samples (best of K, m); nll of the true future (nats per step)."""
    if metric not in METRICS_BY_OUTPUT[kind]:
        raise InputError(f"{metric} does not apply to a model whose output is {kind!r}")
    if metric == "nll":
        return gaussian_nll(out, fut)
    if metric in ("ade", "fde"):
        return displacement_errors(point(out, kind), fut, metric)
    d = (as_samples(out, kind, eps) - fut[:, None]).norm(dim=-1)  # (B, K, 12)
    return (d.mean(-1) if metric == "min_ade" else d[..., -1]).min(1).values


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


ATTENDS = ("social_attn", "gauss_attn", "sample_attn")  # the kinds with social_attn's encoder


class TrajPredictor(nn.Module):
    """ego_lstm: the target's past only. social_attn: plus attention over neighbour encodings.
    stgcnn: a Social-STGCNN-style spatio-temporal graph convolution over target and neighbours
    (edge weights 1 / distance at each step), then a temporal CNN from 8 observed to 12 future steps.
    gauss_attn: social_attn's encoder with a per-step bivariate Gaussian head (trained by NLL).
    sample_attn: social_attn's encoder and a decoder conditioned on noise, K futures per call (trained by the
    best-of-K "variety" loss)."""

    def __init__(self, cfg: TrajConfig):
        super().__init__()
        self.cfg = cfg
        h = cfg.hidden
        if cfg.kind == "ego_lstm" or cfg.kind in ATTENDS:
            self.ego = nn.LSTM(4, h, batch_first=True)  # (position, velocity) per step
            width = h * (1 if cfg.kind == "ego_lstm" else 2) + (cfg.noise_dim if cfg.kind == "sample_attn" else 0)
            self.head = _mlp(width, h, PRED * (5 if cfg.kind == "gauss_attn" else 2))
        if cfg.kind in ATTENDS:
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

    @property
    def output_kind(self) -> str:
        return self.cfg.output

    @property
    def noise_shape(self) -> tuple[int, int] | None:
        return (self.cfg.samples, self.cfg.noise_dim) if self.cfg.kind == "sample_attn" else None

    def forward(self, past, nb_past, nb_mask, noise: torch.Tensor | None = None) -> torch.Tensor:
        """The output of this kind (module docstring); `noise` (B, K, Z) for sample_attn only."""
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
            if self.cfg.kind in ATTENDS:
                h = torch.cat([h, self._attend(h, p, nb, nb_mask)], -1)
            if self.cfg.kind == "sample_attn":
                if noise is None or noise.ndim != 3 or noise.shape[-1] != self.cfg.noise_dim:
                    raise InputError(f"sample_attn takes noise (B, K, {self.cfg.noise_dim})")
                hk = torch.cat([h[:, None].expand(-1, noise.shape[1], -1), noise], -1)  # (B, K, 2H + Z)
                delta = self.head(hk).view(-1, noise.shape[1], PRED, 2)
                return constant_velocity(past)[:, None] + delta
            if self.cfg.kind == "gauss_attn":
                raw = self.head(h).view(-1, PRED, 5)
                return torch.cat([constant_velocity(past) + raw[..., :2], raw[..., 2:]], -1)
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


def scene_errors(model, s: Scenes, metric: str, *, seed: int = 0, scene_ids=None, batch: int = 1024) -> np.ndarray:
    """Each scene's value of `metric` (errors) with every neighbour present, the sampled ones with the draws
    scene_draws gives scene i under `seed` — the same numbers the attribution's full coalition gives."""
    ids = np.arange(len(s)) if scene_ids is None else np.asarray(scene_ids)
    past, nb, mask, fut = scene_tensors(s.take(ids))
    kind = output_kind(model)
    draws = [scene_draws(model, seed, i) for i in ids]
    out = []
    with torch.no_grad():
        for a in range(0, len(ids), batch):
            d = None if draws[0] is None else torch.from_numpy(np.stack(draws[a : a + batch]))
            noise = d if noise_shape(model) is not None else None
            o = call(model, past[a : a + batch], nb[a : a + batch], mask[a : a + batch], noise)
            out.append(errors(o, fut[a : a + batch], kind, metric, eps=d))
    return torch.cat(out).double().numpy()


def ade_fde(model, s: Scenes, batch: int = 1024) -> tuple[float, float]:
    """Average and final displacement error (m) of the point prediction (the mean of a distribution) over scenes."""
    model.eval()
    return tuple(float(scene_errors(model, s, m, batch=batch).mean()) for m in ("ade", "fde"))
