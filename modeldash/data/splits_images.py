"""Procedural factor datasets for the compositional-splits view: every image is rendered from known factors.

`DSPRITES`: dSprites' factor grid (shape 3 × scale 6 × orientation 40 × x 32 × y 32 = 737,280), 64×64 binary.
`SCENES`: a 2-D take on Shapes3D's grid (floor hue 10 × wall hue 10 × object hue 10 × scale 8 × shape 4 ×
orientation 15 = 480,000), 64×64 RGB: wall above the horizon, floor below, one object in front.
Rendering is vectorised numpy over a batch of grid indices; the same index always gives the same image.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from modeldash.errors import InputError

SIZE = 64
MAX_BATCH = 20_000


@dataclass(frozen=True)
class FactorSpace:
    name: str
    factors: tuple[str, ...]
    sizes: tuple[int, ...]
    categorical: tuple[str, ...]  # factors whose values have no order (reported separately)
    channels: int

    @property
    def n_images(self) -> int:
        return int(np.prod(self.sizes))

    def index_to_factors(self, idx: np.ndarray) -> np.ndarray:
        """Grid indices (B,) -> factor value indices (B, n_factors), row-major over `sizes`."""
        idx = np.asarray(idx, dtype=np.int64)
        if idx.size and (idx.min() < 0 or idx.max() >= self.n_images):
            raise InputError(f"grid indices must be in [0, {self.n_images})")
        return np.stack(np.unravel_index(idx, self.sizes), axis=1).astype(np.int64)

    def factors_to_index(self, f: np.ndarray) -> np.ndarray:
        f = np.asarray(f, dtype=np.int64).reshape(-1, len(self.sizes))
        for j, (name, k) in enumerate(zip(self.factors, self.sizes)):
            if (f[:, j] < 0).any() or (f[:, j] >= k).any():
                raise InputError(f"factor {name} takes values 0 to {k - 1}")
        return np.ravel_multi_index(tuple(f.T), self.sizes).astype(np.int64)

    def normalise(self, f: np.ndarray) -> np.ndarray:
        """Factor value indices -> regression targets index / (n_values − 1), as the benchmark."""
        return (np.asarray(f, dtype=np.float64) / (np.array(self.sizes) - 1)).astype(np.float32)

    def grid_variance(self) -> np.ndarray:
        """Variance of each normalised factor over the full grid (every value equally often), (F,).
        For values i/(K−1), i = 0..K−1: (K + 1) / (12 (K − 1))."""
        k = np.array(self.sizes, dtype=np.float64)
        return (k + 1) / (12 * (k - 1))

    def r_squared(self, pred: np.ndarray, target: np.ndarray) -> np.ndarray:
        """The benchmark's R² per factor: 1 − MSE / variance over the full grid (not the evaluated set)."""
        pred, target = np.asarray(pred, np.float64), np.asarray(target, np.float64)
        if pred.shape != target.shape or pred.ndim != 2 or pred.shape[1] != len(self.sizes):
            raise InputError(f"predictions {pred.shape} and targets {target.shape} must both be (N, {len(self.sizes)})")
        return 1 - ((pred - target) ** 2).mean(axis=0) / self.grid_variance()

    def render(self, idx: np.ndarray) -> np.ndarray:
        """Images (B, C, 64, 64) float32 in [0, 1] for grid indices (B,)."""
        idx = np.asarray(idx, dtype=np.int64).ravel()
        if len(idx) > MAX_BATCH:
            raise InputError(f"render at most {MAX_BATCH:,} images at a time, got {len(idx):,}")
        f = self.index_to_factors(idx)
        return _RENDERERS[self.name](f)


DSPRITES = FactorSpace(
    "dsprites", ("shape", "scale", "orientation", "x-position", "y-position"), (3, 6, 40, 32, 32), ("shape",), 1
)
SCENES = FactorSpace(
    "scenes",
    ("floor hue", "wall hue", "object hue", "scale", "shape", "orientation"),
    (10, 10, 10, 8, 4, 15),
    ("shape",),
    3,
)
SPACES = {s.name: s for s in (DSPRITES, SCENES)}
DSPRITES_SHAPES = ("square", "ellipse", "heart")
SCENE_SHAPES = ("cube", "cylinder", "sphere", "capsule")


