"""Schott et al.'s claim as verdicts (analysis/claims.py has the rules)."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.claims import Claim


def claims(zoo=None, folder: Path | None = None) -> list[Claim]:
    """Schott et al.: every architecture does worse on extrapolation than on random splits. Per dataset and
    architecture, R² random − R² extrapolation over the zoo's training seeds (Welch's t: the two splits' models
    are trained independently); one seed gives no interval, so the claim is then inconclusive."""
    from modeldash.analysis.splits.seeds import seed_gaps
    from modeldash.analysis.splits.service import seed_scores

    frame = seed_scores(zoo)
    out = []
    for dataset in sorted(set(frame.dataset)):
        for g in seed_gaps(frame, dataset):
            d, lo, hi = g.gap
            out.append(
                Claim(
                    "splits",
                    f"{g.kind} on {dataset}: R² is lower on extrapolation than on random splits",
                    "R² random − R² extrapolation",
                    d,
                    (lo, hi),
                    "above",
                    (0.0,),
                    "all 17 models degrade out of distribution, most on extrapolation",
                    g.n_seeds,
                    "seeds",
                    f"random {g.easy_ci[0]:.2f} ({len(g.easy)} seeds), extrapolation {g.hard_ci[0]:.2f} "
                    f"({len(g.hard)} seeds); Welch's t",
                    method="Welch's t",
                )
            )
    return out
