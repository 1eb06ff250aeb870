"""The plain-language sentence under the Trajectories view's dataset-level chart."""

from __future__ import annotations

from modeldash.analysis.intervals import num
from modeldash.analysis.trajectories.scene import ScenePair
from modeldash.analysis.trajectories.service import DatasetComparison


def headline(comp: DatasetComparison) -> str:
    """How much the past carries and whether each model's neighbours stand clearly above the control."""
    unit = f"m of {comp.metric.upper()}"
    parts = []
    for r in comp.rows:
        s = r.summary
        if s.social.high == 0 and s.social.value == 0:
            parts.append(f"{s.model}: past {num(s.past.value)} {unit}, neighbours exactly 0 (it does not see them)")
            continue
        above = s.social.low > s.random_agent.high
        parts.append(
            f"{s.model}: past {num(s.past.value)} {unit}, social score {num(s.social.value)} "
            f"[{num(s.social.low)}, {num(s.social.high)}] against the random agent's "
            f"{num(s.random_agent.value)} [{num(s.random_agent.low)}, {num(s.random_agent.high)}] — "
            f"{'clearly above the control' if above else 'not clearly above the control'}"
        )
    return (
        f"Over {comp.n_scenes} scenes: " + "; ".join(parts) + ". A social score that does not stand clearly "
        "above the random agent's means the model does not use its neighbours (the paper's finding on "
        "pedestrian data)."
    )


def scene_pair(pair: ScenePair) -> str:
    """Which model leans more on the past and on the neighbours in this scene, and whether it is beyond noise."""
    a, b = pair.models
    unit = f"m of {pair.metric.upper()}"
    d, noise = pair.difference, pair.noise
    exact = not noise.any()
    nb = d[1:]
    text = (
        f"Scene {pair.scene}: {a} errs {pair.errors[0]:.3f} m, {b} {pair.errors[1]:.3f} m. "
        f"The past is worth {pair.values[0, 0]:.3f} {unit} to {a} and {pair.values[1, 0]:.3f} to {b} "
        f"({'more' if d[0] > 0 else 'less'} to {b} by {abs(d[0]):.3f}). "
    )
    if len(nb):
        j = int(abs(nb).argmax()) + 1
        text += (
            f"The neighbours' values differ most for {pair.players[j]} ({pair.values[0, j]:+.3f} against "
            f"{pair.values[1, j]:+.3f}); their total is {pair.values[0, 1:].sum():+.3f} for {a} and "
            f"{pair.values[1, 1:].sum():+.3f} for {b}. "
        )
    else:
        text += "The scene has no neighbours. "
    if exact:
        return text + "Both sets of values are exact (every coalition evaluated), so every difference is real."
    beyond = int((abs(d) > noise).sum())
    return text + f"{beyond} of {len(d)} differences exceed two standard errors of the sampled values."
