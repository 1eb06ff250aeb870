"""Simulated trajectories in the ETH/UCY format (frame, agent, x, y; frames 10 apart = 0.4 s).

`crowd`: the social-force model (Helbing & Molnár 1995): pedestrians cross a 20 × 10 m area towards the
far side at about 1.3 m/s; each is pushed away from others by A·exp((r − d)/B), weighted towards those ahead. `interaction` scales A;
the default is calibrated to look like real crowds (mostly weak interaction).
`team`: a coordinated game standing in for basketball tracking: five attackers and five defenders on a
28 × 15 m court. The ball carrier dribbles with random turns; his team-mates hold a formation around him;
each defender marks one attacker from the carrier's side. Everyone's next moves follow the carrier's, so a
target's future depends strongly on the others. Both are deterministic from a seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from modeldash.data.trajectories import FRAME_STEP, Scenes, make_scenes
from modeldash.errors import InputError

DT, SUBSTEPS = 0.4, 4


@dataclass(frozen=True)
class CrowdConfig:
    n_steps: int = 600
    spawn_rate: float = 0.2  # new pedestrians per step (Poisson)
    speed: float = 1.4  # desired speed, m/s
    interaction: float = 1.0  # multiplies the repulsion strength A = 2.1 m/s²
    noise: float = 0.05  # m/s² random force

    def __post_init__(self):
        for name, lo, hi in (
            ("n_steps", 40, 5000),
            ("spawn_rate", 0.05, 3.0),
            ("speed", 0.3, 3.0),
            ("interaction", 0.0, 10.0),
            ("noise", 0.0, 1.0),
        ):
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
            end = np.array([23.0 if left else -3.0, rng.uniform(0.5, 9.5)])  # beyond the exit, never reached
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
                diff = pos[:, None] - pos[None]  # (n, n, 2)
                dist = np.linalg.norm(diff, axis=-1) + np.eye(len(pos)) * 1e6
                n_ij = diff / dist[..., None]  # from j to i
                heading = vel / np.maximum(np.linalg.norm(vel, axis=1, keepdims=True), 1e-6)
                cos = -(heading[:, None] * n_ij).sum(-1)  # j ahead of i: cos > 0
                aniso = 0.35 + 0.65 * (1 + cos) / 2  # Helbing et al. 2000, λ = 0.35
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
    mark_distance: float = 1.2  # how tightly a defender marks (m)
    noise: float = 0.1  # m/s random velocity change per step

    def __post_init__(self):
        for name, lo, hi in (
            ("n_possessions", 1, 1000),
            ("steps_per_possession", 21, 200),
            ("mark_distance", 0.3, 5.0),
            ("noise", 0.0, 2.0),
        ):
            v = getattr(self, name)
            if not lo <= v <= hi:
                raise InputError(f"{name} must be in [{lo}, {hi}], got {v}")


COURT = np.array([28.0, 15.0])


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-6)


def simulate_team(cfg: TeamConfig = TeamConfig(), *, seed: int = 0) -> np.ndarray:
    """Rows (R, 4): frame, agent, x, y. Each possession is a new set of ten agents (new ids); possessions
    are 1,000 frames apart so no scene spans two of them. The ball carrier dribbles with smooth random turns
    at about 3 m/s (and turns back from the sidelines); his four team-mates hold a formation around him, each at its own
    bearing and 4 m away; the five defenders each mark one attacker, standing `mark_distance` from it on the
    side of the carrier and closing in on the carrier when he is near. Everyone's next moves follow the
    carrier's, so a target's future depends strongly on the others."""
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(cfg.n_possessions):
        carrier = np.array([rng.uniform(8, 20), rng.uniform(4, 11)])
        heading = rng.uniform(0, 2 * np.pi)
        bearings = np.sort(rng.uniform(0, 2 * np.pi, 4))
        att = carrier + 4.0 * np.column_stack([np.cos(bearings), np.sin(bearings)])
        att = np.vstack([carrier, att])
        dfn = att + rng.normal(0, 1.0, (5, 2))
        va, vd = np.zeros((5, 2)), np.zeros((5, 2))
        for t in range(cfg.steps_per_possession):
            # the carrier: speed ~4 m/s, heading drifts (turn rate random), turns away from the walls
            heading += rng.normal(0, 0.12)
            ahead = att[0] + 3.0 * np.array([np.cos(heading), np.sin(heading)])
            if (ahead < 1.5).any() or (ahead > COURT - 1.5).any():
                to_centre = COURT / 2 - att[0]
                heading = np.arctan2(to_centre[1], to_centre[0]) + rng.normal(0, 0.3)
            va[0] = 0.5 * va[0] + 0.5 * 3.0 * np.array([np.cos(heading), np.sin(heading)])
            # team-mates: formation slots around the carrier, rotating slowly with his heading
            slots = (
                att[0] + va[0] * DT + 4.0 * np.column_stack([np.cos(bearings + heading), np.sin(bearings + heading)])
            )
            slots = np.clip(slots, 0.5, COURT - 0.5)
            va[1:] = 0.5 * va[1:] + 0.5 * np.clip((slots - att[1:]) / DT, -6, 6) * 0.6
            va += rng.normal(0, cfg.noise, (5, 2))
            # defenders: between their attacker and the carrier, closer to the carrier when he is near
            side = _unit(att[0] + va[0] * DT - att)
            side[0] = _unit(COURT / 2 - att[0])
            mark = att + va * DT + side * cfg.mark_distance
            vd = 0.5 * vd + 0.5 * np.clip((mark - dfn) / DT, -7, 7) * 0.7 + rng.normal(0, cfg.noise, (5, 2))
            att = np.clip(att + DT * va, 0, COURT)
            dfn = np.clip(dfn + DT * vd, 0, COURT)
            frame = (p * 1000 + t) * FRAME_STEP
            rows += [(frame, p * 10 + k + 1, *att[k]) for k in range(5)]
            rows += [(frame, p * 10 + k + 6, *dfn[k]) for k in range(5)]
    return np.array(rows, dtype=np.float64)


def crowd_scenes(
    cfg: CrowdConfig = CrowdConfig(), *, seed: int = 0, name: str = "sim_crowd", stride: int = 2
) -> Scenes:
    return make_scenes(simulate_crowd(cfg, seed=seed), name=name, stride=stride)


def team_scenes(cfg: TeamConfig = TeamConfig(), *, seed: int = 0, name: str = "team", stride: int = 2) -> Scenes:
    return make_scenes(simulate_team(cfg, seed=seed), name=name, stride=stride)
