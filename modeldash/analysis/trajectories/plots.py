"""Figures for the trajectories view."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from modeldash.analysis.trajectories.scene import SceneView
from modeldash.analysis.trajectories.service import DatasetComparison
from modeldash.analysis.trajectories.settings import label, unit
from modeldash.data.trajectories import Scenes

TARGET, NEIGHBOUR, TRUTH, PRED, CF = "#E45756", "#4C78A8", "#111111", "#F58518", "#54A24B"
ELLIPSE_STEPS = (2, 5, 8, 11)  # the future steps (0-based) whose 1-σ ellipse a Gaussian output is drawn at


def sigma_ellipse(g: np.ndarray, n: int = 40) -> np.ndarray:
    """The 1-σ ellipse (n, 2) of one step of a Gaussian output (μx, μy, log σx, log σy, atanh ρ): μ + L·(cos, sin)
    with L the covariance's Cholesky factor."""
    sx, sy, rho = np.exp(g[2]), np.exp(g[3]), np.tanh(g[4])
    t = np.linspace(0, 2 * np.pi, n)
    c, s = np.cos(t), np.sin(t)
    return np.c_[g[0] + sx * c, g[1] + sy * (rho * c + np.sqrt(max(0.0, 1 - rho**2)) * s)]


def _distribution(fig: go.Figure, view: SceneView, origin: np.ndarray) -> None:
    """A sampling model's futures as faint lines; a Gaussian's 1-σ ellipses at ELLIPSE_STEPS."""
    if view.gaussian is not None:
        for k, step in enumerate(ELLIPSE_STEPS):
            e = sigma_ellipse(view.gaussian[step])
            fig.add_scatter(
                x=e[:, 0], y=e[:, 1], mode="lines", line=dict(color=PRED, width=1), opacity=0.7,
                name="1-σ ellipse (steps 3, 6, 9, 12)", legendgroup="ellipse", showlegend=k == 0,
                hoverinfo="skip",
            )  # fmt: skip
    elif view.samples is not None:
        for k, fut in enumerate(view.samples):
            fig.add_scatter(
                x=np.r_[origin[0], fut[:, 0]], y=np.r_[origin[1], fut[:, 1]], mode="lines",
                line=dict(color=PRED, width=1), opacity=0.25, name=f"{len(view.samples)} samples",
                legendgroup="samples", showlegend=k == 0, hoverinfo="skip",
            )  # fmt: skip


def scene_figure(scenes: Scenes, view: SceneView) -> go.Figure:
    """Past trajectories, true and predicted future; an arrow from each neighbour to the target whose width
    is its Shapley value (solid: helps, dotted: hurts); removed neighbours greyed out."""
    if not isinstance(view, SceneView):
        raise TypeError(f"pass a SceneView (from analysis.trajectories.service.scene_view), not {type(view).__name__}")
    i = view.scene
    past, fut = scenes.past[i], scenes.future[i]
    values = dict(zip(view.result.players, view.result.values))
    vmax = max([abs(v) for v in view.result.values[1:]] + [1e-9])
    fig = go.Figure()
    for j, slot in enumerate(view.present):
        m = scenes.nb_mask[i, slot]
        p = scenes.nb_past[i, slot][m]
        name = view.result.players[1 + j]
        removed = j in view.removed
        fig.add_scatter(
            x=p[:, 0],
            y=p[:, 1],
            mode="lines+markers",
            name=name,
            showlegend=False,
            line=dict(color="#cccccc" if removed else NEIGHBOUR, width=1.5),
            marker=dict(size=4),
            hovertemplate=f"{name}: Shapley {values[name]:+.4f} {unit(view.metric)}<extra></extra>",
        )
        fig.add_scatter(
            x=[p[-1, 0]],
            y=[p[-1, 1]],
            mode="text",
            text=[name],
            textposition="top center",
            textfont=dict(size=10, color="#999999" if removed else NEIGHBOUR),
            showlegend=False,
            hoverinfo="skip",
        )  # the label matches the table's rows
        v = values[name]
        if not removed and abs(v) > 1e-9:
            fig.add_annotation(
                x=past[-1, 0],
                y=past[-1, 1],
                ax=p[-1, 0],
                ay=p[-1, 1],
                xref="x",
                yref="y",
                axref="x",
                ayref="y",
                showarrow=True,
                arrowhead=2,
                arrowsize=0.6,
                standoff=3,
                arrowwidth=max(0.5, 6 * abs(v) / vmax),
                opacity=0.6,
                arrowcolor=NEIGHBOUR if v > 0 else "#9D9D9D",
            )
    fig.add_scatter(
        x=past[:, 0],
        y=past[:, 1],
        mode="lines+markers",
        name="target past",
        line=dict(color=TARGET, width=3),
        marker=dict(size=5),
    )
    fig.add_scatter(
        x=np.r_[past[-1, 0], fut[:, 0]],
        y=np.r_[past[-1, 1], fut[:, 1]],
        mode="lines",
        name="true future",
        line=dict(color=TRUTH, dash="dash", width=2),
    )
    _distribution(fig, view, past[-1])
    what = "prediction" if view.output == "future" else "mean prediction"
    fig.add_scatter(
        x=np.r_[past[-1, 0], view.pred[:, 0]],
        y=np.r_[past[-1, 1], view.pred[:, 1]],
        mode="lines",
        name=f"{what} ({label(view.metric)} {view.error:.2f} {unit(view.metric)})",
        line=dict(color=PRED, width=2),
    )
    if view.removed:
        fig.add_scatter(
            x=np.r_[past[-1, 0], view.pred_counterfactual[:, 0]],
            y=np.r_[past[-1, 1], view.pred_counterfactual[:, 1]],
            mode="lines",
            name=f"without the removed ({label(view.metric)} {view.error_counterfactual:.2f} {unit(view.metric)})",
            line=dict(color=CF, width=2, dash="dot"),
        )
    fig.update_yaxes(scaleanchor="x", title="y (m)")
    fig.update_xaxes(title="x (m)")
    fig.update_layout(height=460, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=-0.15))
    return fig


def dataset_bars(comp: DatasetComparison) -> go.Figure:
    """The paper's headline view: past attribution, social interaction score and the random-agent control
    per model, with 95% bootstrap intervals (in the comparison's loss: m, or nats for NLL)."""
    if not isinstance(comp, DatasetComparison) or not comp.rows:
        raise TypeError("pass a DatasetComparison (from analysis.trajectories.service.compare_models)")
    fig = go.Figure()
    models = [r.summary.model for r in comp.rows]
    for field, name, colour in (
        ("past", "past", TARGET),
        ("social", "social interaction score", NEIGHBOUR),
        ("random_agent", "random agent (control)", "#9D9D9D"),
    ):
        est = [getattr(r.summary, field) for r in comp.rows]
        y = np.array([e.value for e in est])
        fig.add_bar(
            x=models,
            y=y,
            name=name,
            marker_color=colour,
            error_y=dict(
                type="data",
                symmetric=False,
                array=np.array([e.high for e in est]) - y,
                arrayminus=y - np.array([e.low for e in est]),
            ),
            hovertemplate="%{x}: %{y:.4f} " + unit(comp.metric) + "<extra>" + name + "</extra>",
        )
    fig.update_layout(
        barmode="group",
        height=380,
        margin=dict(l=10, r=10, t=10, b=10),
        yaxis=dict(title=f"Shapley value ({unit(comp.metric)} of {label(comp.metric)})"),
        xaxis=dict(title="model"),
        legend=dict(orientation="h", y=-0.2),
    )
    return fig
