"""Figures for the synthetic-series view; each takes windows (N, T) or a SeriesReport."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from modeldash.analysis.series import results
from modeldash.analysis.series.service import WindowMap

REAL, FAKE = "#4C78A8", "#E45756"


def _need(x, name):
    if not isinstance(x, np.ndarray) or x.ndim != 2:
        raise TypeError(f"pass {name} as an array of windows (N, T)")


def side_by_side(real: np.ndarray, fake: np.ndarray, *, k: int = 4, label: str = "synthetic") -> go.Figure:
    """k real windows (top row) above k synthetic ones (bottom row)."""
    _need(real, "real")
    _need(fake, "fake")
    k = min(k, len(real), len(fake))
    fig = make_subplots(
        2, k, shared_yaxes=True, vertical_spacing=0.12, horizontal_spacing=0.02, row_titles=["real", label]
    )
    for j in range(k):
        fig.add_scatter(y=real[j], mode="lines", line=dict(color=REAL, width=1.5), showlegend=False, row=1, col=j + 1)
        fig.add_scatter(y=fake[j], mode="lines", line=dict(color=FAKE, width=1.5), showlegend=False, row=2, col=j + 1)
    fig.update_layout(height=330, margin=dict(l=10, r=30, t=10, b=10))
    fig.update_xaxes(showticklabels=False)
    return fig


def overlay(real: np.ndarray, fake: np.ndarray, *, k: int = 20, label: str = "synthetic") -> go.Figure:
    """k windows of each, overlaid, with each side's mean."""
    _need(real, "real")
    _need(fake, "fake")
    fig = go.Figure()
    for x, colour, name in ((real, REAL, "real"), (fake, FAKE, label)):
        for j in range(min(k, len(x))):
            fig.add_scatter(
                y=x[j],
                mode="lines",
                line=dict(color=colour, width=0.7),
                opacity=0.25,
                showlegend=False,
                hoverinfo="skip",
            )
        fig.add_scatter(y=x.mean(0), mode="lines", line=dict(color=colour, width=3), name=f"{name} mean")
    fig.update_layout(
        height=330,
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis_title="step",
        yaxis_title="scaled value",
        legend=dict(orientation="h", y=1.1),
    )
    return fig


