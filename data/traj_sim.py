"""Simulated trajectories in the ETH/UCY format (frame, agent, x, y; frames 10 apart = 0.4 s).

`crowd`: the social-force model (Helbing & Molnár 1995): pedestrians cross a 20 × 10 m area towards the
far side at about 1.3 m/s; each is pushed away from others by A·exp((r − d)/B), weighted towards those ahead. `interaction` scales A;
the default is calibrated to look like real crowds (mostly weak interaction).
`team`: a coordinated game standing in for basketball tracking: five attackers and five defenders on a
28 × 15 m court. Each defender marks one attacker, standing between it and the basket; an attacker cuts
away from its defender when marked closely and moves to keep spacing from the ball carrier, who drives at
the basket. Everyone's future depends strongly on the others. Both are deterministic from a seed.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data.trajectories import FRAME_STEP, Scenes, make_scenes
from errors import InputError

DT, SUBSTEPS = 0.4, 4


@dataclass(frozen=True)
class CrowdConfig:
    n_steps: int = 600
    spawn_rate: float = 0.2          # new pedestrians per step (Poisson)
    speed: float = 1.4               # desired speed, m/s
    interaction: float = 1.0         # multiplies the repulsion strength A = 2.1 m/s²
    noise: float = 0.05              # m/s² random force

    def __post_init__(self):
        for name, lo, hi in (("n_steps", 40, 5000), ("spawn_rate", 0.05, 3.0), ("speed", 0.3, 3.0),
                             ("interaction", 0.0, 10.0), ("noise", 0.0, 1.0)):
            v = getattr(self, name)
            if not lo <= v <= hi:
                raise InputError(f"{name} must be in [{lo}, {hi}], got {v}")


def simulate_crowd(cfg: CrowdConfig = CrowdConfig(), *, seed: int = 0) -> np.ndarray:
    """Rows (R, 4): frame, agent, x, y."""
    rng = np.random.default_rng(seed)
    pos, vel, goal, ids, v0 = (np.zeros((0, 2)), np.zeros((0, 2)), np.zeros((0, 2)), np.zeros(0, int), np.zeros(0))
    rows, next_id = [], 1
    a, b, r = 2.1 * cfg.interaction, 0.3, 0.6
    for step in range(cfg.n_steps):
        for _ in range(rng.poisson(cfg.spawn_rate)):
            left = rng.random() < 0.5
            start = np.array([0.0 if left else 20.0, rng.uniform(0.5, 9.5)])
            end = np.array([23.0 if left else -3.0, rng.uniform(0.5, 9.5)])   # beyond the exit, never reached
            speed = rng.normal(cfg.speed, 0.15)
            d = end - start
            pos, goal = np.vstack([pos, start]), np.vstack([goal, end])
            vel = np.vstack([vel, speed * d / np.linalg.norm(d)])
            ids, v0 = np.append(ids, next_id), np.append(v0, speed)
            next_id += 1
        for _ in range(SUBSTEPS):
            dt = DT / SUBSTEPS
            to_goal = goal - pos
            e = to_goal / np.maximum(np.linalg.norm(to_goal, axis=1, keepdims=True), 1e-6)
            force = (v0[:, None] * e - vel) / 0.5
            if len(pos) > 1:
                diff = pos[:, None] - pos[None]                                  # (n, n, 2)
                dist = np.linalg.norm(diff, axis=-1) + np.eye(len(pos)) * 1e6
                n_ij = diff / dist[..., None]                                   # from j to i
                heading = vel / np.maximum(np.linalg.norm(vel, axis=1, keepdims=True), 1e-6)
                cos = -(heading[:, None] * n_ij).sum(-1)                        # j ahead of i: cos > 0
                aniso = 0.35 + 0.65 * (1 + cos) / 2                             # Helbing et al. 2000, λ = 0.35
                push = (a * np.exp((r - dist) / b) * aniso)[..., None] * n_ij
                force += push.sum(1)
            force += rng.normal(0, cfg.noise, pos.shape)
            vel = vel + dt * force
            speed = np.linalg.norm(vel, axis=1, keepdims=True)
            vel = np.where(speed > 2.5, vel / speed * 2.5, vel)
            pos = pos + dt * vel
        rows += [(step * FRAME_STEP, i, x, y) for i, (x, y) in zip(ids, pos)]
        keep = (pos[:, 0] > -0.6) & (pos[:, 0] < 20.6)
        pos, vel, goal, ids, v0 = pos[keep], vel[keep], goal[keep], ids[keep], v0[keep]
    return np.array(rows, dtype=np.float64)


@dataclass(frozen=True)
class TeamConfig:
    n_possessions: int = 60
    steps_per_possession: int = 40
    mark_distance: float = 1.2       # how tightly a defender marks (m)
    noise: float = 0.1               # m/s random velocity change per step

    def __post_init__(self):
        for name, lo, hi in (("n_possessions", 1, 1000), ("steps_per_possession", 21, 200),
                             ("mark_distance", 0.3, 5.0), ("noise", 0.0, 2.0)):
            v = getattr(self, name)
            if not lo <= v <= hi:
                raise InputError(f"{name} must be in [{lo}, {hi}], got {v}")


BASKET = np.array([26.0, 7.5])


def simulate_team(cfg: TeamConfig = TeamConfig(), *, seed: int = 0) -> np.ndarray:
    """Rows (R, 4): frame, agent, x, y. Each possession is a new set of ten agents (new ids); possessions
    are 1,000 frames apart so no scene spans two of them."""
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(cfg.n_possessions):
        att = np.column_stack([rng.uniform(12, 22, 5), rng.uniform(1, 14, 5)])
        dfn = att + (BASKET - att) / np.linalg.norm(BASKET - att, axis=1, keepdims=True) * cfg.mark_distance
        va, vd = np.zeros((5, 2)), np.zeros((5, 2))
        carrier = rng.integers(5)
        for t in range(cfg.steps_per_possession):
            if rng.random() < 0.08:                                       # a pass
                carrier = rng.integers(5)
            target = np.empty((5, 2))
            for k in range(5):
                if k == carrier:
                    target[k] = BASKET + rng.normal(0, 1, 2)              # drive
                else:                                                     # keep 4–5 m from the carrier
                    away = att[k] - att[carrier]
                    dist = np.linalg.norm(away) + 1e-6
                    target[k] = att[carrier] + away / dist * 4.5
                gap = att[k] - dfn[k]
                g = np.linalg.norm(gap)
                if g < cfg.mark_distance * 1.5:                           # marked closely: cut away
                    side = np.array([-gap[1], gap[0]]) / (g + 1e-6)
                    target[k] = att[k] + 3.0 * side + 2.0 * gap / (g + 1e-6)
            va = 0.6 * va + 0.4 * np.clip(target - att, -3, 3) * 1.2 + rng.normal(0, cfg.noise, (5, 2))
            mark = att + (BASKET - att) / np.linalg.norm(BASKET - att, axis=1, keepdims=True) * cfg.mark_distance
            vd = 0.5 * vd + 0.5 * np.clip(mark + va * DT - dfn, -4, 4) / DT * 0.8 + rng.normal(0, cfg.noise, (5, 2))
            att = np.clip(att + DT * va, [0, 0], [28, 15])
            dfn = np.clip(dfn + DT * vd, [0, 0], [28, 15])
            frame = (p * 1000 + t) * FRAME_STEP
            rows += [(frame, p * 10 + k + 1, *att[k]) for k in range(5)]
            rows += [(frame, p * 10 + k + 6, *dfn[k]) for k in range(5)]
    return np.array(rows, dtype=np.float64)


def crowd_scenes(cfg: CrowdConfig = CrowdConfig(), *, seed: int = 0, name: str = "sim_crowd", stride: int = 2) -> Scenes:
    return make_scenes(simulate_crowd(cfg, seed=seed), name=name, stride=stride)


def team_scenes(cfg: TeamConfig = TeamConfig(), *, seed: int = 0, name: str = "team", stride: int = 2) -> Scenes:
    return make_scenes(simulate_team(cfg, seed=seed), name=name, stride=stride)
