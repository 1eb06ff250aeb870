"""The plain-language sentence under the Trajectories view's dataset-level chart."""

from __future__ import annotations

from modeldash.analysis.intervals import num
from modeldash.analysis.trajectories.scene import ScenePair
from modeldash.analysis.trajectories.service import DatasetComparison
from modeldash.analysis.trajectories.settings import label, unit


def _ci(e) -> str:
    return f"[{num(e.low)}, {num(e.high)}]"


def headline(comp: DatasetComparison) -> str:
    """How much the past carries and, like for like, whether one neighbour is worth more than one random agent and
    whether the model does better with its neighbours than without them."""
    u = f"{unit(comp.metric)} of {label(comp.metric)}"
    parts = []
    for r in comp.rows:
        s = r.summary
        if s.social.high == 0 and s.social.value == 0:
            parts.append(f"{s.model}: past {num(s.past.value)} {u}, neighbours exactly 0 (it does not see them)")
            continue
        d, eff = s.mean_neighbour_minus_random, s.neighbour_effect
        agent = (
            "one neighbour is worth more than one random agent"
            if d.low > 0
            else "one neighbour is worth no more than one random agent"
            if d.high <= 0
            else "one neighbour and one random agent cannot be told apart"
        )
        use = "helps" if eff.low > 0 else "hurts" if eff.high < 0 else "makes no clear difference"
        parts.append(
            f"{s.model}: past {num(s.past.value)} {u}; a neighbour's mean value minus the random agent's "
            f"{num(d.value)} {_ci(d)} ({agent}); removing every neighbour changes its loss by {num(eff.value)} "
            f"{_ci(eff)} (having them {use})"
        )
    return (
        f"Over {comp.n_scenes} scenes: " + "; ".join(parts) + ". Like for like: one neighbour against one random "
        "agent. The paper's social score (the table's, and the bars') is the best neighbour of up to ten against "
        "one random agent, so it stands above the control by selection alone."
    )


def scene_pair(pair: ScenePair) -> str:
    """Which model leans more on the past and on the neighbours in this scene, and whether it is beyond noise."""
    a, b = pair.models
    u = f"{unit(pair.metric)} of {label(pair.metric)}"
    d, noise = pair.difference, pair.noise
    exact = not noise.any()
    nb = d[1:]
    text = (
        f"Scene {pair.scene}: {a}'s {label(pair.metric)} is {pair.errors[0]:.3f} {unit(pair.metric)}, "
        f"{b}'s {pair.errors[1]:.3f}. The past is worth {pair.values[0, 0]:.3f} {u} to {a} and {pair.values[1, 0]:.3f} to {b} "
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