def distributions(real: np.ndarray, fake: np.ndarray, *, label: str = "synthetic", max_lag: int = 20) -> go.Figure:
    """Marginal histogram, mean autocorrelation and mean power spectrum, real against synthetic."""
    from modeldash.analysis.series.metrics import (  # imports PyTorch (the probes): not before the first chart
        acf,
        spectrum,
    )

    _need(real, "real")
    _need(fake, "fake")
    fig = make_subplots(1, 3, subplot_titles=("values", "autocorrelation", "power spectrum"), horizontal_spacing=0.08)
    lo, hi = np.percentile(np.r_[real.ravel(), fake.ravel()], [0.5, 99.5])
    bins = dict(start=lo, end=hi, size=(hi - lo) / 40 if hi > lo else 1)
    for x, colour, name in ((real, REAL, "real"), (fake, FAKE, label)):
        fig.add_histogram(
            x=x.ravel(),
            xbins=bins,
            histnorm="probability density",
            marker_color=colour,
            opacity=0.55,
            name=name,
            legendgroup=name,
            row=1,
            col=1,
        )
        fig.add_scatter(
            x=np.arange(1, max_lag + 1),
            y=acf(x, max_lag),
            mode="lines+markers",
            line=dict(color=colour),
            name=name,
            legendgroup=name,
            showlegend=False,
            row=1,
            col=2,
        )
        fig.add_scatter(
            x=np.arange(1, x.shape[1] // 2 + 1),
            y=spectrum(x),
            mode="lines",
            line=dict(color=colour),
            name=name,
            legendgroup=name,
            showlegend=False,
            row=1,
            col=3,
        )
    fig.update_layout(
        barmode="overlay", height=320, margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h", y=-0.15)
    )
    fig.update_xaxes(title_text="scaled value", row=1, col=1)
    fig.update_yaxes(title_text="density", row=1, col=1)
    fig.update_xaxes(title_text="lag", row=1, col=2)
    fig.update_yaxes(title_text="mean autocorrelation", row=1, col=2)
    fig.update_xaxes(title_text="frequency (cycles per window)", row=1, col=3)
    fig.update_yaxes(title_text="mean power", row=1, col=3)
    fig.update_yaxes(type="log", dtick=1, exponentformat="power", row=1, col=3)  # labels at powers of ten only
    return fig


def embedding_map(wmap: WindowMap) -> go.Figure:
    """Real and synthetic windows' embeddings, projected jointly to 2-D (from service.window_map)."""
    if not isinstance(wmap, WindowMap):
        raise TypeError(f"pass a WindowMap (from analysis.series.service.window_map), not {type(wmap).__name__}")
    fig = go.Figure()
    for xy, name, colour in ((wmap.real_xy, "real", REAL), (wmap.fake_xy, wmap.generator, FAKE)):
        fig.add_scattergl(
            x=xy[:, 0], y=xy[:, 1], mode="markers", name=name, marker=dict(size=4, color=colour, opacity=0.5)
        )
    fig.update_layout(
        height=360,
        margin=dict(l=10, r=10, t=30, b=10),
        title=dict(text=wmap.method, font=dict(size=13)),
        legend=dict(orientation="h", y=-0.05),  # below the map: the title stays clear
    )
    fig.update_xaxes(showticklabels=False, title_text=f"{wmap.method} 1")  # a projection's axes have no units
    fig.update_yaxes(showticklabels=False, title_text=f"{wmap.method} 2")
    return fig


def stage_samples(stages: dict[int, np.ndarray], *, k: int = 3) -> go.Figure:
    """k samples from the generator after each growth stage (lengths 8, 16, 32, 64)."""
    if not stages:
        raise TypeError("pass {stage: windows}")
    cols = len(stages)
    fig = make_subplots(
        1,
        cols,
        subplot_titles=[f"stage {s}: {w.shape[1]} steps" for s, w in sorted(stages.items())],
        horizontal_spacing=0.04,
    )
    for c, (_, w) in enumerate(sorted(stages.items())):
        for j in range(min(k, len(w))):
            fig.add_scatter(
                y=w[j],
                mode="lines+markers" if w.shape[1] <= 16 else "lines",
                marker=dict(size=3),
                line=dict(color=FAKE, width=1.2),
                opacity=0.4 + 0.6 * (j == 0),
                showlegend=False,
                row=1,
                col=c + 1,
            )
    fig.update_layout(height=240, margin=dict(l=10, r=10, t=30, b=10))
    return fig


def metrics_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The report's frame for reading: Context-FID (noise = 1), the windows' FID and the classifier's score as
    'mean [low, high]' over seeds (95% t-interval), the rest rounded to one precision."""
    from modeldash.analysis.intervals import mean_interval_text

    def with_ci(col, digits=3):
        return [
            mean_interval_text(m, lo, hi, digits)
            for m, lo, hi in zip(frame[col], frame[f"{col}_lo"], frame[f"{col}_hi"])
        ]

    out = pd.DataFrame({"generator": frame.generator})
    for m in results.METRICS:
        if m.interval:
            out[m.label] = with_ci(m.column, m.digits)
        else:
            out[m.label] = frame[m.column].map(lambda v, d=m.digits: f"{v:.{d}f}")
    out["seeds"] = frame.n_seeds
    return out


def paired_table(claims) -> pd.DataFrame:
    """PSA-GAN against each other generator (analysis.series.claims.series_report_claims): the mean paired log-ratio of
    Context-FID with its t-interval over seeds, the ratio it means, and the verdict."""
    import math

    from modeldash.analysis.intervals import mean_interval_text

    rows = []
    for c in claims:
        rows.append(
            {
                "PSA-GAN against": c.against,
                "log(their Context-FID / PSA-GAN's) [95%]": mean_interval_text(c.estimate, *c.ci, 2),
                "ratio": f"{math.exp(c.estimate):.2f}×",
                "PSA-GAN closer to real?": {"holds": "yes", "does not hold": "no"}.get(c.verdict, "not settled"),
                "seeds": c.n,
            }
        )
    return pd.DataFrame(rows)


def ranking(reports: dict[str, object]) -> go.Figure:
    """Each generator's normalised Context-FID with its seed interval, one marker colour per training budget
    (`reports`: budget label -> SeriesReport): does the order hold at both?"""
    fig = go.Figure()
    colours = ["#4C78A8", "#F58518", "#54A24B"]
    for k, (label, rep) in enumerate(reports.items()):
        f = rep.to_frame()
        f = f[f.generator != "real"]
        fig.add_scatter(
            x=f.context_fid_norm,
            y=f.generator,
            mode="markers",
            name=label,
            marker=dict(size=10, color=colours[k % 3]),
            error_x=dict(
                type="data",
                symmetric=False,
                array=(f.context_fid_norm_hi - f.context_fid_norm).fillna(0),
                arrayminus=(f.context_fid_norm - f.context_fid_norm_lo).fillna(0),
            ),
        )
    fig.update_layout(
        height=90 + 40 * max(len(r.scores) for r in reports.values()),
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis_title="Context-FID (i.i.d. noise = 1; lower is closer to real), 95% interval over seeds",
        legend=dict(orientation="h", y=1.12),
    )
    fig.update_xaxes(type="log")
    fig.update_yaxes(autorange="reversed")
    return fig


def learning_curve(curve, budgets=()) -> go.Figure:
    """Normalised Context-FID against training iterations (log x), one line per variant: the mean over GAN seeds
    with its t-interval, each seed a faint dot; dashed verticals where the zoo's `budgets` sit."""
    from modeldash.analysis.series.service import BUDGET_LABELS
    from modeldash.models.series_psagan_fit import BUDGETS, LABELS

    fig = go.Figure()
    colours = ["#4C78A8", "#F58518", "#54A24B", "#B279A2"]
    s = curve.summary()
    for k, (v, g) in enumerate(s.groupby("variant", sort=False)):
        c = colours[k % len(colours)]
        fig.add_scatter(
            x=g.iterations,
            y=g["mean"],
            mode="lines+markers",
            name=LABELS.get(v, v),
            line=dict(color=c),
            error_y=dict(type="data", symmetric=False, array=(g.hi - g["mean"]).fillna(0),
                         arrayminus=(g["mean"] - g.lo).fillna(0)),
            customdata=g.generator_steps,
            hovertemplate="%{x} iterations (%{customdata} generator steps): %{y:.3f}<extra>" + LABELS.get(v, v) + "</extra>",
        )  # fmt: skip
        r = curve.rows[curve.rows.variant == v]
        fig.add_scatter(
            x=r.iterations, y=r.context_fid_norm, mode="markers", marker=dict(color=c, size=5, opacity=0.35),
            showlegend=False, hovertemplate="seed %{text}: %{y:.3f}<extra></extra>", text=r.seed,
        )  # fmt: skip
    for b in budgets:
        fig.add_vline(
            x=BUDGETS[b].iterations, line_dash="dash", line_color="#888", annotation_text=BUDGET_LABELS[b],
            annotation_position="top",
        )  # fmt: skip
    fig.update_layout(
        height=380,
        margin=dict(l=10, r=10, t=30, b=10),
        xaxis_title="training iterations (the demo schedule stretched: 20 epochs, stages after 5, 10, 15)",
        yaxis_title="Context-FID (noise = 1)",
        legend=dict(orientation="h", y=1.15),
    )
    fig.update_xaxes(type="log")
    return fig
