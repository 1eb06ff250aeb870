"""The one check every model config runs on its integer fields, so a manifest cannot declare a huge model."""
from __future__ import annotations

from errors import InputError


def require_ints(cfg, fields: tuple[tuple[str, int, int], ...]) -> None:
    """Each named field of `cfg` must be an int (not a bool) in [lo, hi]; raise InputError otherwise."""
    for name, lo, hi in fields:
        v = getattr(cfg, name)
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            raise InputError(f"config field {name} must be an integer in [{lo}, {hi}], got {v!r}")
