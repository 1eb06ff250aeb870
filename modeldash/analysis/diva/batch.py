"""`python -m modeldash precompute diva`: DIVA's report of every zoo model at the page's seed and the claim's."""

from __future__ import annotations

from pathlib import Path


def units(s) -> list[str]:
    from modeldash.analysis.diva.claims import DIVA_SEEDS
    from modeldash.models.zoo import list_zoo

    seeds = sorted({s.seed, *range(DIVA_SEEDS)})  # the page's default, and the seeds the claim rests on
    return [f"{m.name}@{seed}" for m in list_zoo(s.zoo)[0] if m.task == "diva" for seed in seeds]


def compute(what: str, s):
    from modeldash.analysis.diva.service import stored_zoo_report
    from modeldash.analysis.diva.settings import DivaSettings

    name, seed = what.split("@")
    return stored_zoo_report(name, s.zoo, folder=Path(s.folder), settings=DivaSettings(seed=int(seed)))[1]