def _grid() -> tuple[np.ndarray, np.ndarray]:
    c = (np.arange(SIZE) + 0.5).astype(np.float32)
    return c[None, None, :], c[None, :, None]  # x (1, 1, W), y (1, H, 1)


def _local(cx, cy, angle, size) -> tuple[np.ndarray, np.ndarray]:
    """Pixel coordinates in each sprite's frame: centred, rotated by −angle, divided by size. (B, H, W)."""
    x, y = _grid()
    dx, dy = x - cx[:, None, None], y - cy[:, None, None]
    c, s = np.cos(angle)[:, None, None], np.sin(angle)[:, None, None]
    return (c * dx + s * dy) / size[:, None, None], (-s * dx + c * dy) / size[:, None, None]


def _inside(shape: np.ndarray, u: np.ndarray, v: np.ndarray, kinds: tuple[str, ...]) -> np.ndarray:
    out = np.zeros(u.shape, dtype=bool)
    for k, kind in enumerate(kinds):
        m = shape == k
        if not m.any():
            continue
        a, b = u[m], v[m]
        if kind in ("square", "cube"):
            hit = (np.abs(a) <= 1) & (np.abs(b) <= 1)
        elif kind == "ellipse":
            hit = a**2 + (b / 0.5) ** 2 <= 1
        elif kind == "sphere":
            hit = a**2 + b**2 <= 1
        elif kind == "cylinder":
            hit = (np.abs(a) <= 0.6) & (np.abs(b) <= 1.1)
        elif kind == "capsule":
            hit = (np.maximum(np.abs(b) - 0.6, 0) ** 2 + a**2) <= 0.5**2 * 1.6
        else:  # heart: (x² + y² − 1)³ − x² y³ ≤ 0, y pointing up
            hx, hy = a * 1.2, -b * 1.2 + 0.15
            hit = (hx**2 + hy**2 - 1) ** 3 - hx**2 * hy**3 <= 0
        out[m] = hit
    return out


def _render_dsprites(f: np.ndarray) -> np.ndarray:
    shape, scale, orient, px, py = f.T
    size = (0.5 + 0.5 * scale / 5) * 9.0  # half-width 4.5–9 px, dSprites' 0.5–1 scale
    angle = orient * (2 * np.pi / 40)
    cx, cy = 10 + px * (44 / 31), 10 + py * (44 / 31)  # centres 10–54 px
    u, v = _local(cx.astype(np.float32), cy.astype(np.float32), angle.astype(np.float32), size.astype(np.float32))
    return _inside(shape, u, v, DSPRITES_SHAPES).astype(np.float32)[:, None]


def _hue_rgb(h: np.ndarray) -> np.ndarray:
    """Hues in [0, 1) -> (B, 3) RGB at full saturation, value 0.9."""
    k = (np.array([5.0, 3.0, 1.0])[None, :] + h[:, None] * 6) % 6
    return 0.9 * (1 - np.clip(np.minimum(k, 4 - k), 0, 1))


def _render_scenes(f: np.ndarray) -> np.ndarray:
    floor, wall, obj, scale, shape, orient = f.T
    b = len(f)
    img = np.empty((b, 3, SIZE, SIZE), dtype=np.float32)
    horizon = 38
    img[:, :, :horizon, :] = _hue_rgb(wall / 10)[:, :, None, None]
    img[:, :, horizon:, :] = _hue_rgb(floor / 10)[:, :, None, None]
    size = (0.75 + 0.5 * scale / 7) * 10.0  # 7.5–12.5 px half-height
    angle = np.deg2rad(-30 + 60 * orient / 14)  # −30° to 30°
    cy = np.full(b, 44.0) - 0.3 * size
    u, v = _local(
        np.full(b, 32.0, np.float32), cy.astype(np.float32), angle.astype(np.float32), size.astype(np.float32)
    )
    hit = _inside(shape, u, v, SCENE_SHAPES)
    shade = 0.75 + 0.25 * np.clip(0.5 - 0.5 * (u + v) / 2, 0, 1)  # simple lighting from the upper left
    colour = _hue_rgb(obj / 10)[:, :, None, None] * shade[:, None]
    return np.where(hit[:, None], colour, img).astype(np.float32)


_RENDERERS = {"dsprites": _render_dsprites, "scenes": _render_scenes}
