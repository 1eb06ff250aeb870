"""Figures for the DIVA view; each takes a DivaReport and returns a plotly Figure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from modeldash.analysis.diva.report import DivaReport

CLEAN, FLIPPED, DIVA, RANDOM = "#4C78A8", "#E45756", "#54A24B", "#9D9D9D"


def _check(report):
    if not isinstance(report, DivaReport):
        raise TypeError(f"pass a DivaReport (from analysis.diva.report.diva_report), not {type(report).__name__}")


def extremes(report: DivaReport, *, n: int = 10) -> pd.DataFrame:
    """The n lowest- and n highest-weighted examples as a table: the gallery for a file without images."""
    frame = report.to_frame()
    n = max(1, min(n, len(frame) // 2))
    low, high = frame.head(n).assign(end="lowest"), frame.tail(n).iloc[::-1].assign(end="highest")
    out = pd.concat([low, high], ignore_index=True)
    return out[["end", "example_id", "given_label", "true_label", "flipped", "weight", "derivative"]].round(4)


def weight_gallery(report: DivaReport, *, n: int = 10) -> go.Figure:
    """Top row: the n lowest-weighted training images; bottom row: the n highest. One heatmap of a mosaic
    (cheap to draw); each tile's label reads given label (→ true label when flipped) · weight."""
    _check(report)
    frame = report.to_frame()
    n = max(1, min(n, len(frame) // 2))
    rows = [frame.head(n), frame.tail(n).iloc[::-1]]
    pos = {e: i for i, e in enumerate(report.task.example_ids)}
    h, w = report.task.images.shape[1:]
    gap, label_h = 1, 3  # pixels between tiles and above each row for labels
    tile_w, tile_h = w + gap, h + label_h
    mosaic = np.full((2 * tile_h, n * tile_w), np.nan)
    hover = np.full(mosaic.shape, "", dtype=object)
    fig = go.Figure()
    for i, part in enumerate(rows):
        for j, r in enumerate(part.itertuples()):
            y0, x0 = i * tile_h + label_h, j * tile_w
            mosaic[y0 : y0 + h, x0 : x0 + w] = report.task.images[pos[r.example_id]]
            hover[y0 : y0 + h, x0 : x0 + w] = (
                f"example {r.example_id}<br>given {r.given_label}, true {r.true_label}<br>weight {r.weight:.3f}"
            )
            text = f"{r.given_label}" + (f"→{r.true_label}" if r.flipped else "") + f" · {r.weight:.2f}"
            fig.add_annotation(
                x=x0 + (w - 1) / 2,
                y=y0 - 1.2,
                text=text,
                showarrow=False,
                font=dict(size=11, color=FLIPPED if r.flipped else "#333"),
            )
    fig.add_trace(
        go.Heatmap(
            z=mosaic,
            colorscale="gray_r",
            showscale=False,
            zmin=0,
            zmax=1,
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            hoverongaps=False,
        )
    )
    fig.update_xaxes(visible=False, range=[-0.5, n * tile_w - 0.5])
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", constrain="domain")
    fig.update_layout(
        height=270,
        margin=dict(l=10, r=10, t=40, b=0),
        plot_bgcolor="white",
        title=dict(
            text="Lowest-weighted (top) and highest-weighted (bottom) training examples · label given→true · weight",
            font=dict(size=14),
        ),
    )
    return fig


def weight_histogram(report: DivaReport) -> go.Figure:
    """Distribution of final example weights, clean and flipped labels overlaid."""
    _check(report)
    w, f = report.reweighting.weights, report.task.flipped
    fig = go.Figure()
    bins = dict(start=float(w.min()) - 1e-9, end=float(w.max()) + 1e-9, size=max((w.max() - w.min()) / 40, 1e-3))
    fig.add_trace(
        go.Histogram(x=w[~f], name=f"clean label ({(~f).sum()})", marker_color=CLEAN, xbins=bins, opacity=0.75)
    )
    fig.add_trace(
        go.Histogram(x=w[f], name=f"flipped label ({f.sum()})", marker_color=FLIPPED, xbins=bins, opacity=0.75)
    )
    fig.update_layout(
        barmode="overlay",
        height=330,
        margin=dict(l=10, r=10, t=40, b=10),
        title="Example weights after reweighting",
        xaxis_title="weight α",
        yaxis_title="examples",
        legend=dict(orientation="h", y=-0.25),
    )
    return fig


def removal_plot(report: DivaReport) -> go.Figure:
    """Held-out accuracy after removing the k lowest-weighted examples (refit) vs k random ones (mean ± sd)."""
    _check(report)
    c = report.removal
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=np.r_[c.ks, c.ks[::-1]],
            y=np.r_[c.acc_random + c.acc_random_std, (c.acc_random - c.acc_random_std)[::-1]],
            fill="toself",
            fillcolor="rgba(157,157,157,0.25)",
            line=dict(width=0),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Scatter(x=c.ks, y=c.acc_random, name=f"random (mean of {c.n_random})", line=dict(color=RANDOM, dash="dash"))
    )
    fig.add_trace(go.Scatter(x=c.ks, y=c.acc_lowest, name="lowest weight first", line=dict(color=DIVA, width=3)))
    fig.add_hline(
        y=report.acc_clean_oracle,
        line=dict(color=CLEAN, dash="dot"),
        annotation_text="all flipped removed",
        annotation_position="bottom right",
    )
    fig.update_layout(
        height=330,
        margin=dict(l=10, r=10, t=40, b=10),
        title="Remove k examples, refit",
        xaxis_title="examples removed",
        yaxis_title="clean test accuracy",
        yaxis_tickformat=".1%",
        legend=dict(orientation="h", y=-0.25),
    )
    return fig


def extend_plot(report: DivaReport) -> go.Figure:
    """Held-out accuracy as the core set grows: DIVA's Extend against random additions."""
    _check(report)
    e = report.extension
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=e.sizes_random, y=e.acc_random, name="random additions", line=dict(color=RANDOM, dash="dash"))
    )
    fig.add_trace(
        go.Scatter(
            x=e.sizes_diva,
            y=e.acc_diva,
            name="DIVA Extend",
            mode="lines+markers",
            line=dict(color=DIVA, width=3),
            marker=dict(size=4),
        )
    )
    fig.update_layout(
        height=330,
        margin=dict(l=10, r=10, t=40, b=10),
        title=f"Extend a core of {e.n_core} from a pool of {e.n_pool}",
        xaxis_title="training examples",
        yaxis_title="clean test accuracy",
        yaxis_tickformat=".1%",
        legend=dict(orientation="h", y=-0.25),
    )
    return fig


