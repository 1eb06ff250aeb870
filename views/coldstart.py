"""Cold-start graphs: Cold Brew's GNN teacher distilled into an MLP student (Zheng et al., ICLR 2022)."""

import numpy as np
import streamlit as st

from data.coldstart_outputs import CONTRACT as OUTPUTS_CONTRACT
from data.coldstart_outputs import MAX_BYTES as OUTPUTS_MAX_BYTES
from ui import cache, widgets
from ui.registry import BY_TASK

st.title(BY_TASK["coldstart"].heading)
widgets.intro(
    "coldstart",
    "A GNN needs a node's edges; in real graphs many nodes have few (**tail**) or none (**isolated**, the "
    "strict cold start). Cold Brew trains a GCN **teacher** with a free structural embedding per node, then an "
    "MLP **student** that estimates the teacher's embedding from features alone, looks up its closest teacher "
    "embeddings as *virtual neighbours*, and classifies from both, so it needs no edges. Which models hold up "
    "when the edges are gone, and what do they lose on well-connected nodes?",
)

path = cache.zoo_ref()  # the zoo folder and a stamp of its files: the key of every cached result
graphs = cache.coldstart_graphs(path)
options = graphs + ["custom-sbm", "upload"]
widgets.init_from_query("cold_graph", options[0], widgets.one_of(options, str))
widgets.init_from_query("cold_proj", "PCA", widgets.one_of(["PCA", "t-SNE"], str))
widgets.init_from_query("cold_group", "isolated", widgets.one_of(["isolated", "tail", "head"], str))
widgets.init_from_query("cold_pick", 0, widgets.bounded(0, 100_000, int))
widgets.init_from_query("cold_toggle", False, lambda s: s == "True")

LABELS = {
    "cora": "Cora (citations)",
    "dc-sbm": "Synthetic DC-SBM",
    "custom-sbm": "Synthetic DC-SBM, your settings…",
    "upload": "Upload a .npz graph…",
}
c = st.columns([1, 3])
choice = c[0].selectbox("Graph", options, key="cold_graph", format_func=lambda g: LABELS.get(g, g))
widgets.write_query("cold_graph")
if choice in ("custom-sbm", "upload"):
    with c[1].form("cold_train_form", border=False):
        f = st.columns(4)
        seeds = f[0].slider("Seeds", 1, 3, 1, key="cold_seeds", help="each seed retrains every model (~15 s on Cora)")
        scheme = f[1].selectbox(
            "Node groups",
            ["median", "decile"],
            key="cold_scheme",
            help="median: the official code's repeated median cuts (1/32 of the nodes per "
            "group); decile: the paper's wording, 10% per group",
        )
        if choice == "custom-sbm":
            low = f[2].slider(
                "Low-degree share",
                0.0,
                0.9,
                0.3,
                0.05,
                key="cold_low",
                help="share of nodes whose degree propensity is cut to a tenth",
            )
            hom = f[3].slider(
                "Homophily", 0.2, 1.0, 0.8, 0.05, key="cold_homophily", help="expected share of edges within a class"
            )
        else:
            up = st.file_uploader(
                "Graph in the sparse .npz layout (adj_data, adj_indices, adj_indptr, adj_shape, "
                "attr_data, attr_indices, attr_indptr, attr_shape, labels; up to 50 MB)",
                type=["npz"],
                key="cold_upload",
            )
        if st.form_submit_button("Train and analyse", type="primary"):
            if choice == "custom-sbm":
                st.session_state["cold_custom_key"] = cache.sbm_key(low, hom, seeds, scheme)
            elif up is not None:
                st.session_state["cold_upload_key"] = cache.remember_graph_upload(up.getvalue(), up.name, seeds, scheme)
    graph_key = st.session_state.get("cold_custom_key" if choice == "custom-sbm" else "cold_upload_key")
    if graph_key is None:
        st.info(
            "Choose the settings and press *Train and analyse*: the teacher, the student and the baselines "
            "are trained here with quick settings (50 epochs). In an uploaded file, object arrays (such as "
            "idx_to_node) are skipped, never unpickled."
        )
        st.stop()
else:
    graph_key = choice
    if not graphs:
        st.warning("No cold-start models in the zoo: train them with `python -m models.train coldstart`.")
        st.stop()

