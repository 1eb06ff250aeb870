"""Figures for the compositional-splits view; each takes a result from analysis.splits.scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from modeldash.analysis.splits.scores import KIND_LABELS, ErrorMap, SplitPicture
from modeldash.analysis.splits.seeds import EASY, HARD, gaps_frame

TRAIN, TEST = "#111111", "#E45756"


def split_scatter(pic: SplitPicture) -> go.Figure:
    """The split as the paper draws it: every (fx, fy) value pair, black when its images are training,
    red when test; a pair with both is drawn as a black dot inside a red ring, sized by its training share."""
    if not isinstance(pic, SplitPicture):
        raise TypeError(f"pass a SplitPicture (from analysis.splits.scores.split_picture), not {type(pic).__name__}")
    yy, xx = np.meshgrid(pic.values_y, pic.values_x, indexing="ij")
    share = pic.train_share.ravel()
    x, y = xx.ravel(), yy.ravel()
    fig = go.Figure()
    test = share < 1
    fig.add_scatter(
        x=x[test],
        y=y[test],
        mode="markers",
        name="test",
        marker=dict(size=13, color="rgba(0,0,0,0)", line=dict(color=TEST, width=2)),
        customdata=share[test],
        hovertemplate=f"{pic.fx} %{{x}}, {pic.fy} %{{y}}<br>training share %{{customdata:.0%}}<extra></extra>",
    )
    train = share > 0
    fig.add_scatter(
        x=x[train],
        y=y[train],
        mode="markers",
        name="train",
        marker=dict(size=2 + 6 * np.sqrt(share[train]), color=TRAIN),
        customdata=share[train],
        hovertemplate=f"{pic.fx} %{{x}}, {pic.fy} %{{y}}<br>training share %{{customdata:.0%}}<extra></extra>",
    )
    fig.update_layout(
        height=360,
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis_title=f"{pic.fx} (value index)",
        yaxis_title=f"{pic.fy} (value index)",
        legend=dict(orientation="h", y=1.08),
    )
    fig.update_xaxes(dtick=1 if len(pic.values_x) <= 12 else None)
    fig.update_yaxes(dtick=1 if len(pic.values_y) <= 12 else None)
    return fig


def r2_heatmap(table: pd.DataFrame, *, title: str = "R² on test") -> go.Figure:
    """Kinds × splits, value printed in each cell; diverging around 0 (R² < 0 is worse than the mean)."""
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise TypeError("pass the kind × split table from analysis.splits.scores.r2_table")
    z = table.to_numpy(dtype=float)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(table.columns),
            y=[KIND_LABELS.get(k, k) for k in table.index],
            text=np.vectorize(lambda v: "" if np.isnan(v) else f"{v:.2f}")(z),
            texttemplate="%{text}",
            zmin=-1,
            zmax=1,
            colorscale="RdBu",
            colorbar=dict(title=""),
            hovertemplate="%{y} · %{x}: %{z:.3f}<extra></extra>",
        )
    )
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=30, b=10), title=dict(text=title, font=dict(size=13)))
    fig.update_yaxes(autorange="reversed")
    return fig


def factor_bars(
    per_factor: dict[str, float], per_factor_train: dict[str, float] | None = None, *, title: str = ""
) -> go.Figure:
    """R² per factor (test, and train when given)."""
    if not isinstance(per_factor, dict) or not per_factor:
        raise TypeError("pass {factor: R²}")
    fig = go.Figure()
    if per_factor_train:
        fig.add_bar(x=list(per_factor_train), y=list(per_factor_train.values()), name="train", marker_color="#9D9D9D")
    fig.add_bar(x=list(per_factor), y=list(per_factor.values()), name="test", marker_color=TEST)
    fig.update_layout(
        height=300,
        margin=dict(l=10, r=10, t=30, b=10),
        barmode="group",
        yaxis_title="R²",
        yaxis_range=[min(-0.5, min(per_factor.values()) - 0.1), 1.05],
        title=dict(text=title, font=dict(size=13)),
        legend=dict(orientation="h", y=-0.2),  # below the bars: the title stays clear
    )
    return fig


def error_heatmap(em: ErrorMap, *, difference: bool = False) -> go.Figure:
    """Mean error per value pair; `difference`: a map of B − A on a diverging scale centred on 0."""
    if not isinstance(em, ErrorMap):
        raise TypeError(f"pass an ErrorMap (from analysis.splits.scores.error_map), not {type(em).__name__}")
    bound = float(np.nanmax(np.abs(em.error))) if np.isfinite(em.error).any() else 1.0
    scale = dict(colorscale="RdBu_r", zmin=-bound, zmax=bound) if difference else dict(colorscale="Reds", zmin=0)
    fig = go.Figure(
        go.Heatmap(
            z=em.error,
            customdata=em.count,
            **scale,
            colorbar=dict(title="B − A" if difference else "error"),
            hovertemplate=f"{em.fx} %{{x}}, {em.fy} %{{y}}<br>{'difference' if difference else 'mean error'} "
            "%{z:.3f} over %{customdata} images<extra></extra>",
        )
    )
    fig.update_layout(
        height=360,
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis_title=f"{em.fx} (value index)",
        yaxis_title=f"{em.fy} (value index)",
    )
    ny, nx = em.error.shape
    fig.update_xaxes(dtick=1 if nx <= 12 else None)  # value indices are whole numbers: no half ticks
    fig.update_yaxes(dtick=1 if ny <= 12 else None)
    return fig


def image_mosaic(images: np.ndarray, captions: list[str], *, cols: int = 6) -> go.Figure:
    """Images (N, C, 64, 64) in [0, 1] as one RGB mosaic (cheap to draw), each with a caption above."""
    if images.ndim != 4 or len(images) != len(captions):
        raise TypeError("pass images (N, C, H, W) and one caption per image")
    n, c, h, w = images.shape
    rows = int(np.ceil(n / cols))
    gap, cap = 4, 18
    mosaic = np.ones((rows * (h + cap + gap), cols * (w + gap), 3))
    fig = go.Figure()
    for i in range(n):
        r, k = divmod(i, cols)
        y0, x0 = r * (h + cap + gap) + cap, k * (w + gap)
        tile = np.repeat(images[i], 3, axis=0) if c == 1 else images[i]
        mosaic[y0 : y0 + h, x0 : x0 + w] = np.transpose(tile, (1, 2, 0))
        fig.add_annotation(
            x=x0 + w / 2, y=y0 - 2, text=captions[i], showarrow=False, yanchor="bottom", font=dict(size=13)
        )
    fig.add_trace(go.Image(z=(mosaic * 255).astype(np.uint8), hoverinfo="skip"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=int(rows * 150) + 20, margin=dict(l=0, r=0, t=0, b=0))
    return fig


def pair_factor_bars(pair) -> go.Figure:
    """Test R² per factor of two models on the same split, side by side."""
    from modeldash.analysis.splits.compare import EvalPair

    if not isinstance(pair, EvalPair):
        raise TypeError(f"pass an EvalPair (from analysis.splits.compare.eval_pair), not {type(pair).__name__}")
    fig = go.Figure(
        [
            go.Bar(x=list(pair.factors), y=pair.r2_per_factor[k], name=name, text=pair.r2_per_factor[k].round(2))
            for k, name in enumerate(pair.names)
        ]
    )
    fig.update_layout(
        barmode="group",
        height=360,
        margin=dict(l=10, r=10, t=30, b=10),
        yaxis_title=f"test R² on {pair.split}",
        legend=dict(orientation="h", y=1.1),
    )
    return fig


def seed_gaps_chart(gaps) -> go.Figure:
    """Per architecture: test R² on the random and the extrapolation split at every training seed (dots), with
    each split's mean and 95% t-interval over seeds (bar with whiskers); from `analysis.splits.seeds.seed_gaps`."""
    if not gaps:
        raise TypeError("pass the SeedGap tuple from analysis.splits.seeds.seed_gaps")
    labels = [KIND_LABELS.get(g.kind, g.kind) for g in gaps]
    dots = gaps_frame(gaps)
    fig = go.Figure()
    for split, colour in ((EASY, TRAIN), (HARD, TEST)):
        means, lo, hi = np.array([g.side(split)[2] for g in gaps]).T
        fig.add_bar(
            x=labels,
            y=means,
            name=f"{split}: mean, 95% interval",
            marker_color=colour,
            opacity=0.35,
            offsetgroup=split,
            error_y=dict(
                type="data", symmetric=False, array=np.nan_to_num(hi - means), arrayminus=np.nan_to_num(means - lo)
            ),
            hovertemplate=f"%{{x}} · {split}: mean %{{y:.3f}}<extra></extra>",
        )
        d = dots[dots.split == split]
        fig.add_scatter(
            x=[KIND_LABELS.get(k, k) for k in d.kind],
            y=d.r2,
            mode="markers",
            name=f"{split}: one training seed",
            marker=dict(color=colour, size=8, line=dict(color="white", width=1)),
            offsetgroup=split,
            customdata=d.seed,
            hovertemplate=f"%{{x}} · {split} · seed %{{customdata}}: R² %{{y:.3f}}<extra></extra>",
        )
    fig.update_layout(
        height=340,
        margin=dict(l=10, r=10, t=10, b=10),
        barmode="group",
        scattermode="group",
        yaxis_title="test R²",
        legend=dict(orientation="h", y=-0.15),
    )
    return fig


def seed_gaps_table(gaps) -> pd.DataFrame:
    """The claim per architecture: each split's mean R² with its interval over seeds, the drop (Welch), and the
    verdict by the claims' rule (drop above 0)."""
    from modeldash.analysis.claims import verdict
    from modeldash.analysis.intervals import mean_interval_text

    return pd.DataFrame(
        [
            {
                "architecture": KIND_LABELS.get(g.kind, g.kind),
                "seeds": g.n_seeds,
                "R² random": mean_interval_text(*g.easy_ci, digits=3),
                "R² extrapolation": mean_interval_text(*g.hard_ci, digits=3),
                "drop": mean_interval_text(*g.gap, digits=3),
                "verdict": verdict("above", (0.0,), g.gap[1:]),
            }
            for g in gaps
        ]
    )
