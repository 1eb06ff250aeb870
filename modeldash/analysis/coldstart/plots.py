"""Figures for the cold-start view; each takes a result from analysis.coldstart.study and returns a Figure."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from modeldash.analysis.coldstart.study import ColdStartReport, EmbeddingMap, NodeInspection

PALETTE = qualitative.Safe + qualitative.Set3
MODEL_COLOURS = {
    "GCN + SE (teacher)": "#4C78A8",
    "GCN": "#9ECAE9",
    "GraphSAGE": "#72B7B2",
    "MLP": "#9D9D9D",
    "Cold Brew (student)": "#E45756",
    "Label propagation": "#EECA3B",
}
GROUP_TITLES = {"acc_head": "head", "acc_tail": "tail", "acc_isolated": "isolated", "acc_all": "all held-out"}


def _need(obj, cls, hint: str):
    if not isinstance(obj, cls):
        raise TypeError(f"pass a {cls.__name__} ({hint}), not {type(obj).__name__}")


def group_accuracy_bars(report: ColdStartReport) -> go.Figure:
    """Grouped bars: accuracy (%) per node group, one bar per model, error bars = the 95% t-interval over seeds."""
    _need(report, ColdStartReport, "from analysis.coldstart.study")
    s = report.summary()
    fig = go.Figure()
    groups = list(GROUP_TITLES)
    for _, row in s.iterrows():
        fig.add_bar(
            name=row["label"],
            x=[GROUP_TITLES[g] for g in groups],
            y=[row[g] for g in groups],
            error_y=dict(
                type="data",
                array=[row[f"{g}_hi"] - row[g] for g in groups],
                arrayminus=[row[g] - row[f"{g}_lo"] for g in groups],
                visible=bool(row["seeds"] > 1),
            ),
            marker_color=MODEL_COLOURS.get(row["label"]),
            hovertemplate="%{x}: %{y:.1f}%<extra>" + row["label"] + "</extra>",
        )
    fig.update_layout(
        barmode="group",
        height=380,
        margin=dict(l=10, r=10, t=30, b=10),
        yaxis=dict(title="accuracy (%)", range=[0, 100]),
        legend=dict(orientation="h", y=-0.15),
        title=dict(
            text=f"mean over {report.seeds} seed{'s' * (report.seeds > 1)}"
            + (", 95% interval" if report.seeds > 1 else ""),
            font=dict(size=13),
        ),
    )
    return fig


def embedding_scatter(emap: EmbeddingMap, class_names: list[str] | None = None) -> go.Figure:
    """Teacher embedding and student estimate side by side, coloured by class; isolated nodes ringed."""
    _need(emap, EmbeddingMap, "from analysis.coldstart.study.embedding_map")
    panels = [(f"teacher GCN + SE ({emap.method})", emap.teacher_xy)]
    panels.append((f"Cold Brew student, part 1 ({emap.method})", emap.student_xy))
    if emap.yours_xy is not None:
        panels.append((f"{emap.yours_name} (yours, {emap.method})", emap.yours_xy))
    fig = make_subplots(1, len(panels), subplot_titles=[t for t, _ in panels], horizontal_spacing=0.05)
    classes = np.unique(emap.labels)
    for col, xy in enumerate((xy for _, xy in panels), start=1):
        for c in classes:
            m = emap.labels == c
            name = class_names[c] if class_names else f"class {c}"
            fig.add_scattergl(
                x=xy[m, 0],
                y=xy[m, 1],
                mode="markers",
                name=name,
                legendgroup=name,
                showlegend=col == 1,
                marker=dict(size=4, color=PALETTE[c % len(PALETTE)], opacity=0.6),
                customdata=emap.nodes[m],
                hovertemplate="node %{customdata}<extra>" + name + "</extra>",
                row=1,
                col=col,
            )
        iso = emap.group == "isolated"
        fig.add_scattergl(
            x=xy[iso, 0],
            y=xy[iso, 1],
            mode="markers",
            name="isolated (cold start)",
            legendgroup="iso",
            showlegend=col == 1,
            marker=dict(size=9, color="rgba(0,0,0,0)", line=dict(color="black", width=1.5)),
            customdata=emap.nodes[iso],
            hovertemplate="isolated node %{customdata}<extra></extra>",
            row=1,
            col=col,
        )
    fig.update_xaxes(showticklabels=False, title_text=f"{emap.method} 1")  # a projection's axes have no units
    fig.update_yaxes(showticklabels=False, title_text=f"{emap.method} 2")
    fig.update_layout(height=420, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.05))
    return fig


def neighbourhood(insp: NodeInspection, *, cold: bool = False, seed: int = 0) -> go.Figure:
    """The node's 2-hop neighbourhood (spring layout). Dotted grey: edges cut before training (the isolated
    group's); with `cold`, the node's remaining edges are drawn dotted red (removed by the toggle)."""
    import networkx as nx

    _need(insp, NodeInspection, "from analysis.coldstart.study.inspect_node")
    g = nx.Graph()
    g.add_nodes_from(insp.sub_nodes.tolist())
    g.add_edges_from(insp.sub_edges.T.tolist())
    pos = nx.spring_layout(g, seed=seed)
    fig = go.Figure()
    own = (insp.sub_edges == insp.node).any(0) & ~insp.sub_cut
    layers = (
        (~own & ~insp.sub_cut, "solid", "#bbbbbb", 1),
        (insp.sub_cut, "dot", "#999999", 1.5),
        (own, "dot" if cold else "solid", "#E45756" if cold else "#555555", 2),
    )
    for mask, dash, colour, width in layers:
        xs, ys = [], []
        for u, v in insp.sub_edges.T[mask]:
            xs += [pos[u][0], pos[v][0], None]
            ys += [pos[u][1], pos[v][1], None]
        fig.add_scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", line=dict(color=colour, width=width, dash=dash))
    xy = np.array([pos[n] for n in insp.sub_nodes])
    fig.add_scatter(
        x=xy[:, 0],
        y=xy[:, 1],
        mode="markers",
        name="nodes",
        customdata=insp.sub_nodes,
        text=[f"class {c}" for c in insp.sub_labels],
        marker=dict(
            size=[18] + [9] * (len(xy) - 1),
            symbol=["star"] + ["circle"] * (len(xy) - 1),
            color=[PALETTE[c % len(PALETTE)] for c in insp.sub_labels],
            line=dict(color="black", width=[2] + [0.5] * (len(xy) - 1)),
        ),
        hovertemplate="node %{customdata} · %{text}<extra></extra>",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=10, b=10), showlegend=False)
    return fig