record = cache.coldstart_record(graph_key)  # a zoo graph's recorded accuracies: no model loaded yet

from analysis.coldstart import plots, readings
from analysis.coldstart.study import PAPER_ISOLATED

g, sp, rep = record.graph, record.split, record.report
m = st.columns(5)
m[0].metric("Nodes", f"{g.n_nodes:,}")
m[1].metric("Edges", f"{g.n_edges:,}")
m[2].metric("Isolated · tail · head", f"{rep.n_isolated} · {rep.n_tail} · {rep.n_head}")
fcr = rep.fcr()
m[3].metric(
    "Feature contribution ratio",
    "n/a" if fcr != fcr else f"{100 * fcr:.1f}%",
    help="δ_L / (δ_M + δ_L) with δ_M = GCN − MLP and δ_L = GCN − label propagation test accuracy",
)
m[4].metric("Seeds", rep.seeds)

with st.expander("Your own model's outputs on this graph"):
    outputs_key = widgets.upload_key(
        st,
        f"Outputs: {OUTPUTS_CONTRACT}",
        ["npz"],
        "cold_out",
        cache.COLD_OUTPUTS_STATE,
        None,
        OUTPUTS_MAX_BYTES,
    )
    st.caption(
        "Score any model on this view's node groups: train it on the view's split — the isolated group's edges "
        "cut, the groups and the test nodes held out — which "
        f"`python -m analysis coldstart --groups {graph_key if graph_key in graphs else 'NAME'} --out groups.npz` "
        "writes (node ids of head, tail, isolated, train, val, test and the edge_index left after the cut; "
        "`--graph NAME --predictions FILE.npz` prints the rows). Its row appears beside the bundled models "
        "(one seed) and its prediction in the node inspector."
    )
outputs = cache.coldstart_outputs(graph_key, outputs_key) if outputs_key else None
if outputs is not None:
    from analysis.coldstart.service import with_outputs

    rep = with_outputs(rep, sp, [outputs])

st.subheader("Accuracy per node group")
st.plotly_chart(plots.group_accuracy_bars(rep), width="stretch", key="cold_bars")
widgets.reading(readings.headline(rep))
if graph_key in graphs:  # a zoo graph: its recorded accuracies
    widgets.report_button("coldstart", graph=graph_key)
table = rep.summary()
shown = table[["label"]].copy()
for col, name in (
    ("acc_head", "head"),
    ("acc_tail", "tail"),
    ("acc_isolated", "isolated"),
    ("acc_test", "test"),
    ("acc_all", "all held-out"),
):
    shown[name] = [
        f"{a:.1f} ± {s:.1f}" if k > 1 else f"{a:.1f}"
        for a, s, k in zip(table[col], table[f"{col}_std"], table["seeds"])
    ]
st.dataframe(shown, hide_index=True, width="stretch")
origin = st.empty()  # a zoo graph's re-evaluation is said here once its models are loaded, below
st.caption(
    "Protocol: the head, tail and isolated groups ({sp.scheme} cuts of the degree as in the official "
    "code; ties broken at random) are held out of training; the isolated group's edges are removed. The other "
    f"nodes are split 60/20/20 per class into train / validation / test ({rep.n_train} / {rep.n_val} / "
    f"{rep.n_test}); every model is kept at its epoch of best "
    "validation accuracy; 'all held-out' is test plus the three groups. Label propagation sees labels only, so on "
    "a node without edges it falls back to the majority class. Simplified for a CPU: "
    f"{record.epochs} full-batch epochs per model ({record.student_epochs} per part of the student) "
    "without the official code's residual and batch-norm tricks, and the student's virtual neighbours are "
    "computed once after its first part is trained."
)
with st.expander("The paper's numbers, for reference"):
    st.markdown(
        "Isolated-node accuracy (%) in Cold Brew's Table 3 (Cora / Citeseer): "
        + "; ".join(f"{k} {a} / {b}" for k, (a, b) in PAPER_ISOLATED.items())
        + ". Their split and GCN differ from ours; "
        "compare the ordering, not the digits."
    )
