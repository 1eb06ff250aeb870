"""The plain-language sentence under the Synthetic series view's metrics table."""

from __future__ import annotations


def headline(frame, reference_mae: float) -> str:
    """Which generator comes closest to the real floor on Context-FID and the classifier, and the forecaster."""
    gens = frame[frame.generator != "real"]
    floor = frame[frame.generator == "real"].iloc[0]
    best = gens.loc[gens.context_fid.idxmin()]
    hardest = gens.loc[gens.discriminative_score.idxmin()]
    pred = gens.loc[gens.predictive_mae.idxmin()]
    return (
        f"Closest to real by Context-FID: {best.generator} ({best.context_fid:.3f}; held-out real windows score "
        f"{floor.context_fid:.3f}). Hardest to tell from real: {hardest.generator} (classifier "
        f"{hardest.discriminative_score:.2f} above chance; real against real: {floor.discriminative_score:.2f}). "
        f"A forecaster trained on {pred.generator} samples errs by {pred.predictive_mae:.3f} on real windows, "
        f"against {reference_mae:.3f} when trained on real data. Lower is better everywhere; the 'real' row is "
        "the floor no generator can beat except by chance."
    )
