"""Pedestrian trajectories in the ETH/UCY text format and the scenes the predictors see.

Format: one row per (frame, agent): frame, agent id, x, y (metres), tab or space separated; frames 10
apart (0.4 s). Scenes follow the usual protocol: 8 observed steps (3.2 s) and 12 predicted (4.8 s) for a
target agent present at all 20 steps; its neighbours are the agents present at the last observed step,
with whatever part of their 8-step past was recorded (the rest masked).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from modeldash.errors import MB, InputError, check_size

OBS, PRED = 8, 12
FRAME_STEP = 10  # ETH/UCY frame numbers advance by 10 per 0.4 s step
DT = 0.4
MAX_NEIGHBOURS = 10  # 1 past + 10 neighbours + 1 random agent = 12 players: exact Shapley
MAX_BYTES = 20 * MB
BUNDLED = Path(__file__).resolve().parent / "files" / "eth_ucy"


@dataclass(frozen=True)
class Scenes:
    """A batch of scenes. Positions in metres, in each file's own frame (no normalisation here).

    past: (S, 8, 2) target; future: (S, 12, 2) target; nb_past: (S, N, 8, 2) neighbours (0 where absent);
    nb_mask: (S, N, 8) bool, True where a neighbour position was recorded; nb_ids: (S, N) agent ids (−1 pad).
    """

    name: str
    past: np.ndarray
    future: np.ndarray
    nb_past: np.ndarray
    nb_mask: np.ndarray
    agent: np.ndarray  # (S,) target agent id
    frame: np.ndarray  # (S,) frame number of the last observed step
    nb_ids: np.ndarray

    def __post_init__(self):
        s = len(self.past)
        if self.past.shape != (s, OBS, 2) or self.future.shape != (s, PRED, 2) or self.nb_past.shape[:1] != (s,):
            raise ValueError("inconsistent scene arrays")

    def __len__(self) -> int:
        return len(self.past)

    @property
    def n_neighbours(self) -> np.ndarray:
        """(S,) neighbours present at the last observed step."""
        return self.nb_mask[:, :, -1].sum(axis=1)

    def take(self, idx) -> Scenes:
        idx = np.atleast_1d(np.asarray(idx))
        return Scenes(
            self.name,
            self.past[idx],
            self.future[idx],
            self.nb_past[idx],
            self.nb_mask[idx],
            self.agent[idx],
            self.frame[idx],
            self.nb_ids[idx],
        )


def read_eth_ucy(raw: bytes | str | Path) -> np.ndarray:
    """Parse and validate the four-column text format; returns rows (R, 4) sorted by frame then agent."""
    if isinstance(raw, (str, Path)):
        p = Path(raw)
        if not p.is_file():
            raise InputError(f"no file at {p}")
        raw = p.read_bytes()
    if len(raw) == 0:
        raise InputError("the file is empty; expected rows of: frame, agent id, x, y")
    check_size(len(raw), MAX_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the file is not text; expected rows of: frame, agent id, x, y") from None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise InputError("the file has no data rows; expected rows of: frame, agent id, x, y")
    widths = {len(ln.replace(",", " ").split()) for ln in lines}
    if widths != {4}:
        bad = next(i for i, ln in enumerate(lines) if len(ln.replace(",", " ").split()) != 4)
        raise InputError(
            f"row {bad + 1} has {len(lines[bad].replace(',', ' ').split())} columns; every row "
            "needs 4: frame, agent id, x, y"
        )
    try:
        a = np.loadtxt(io.StringIO("\n".join(ln.replace(",", " ") for ln in lines)), dtype=np.float64, ndmin=2)
    except ValueError:
        raise InputError("the file has text where numbers belong; expected rows of: frame, agent id, x, y") from None
    if not np.isfinite(a).all():
        r = int(np.flatnonzero(~np.isfinite(a).all(axis=1))[0])
        raise InputError(f"row {r + 1} has a NaN or infinite value")
    if (a[:, :2] != np.round(a[:, :2])).any():
        raise InputError("frame numbers and agent ids must be whole numbers")
    key = a[:, 0] * 1e7 + a[:, 1]
    if len(np.unique(key)) != len(key):
        raise InputError("some (frame, agent) pairs appear twice; each agent has one position per frame")
    a = a[np.lexsort((a[:, 1], a[:, 0]))]
    for agent in np.unique(a[:, 1]):
        f = a[a[:, 1] == agent, 0]
        if len(f) > 1 and (np.diff(f) != FRAME_STEP).any():
            step = np.diff(f)[np.diff(f) != FRAME_STEP][0]
            raise InputError(
                f"agent {int(agent)} has a gap (frames jump by {int(step)}; expected {FRAME_STEP} "
                "between consecutive positions of an agent)"
            )
    return a


def make_scenes(rows: np.ndarray, *, name: str, stride: int = 1, max_neighbours: int = MAX_NEIGHBOURS) -> Scenes:
    """Every (agent, start) with 20 consecutive steps becomes a scene (starts `stride` steps apart); neighbours
    are the agents present at the last observed step, nearest first, at most `max_neighbours`."""
    by_frame: dict[int, dict[int, np.ndarray]] = {}
    for fr, ag, x, y in rows:
        by_frame.setdefault(int(fr), {})[int(ag)] = np.array([x, y])
    tracks: dict[int, dict[int, np.ndarray]] = {}
    for fr, agents in by_frame.items():
        for ag, p in agents.items():
            tracks.setdefault(ag, {})[fr] = p
    out = {k: [] for k in ("past", "future", "nb_past", "nb_mask", "agent", "frame", "nb_ids")}
    horizon = OBS + PRED
    for ag, tr in tracks.items():
        frames = sorted(tr)
        for i in range(0, len(frames) - horizon + 1, stride):
            seq = frames[i : i + horizon]
            if seq[-1] - seq[0] != (horizon - 1) * FRAME_STEP:
                continue
            last = seq[OBS - 1]
            path = np.stack([tr[f] for f in seq])
            others = [o for o in by_frame[last] if o != ag]
            others.sort(key=lambda o: np.linalg.norm(by_frame[last][o] - path[OBS - 1]))
            others = others[:max_neighbours]
            nb = np.zeros((max_neighbours, OBS, 2))
            mask = np.zeros((max_neighbours, OBS), dtype=bool)
            ids = np.full(max_neighbours, -1)
            for j, o in enumerate(others):
                ids[j] = o
                for t, f in enumerate(seq[:OBS]):
                    if f in tracks[o]:
                        nb[j, t], mask[j, t] = tracks[o][f], True
            for k, v in (
                ("past", path[:OBS]),
                ("future", path[OBS:]),
                ("nb_past", nb),
                ("nb_mask", mask),
                ("agent", ag),
                ("frame", last),
                ("nb_ids", ids),
            ):
                out[k].append(v)
    if not out["past"]:
        raise InputError(
            f"no agent is present for {horizon} consecutive steps ({OBS} observed + {PRED} "
            "predicted), so the file has no scene to predict"
        )
    return Scenes(name=name, **{k: np.asarray(v) for k, v in out.items()})


def load_file(name_or_path: str | Path, *, stride: int = 1) -> Scenes:
    """A bundled ETH/UCY file by stem (e.g. 'biwi_eth') or any path in the same format."""
    p = Path(name_or_path)
    if not p.suffix:
        p = BUNDLED / f"{name_or_path}.txt"
    return make_scenes(read_eth_ucy(p), name=p.stem, stride=stride)


def bundled_files() -> list[str]:
    return sorted(p.stem for p in BUNDLED.glob("*.txt"))


def concat_scenes(scenes: list[Scenes], name: str) -> Scenes:
    """One Scenes of several, neighbour slots padded to the widest."""
    n = max(s.nb_past.shape[1] for s in scenes)

    def pad(a, fill):
        w = [(0, 0), (0, n - a.shape[1])] + [(0, 0)] * (a.ndim - 2)
        return np.pad(a, w, constant_values=fill)

    return Scenes(
        name,
        np.concatenate([s.past for s in scenes]),
        np.concatenate([s.future for s in scenes]),
        np.concatenate([pad(s.nb_past, 0) for s in scenes]),
        np.concatenate([pad(s.nb_mask, False) for s in scenes]),
        np.concatenate([s.agent for s in scenes]),
        np.concatenate([s.frame for s in scenes]),
        np.concatenate([pad(s.nb_ids, -1) for s in scenes]),
    )
