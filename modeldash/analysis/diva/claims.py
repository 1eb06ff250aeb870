"""DIVA's claim as a verdict (analysis/claims.py has the rules)."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.claims import Claim
from modeldash.analysis.intervals import t_interval

DIVA_SEEDS = 5  # label-noise seeds behind DIVA's claim (precompute stores them)


def claims(zoo=None, folder: Path | None = None, seeds: int = DIVA_SEEDS) -> list[Claim]:
    """DIVA: low weights find flipped labels (the paper's detection AUROC 0.90–0.99), over label-noise seeds."""
    from modeldash.analysis.diva.service import stored_zoo_report
    from modeldash.analysis.diva.settings import DivaSettings

    aurocs = [
        stored_zoo_report("digits_cnn", zoo, folder=folder, settings=DivaSettings(seed=s))[0].noisy_auroc
        for s in range(seeds)
    ]
    m, lo, hi = t_interval(aurocs)
    return [
        Claim(
            "diva",
            "low DIVA weights find the flipped labels (20% noise)",
            "AUROC of low weight for a flipped label",
            m,
            (lo, hi),
            "above",
            (0.9,),
            "AUROC 0.90–0.99 across datasets",
            seeds,
            "seeds",
            "seeds flip different labels; the CNN is the zoo's",
        )
    ]
