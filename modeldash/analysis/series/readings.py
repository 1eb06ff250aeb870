"""The plain-language sentences of the Synthetic series view."""

from __future__ import annotations

import math

from modeldash.analysis.intervals import mean_interval_text, num


def headline(frame, reference_mae: float) -> str:
    """Which generator comes closest to the real floor on Context-FID (with seed intervals), the classifier, and
    the forecaster."""
    gens = frame[frame.generator != "real"]
    floor = frame[frame.generator == "real"].iloc[0]
    best = gens.loc[gens.context_fid_norm.idxmin()]
    hardest = gens.loc[gens.discriminative_score.idxmin()]
    pred = gens.loc[gens.predictive_mae.idxmin()]
    overlap = gens[(gens.generator != best.generator) & (gens.context_fid_norm_lo <= best.context_fid_norm_hi)]
    tie = (
        f" Its interval overlaps {', '.join(overlap.generator)}'s: these seeds do not settle the order between them."
        if len(overlap) and math.isfinite(best.context_fid_norm_hi)
        else ""
    )
    return (
        f"Closest to real by Context-FID: {best.generator} "
        f"({_ci(best)} of i.i.d. noise's; held-out real windows score {floor.context_fid_norm:.3f}).{tie} "
        f"Hardest to tell from real: {hardest.generator} (classifier {hardest.discriminative_score:.2f} above chance; "
        f"real against real: {floor.discriminative_score:.2f}). A forecaster trained on {pred.generator} samples "
        f"errs by {pred.predictive_mae:.3f} on real windows, against {reference_mae:.3f} when trained on real data. "
        "Lower is better everywhere; the 'real' row is the floor no generator can beat except by chance."
    )


def _ci(row) -> str:
    return mean_interval_text(row.context_fid_norm, row.context_fid_norm_lo, row.context_fid_norm_hi, 3)


def ranking(reports: dict) -> str:
    """Whether the generators' order by mean normalised Context-FID is the same at every training budget."""
    orders = {}
    for label, rep in reports.items():
        f = rep.to_frame()
        f = f[f.generator != "real"].sort_values("context_fid_norm")
        orders[label] = list(f.generator)
    labels = list(orders)
    if len(labels) < 2:
        return ""
    a, b = orders[labels[0]], orders[labels[1]]
    if a == b:
        return f"The order by mean Context-FID is the same at both budgets: {' < '.join(a)}."
    moved = [g for g in a if a.index(g) != b.index(g)]
    return (
        f"The order by mean Context-FID changes between budgets ({labels[0]}: {' < '.join(a)}; {labels[1]}: "
        f"{' < '.join(b)}); {', '.join(moved)} move. Only a difference whose interval excludes 0 (the claims) is a "
        "ranking."
    )


def pair(p) -> str:
    """Generator B against A (analysis.series.compare.GeneratorPair): how much closer or farther from real, and
    whether the difference exceeds the seed-to-seed spread."""
    if not math.isfinite(p.log_ratio):
        return f"{p.b} and {p.a} share no scored runs to compare."
    ratio = math.exp(p.log_ratio)
    side = "farther from" if ratio > 1 else "closer to"
    if not math.isfinite(p.ci[0]):
        noise = "one paired seed, so no interval: the difference is not shown to exceed the seed-to-seed spread"
    elif p.beyond_noise:
        noise = (
            f"the 95% interval over {p.n} paired seeds, {math.exp(p.ci[0]):.2f}–{math.exp(p.ci[1]):.2f}×, excludes "
            "1: larger than the seed-to-seed spread"
        )
    else:
        noise = (
            f"the 95% interval over {p.n} paired seeds, {math.exp(p.ci[0]):.2f}–{math.exp(p.ci[1]):.2f}×, includes "
            "1: within the seed-to-seed spread"
        )
    return f"{p.b}'s samples are {ratio:.2f}× {p.a}'s Context-FID — {side} real — and {noise}."


def learning_curve(curve) -> str:
    """Each variant's mean at every budget, and whether the last step still improves beyond the seeds' spread."""
    from modeldash.models.series_psagan_fit import LABELS

    s = curve.summary()
    parts = []
    for v, g in s.groupby("variant", sort=False):
        trend = {True: "still falling at the largest budget", False: "no clear change over the last doubling",
                 None: "one seed: no verdict on its slope"}[curve.still_improving(v)]  # fmt: skip
        points = ", ".join(f"{num(m, 2)} at {k:g}×" for k, m in zip(g.multiple, g["mean"]))
        parts.append(f"{LABELS.get(v, v)} {points} ({trend})")
    return (
        f"Normalised Context-FID at ½ to {s.multiple.max():g} × the demo budget ({int(s.iterations.min()):,} to "
        f"{int(s.iterations.max()):,} iterations), mean over {int(s.seeds.max())} GAN seeds: "
        + "; ".join(parts)
        + ". With two seeds per point the intervals are wide (a GAN seed can collapse); the zoo trains at 1× (ETTh1 "
        "also at 1.5×). Where a curve still falls, a longer run would lower the figures on this page, and the order "
        "between variants may change."
    )
