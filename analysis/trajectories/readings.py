"""The plain-language sentence under the Trajectories view's dataset-level chart."""

from __future__ import annotations

from analysis.trajectories.service import DatasetComparison


def headline(comp: DatasetComparison) -> str:
    """How much the past carries and whether each model's neighbours stand clearly above the control."""
    unit = f"m of {comp.metric.upper()}"
    parts = []
    for r in comp.rows:
        s = r.summary
        if s.social.high == 0 and s.social.value == 0:
            parts.append(f"{s.model}: past {s.past.value:.3f} {unit}, neighbours exactly 0 (it does not see them)")
            continue
        above = s.social.low > s.random_agent.high
        parts.append(
            f"{s.model}: past {s.past.value:.3f} {unit}, social score {s.social.value:.3f} "
            f"[{s.social.low:.3f}, {s.social.high:.3f}] against the random agent's "
            f"{s.random_agent.value:.3f} [{s.random_agent.low:.3f}, {s.random_agent.high:.3f}] — "
            f"{'clearly above the control' if above else 'not clearly above the control'}"
        )
    return (
        f"Over {comp.n_scenes} scenes: " + "; ".join(parts) + ". A social score that does not stand clearly "
        "above the random agent's means the model does not use its neighbours (the paper's finding on "
        "pedestrian data)."
    )
