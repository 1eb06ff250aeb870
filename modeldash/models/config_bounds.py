"""The one range check every model config runs on its fields, so a manifest cannot declare a huge model."""

from __future__ import annotations

from modeldash.errors import InputError


def require_ints(cfg, fields: tuple[tuple[str, int, int], ...]) -> None:
    """Each named field of `cfg` must be an int (not a bool) in [lo, hi]; raise InputError otherwise."""
    _require(cfg, fields, (int,), "an integer in")


def require_numbers(cfg, fields: tuple[tuple[str, float, float], ...]) -> None:
    """Each named field of `cfg` must be a number (int or float, not a bool) in [lo, hi]."""
    _require(cfg, fields, (int, float), "a number in")


def _require(cfg, fields, types: tuple[type, ...], what: str) -> None:
    for name, lo, hi in fields:
        v = getattr(cfg, name)
        if isinstance(v, bool) or not isinstance(v, types) or not lo <= v <= hi:
            raise InputError(f"config field {name} must be {what} [{lo}, {hi}], got {v!r}")
