"""A researcher's own model's outputs on a cold-start graph: per-node `logits` (N, C) and optional `embeddings`
(N, d) as an .npz read with allow_pickle=False. Their model must be trained on the view's split (the isolated
group's edges cut, groups and test nodes held out): `python -m modeldash coldstart --groups NAME --out FILE.npz`
writes it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from modeldash.data.npz import read_arrays
from modeldash.errors import MB, InputError

MAX_BYTES = 100 * MB
CONTRACT = "an .npz with logits (N, C) float, one row per node of the graph, and optionally embeddings (N, d)"


@dataclass(frozen=True)
class NodeOutputs:
    name: str
    logits: np.ndarray  # (N, C) float64
    embeddings: np.ndarray | None  # (N, d) float64

    @property
    def pred(self) -> np.ndarray:
        return self.logits.argmax(1)


def _matrix(arrays: dict, key: str, n: int) -> np.ndarray:
    a = arrays[key]
    if a.ndim != 2 or not (np.issubdtype(a.dtype, np.floating) or np.issubdtype(a.dtype, np.integer)):
        raise InputError(f"'{key}' must be a numeric (N, …) matrix, got shape {a.shape} of {a.dtype}")
    if len(a) != n:
        raise InputError(f"'{key}' has {len(a):,} rows; the graph has {n:,} nodes (one row per node, in order)")
    if not 1 <= a.shape[1] <= 4096:
        raise InputError(f"'{key}' must have 1 to 4096 columns, got {a.shape[1]}")
    a = a.astype(np.float64)
    if not np.isfinite(a).all():
        raise InputError(f"'{key}' contains NaN or infinite values")
    return a


def read_outputs(raw: bytes, *, n_nodes: int, n_classes: int, name: str = "uploaded") -> NodeOutputs:
    """Parse and check an outputs file against the graph it is for; every problem is one InputError sentence."""
    arrays = read_arrays(raw, required=("logits",), optional=("embeddings",), limit=MAX_BYTES, contract=CONTRACT)
    logits = _matrix(arrays, "logits", n_nodes)
    if logits.shape[1] != n_classes:
        raise InputError(f"'logits' has {logits.shape[1]} columns; the graph has {n_classes} classes")
    emb = _matrix(arrays, "embeddings", n_nodes) if "embeddings" in arrays else None
    return NodeOutputs(name, logits, emb)