st.download_button(
    "Download per-seed accuracies (CSV)",
    rep.rows.to_csv(index=False).encode(),
    file_name=f"coldstart_{rep.dataset}.csv",
    mime="text/csv",
    key="cold_download",
)

bundle = cache.coldstart_bundle(graph_key)  # seed 0's models (PyTorch, PyG), after the first chart is out
gap = bundle.live_gap
origin.caption(
    f"Recorded when the zoo was trained ({rep.seeds} seeds); the seed-0 checkpoints were re-evaluated on "
    "load and " + ("match the record exactly." if gap == 0 else f"differ from it by at most {gap:.2f} points.")
    if bundle.origin == "zoo"
    else f"Trained here on {g.source or g.name} with quick settings ({rep.seeds} seed{'s' * (rep.seeds > 1)})."
)

st.subheader("Teacher and student embeddings")
proj = st.radio(
    "Projection",
    ["PCA", "t-SNE"],
    horizontal=True,
    key="cold_proj",
    help="t-SNE runs on up to 1,500 nodes (every group node kept) and takes a few seconds",
)
widgets.write_query("cold_proj")
method = "pca" if proj == "PCA" else "tsne"
if outputs is not None and outputs.embeddings is not None:
    emap = cache.coldstart_map_with_yours(graph_key, path, method, outputs_key)  # a third panel: yours
else:
    emap = cache.coldstart_embedding_map(graph_key, path, method)
st.plotly_chart(plots.embedding_scatter(emap), width="stretch", key="cold_map")
st.caption(
    "Left: the teacher's embedding (its layers' pre-activation outputs, concatenated). Right: the "
    "student's estimate of it from features alone. Ringed: isolated nodes, which the teacher sees "
    "without any neighbour."
    + (" Third: your model's embeddings, projected the same way." if emap.yours_xy is not None else "")
)

st.subheader("Node inspector")
c = st.columns([1, 1, 2])
group = c[0].selectbox("Group", ["isolated", "tail", "head"], key="cold_group")
ids = getattr(sp, group)
st.session_state["cold_pick"] = min(int(st.session_state["cold_pick"]), len(ids) - 1)  # this group's range
pick = c[1].number_input(f"Node (0–{len(ids) - 1} within the group)", 0, len(ids) - 1, key="cold_pick")
cold = c[2].toggle("Cold start: remove this node's edges", key="cold_toggle")
widgets.write_query("cold_group", "cold_pick", "cold_toggle")
node = int(ids[int(pick)])
insp = cache.coldstart_inspection(graph_key, path, node)
left, right = st.columns(2)  # half the width for the table, so its four columns show in full
left.plotly_chart(plots.neighbourhood(insp, cold=cold), width="stretch", key="cold_nbhd")
with right:
    st.markdown(
        f"**Node {node}** · true class {insp.label} · {insp.group} · degree {insp.degree} in the graph "
        f"the models saw (originally {insp.original_degree})"
    )
    pred = insp.predictions

    def cell(c, p):
        return [f"{'✓' if a == insp.label else '✗'} class {a} ({q:.2f})" for a, q in zip(pred[c], pred[p])]

    view = pred[["model"]].assign(**{"with its edges": cell("pred_with", "p_with")})
    if cold:
        view["edges removed"] = cell("pred_cold", "p_cold")
        view["changed"] = pred["changed"].map({True: "yes", False: ""})
    if outputs is not None:  # a researcher's outputs: one prediction per node (no version without its edges)
        p = np.exp(outputs.logits[node] - outputs.logits[node].max())
        a, q = int(p.argmax()), float(p.max() / p.sum())
        mine = f"{'✓' if a == insp.label else '✗'} class {a} ({q:.2f})"
        view.loc[len(view)] = [f"{outputs.name} (yours)", mine] + ["—", ""] * cold
    st.dataframe(view, hide_index=True, width="stretch")
    st.caption(
        "The MLP and the Cold Brew student read features only, so removing edges cannot change them; "
        "the GNNs lose what the neighbours told them. In the drawing, the star is the inspected node; dotted grey "
        "edges were cut before training (the isolated group's); with the toggle on, the node's own edges turn "
        "dotted red. " + cache.coldstart_predictions(graph_key, path)[1].sentence()
    )