def pair_scatter(pair) -> go.Figure:
    """Each example's weight in run A (x) against run B (y), coloured by whether its label was flipped in either
    run; the diagonal is agreement."""
    from modeldash.analysis.diva.compare import RunPair

    if not isinstance(pair, RunPair):
        raise TypeError(f"pass a RunPair (from analysis.diva.compare.run_pair), not {type(pair).__name__}")
    a, b = pair.names
    flipped = pair.flipped.any(0)
    fig = go.Figure()
    for mask, name, colour in ((~flipped, "clean in both", CLEAN), (flipped, "flipped in a run", FLIPPED)):
        fig.add_trace(
            go.Scattergl(
                x=pair.weights[0, mask],
                y=pair.weights[1, mask],
                mode="markers",
                marker=dict(color=colour, size=5, opacity=0.6),
                name=name,
                customdata=pair.example_ids[mask],
                hovertemplate="example %{customdata}<br>" + f"{a}: " + "%{x:.2f}<br>" + f"{b}: " + "%{y:.2f}",
            )
        )
    lo, hi = float(pair.weights.min()), float(pair.weights.max())
    fig.add_trace(go.Scatter(x=[lo, hi], y=[lo, hi], mode="lines", line=dict(color=RANDOM, dash="dot"), name="equal"))
    fig.update_layout(
        xaxis_title=f"weight ({a})",
        yaxis_title=f"weight ({b})",
        height=380,
        margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", y=1.08),
    )
    return fig
