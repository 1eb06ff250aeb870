"""Cold-start graphs: Cold Brew's GNN teacher distilled into an MLP student (Zheng et al., ICLR 2022)."""

import numpy as np
import pandas as pd
import streamlit as st

from modeldash.data.coldstart_outputs import CONTRACT as OUTPUTS_CONTRACT
from modeldash.data.coldstart_outputs import MAX_BYTES as OUTPUTS_MAX_BYTES
from modeldash.ui import widgets
from modeldash.ui.cache import coldstart as cache
from modeldash.ui.cache import common
from modeldash.ui.registry import by_task

st.title(by_task("coldstart").heading)
widgets.intro(
    "coldstart",
    "A GNN needs a node's edges; in real graphs many nodes have few (**tail**) or none (**isolated**, the "
    "strict cold start). Cold Brew trains a GCN **teacher** with a free structural embedding per node, then an "
    "MLP **student** that estimates the teacher's embedding from features alone, looks up its closest teacher "
    "embeddings as *virtual neighbours*, and classifies from both, so it needs no edges. Which models hold up "
    "when the edges are gone, and what do they lose on well-connected nodes?",
)

path = common.zoo_ref()  # the zoo folder and a stamp of its files: the key of every cached result
PROTOCOLS = {
    "paper": "Paper's (official training nodes)",
    "ours": "Ours (60/20/20 outside the groups)",
}
UNDER = {
    "paper": "the paper's protocol (official training nodes)",
    "ours": "our protocol (60/20/20 outside the groups)",
}
widgets.init_from_query("cold_protocol", "paper", widgets.one_of(list(PROTOCOLS), str))
graphs = sorted(set(cache.coldstart_graphs(path, "paper")) | set(cache.coldstart_graphs(path, "ours")))
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
c = st.columns([1, 1])
choice = c[0].selectbox("Graph", options, key="cold_graph", format_func=lambda g: LABELS.get(g, g))
protocol = c[1].selectbox(
    "Protocol",
    list(PROTOCOLS),
    key="cold_protocol",
    format_func=PROTOCOLS.get,
    help="Paper's: the official code's training nodes (Cora: its first 600 nodes, every other node tested; other "
    "graphs: 20 labels per class, 500 validation, 1,000 test) and its settings, group nodes scored outside the "
    "training set. Ours: every group node held out, the rest split 60/20/20 per class, so the models see far "
    "more labels.",
)
if choice in ("custom-sbm", "upload"):
    # the training form's settings come from the URL too, so a link can start the same run
    widgets.init_from_query("cold_seeds", 3, widgets.bounded(1, 5, int))
    widgets.init_from_query("cold_budget", "full", widgets.one_of(["full", "quick"], str))
    widgets.init_from_query("cold_scheme", "official", widgets.one_of(["official", "median", "decile"], str))
    widgets.init_from_query("cold_low", 0.3, widgets.bounded(0.0, 0.9))
    widgets.init_from_query("cold_homophily", 0.8, widgets.bounded(0.2, 1.0))
    with st.form("cold_train_form", border=False):
        f = st.columns(5)
        seeds = f[0].slider(
            "Seeds", 1, 5, key="cold_seeds", help="each seed retrains every model (~2 min on Cora, paper's protocol)"
        )
        budget = f[4].selectbox(
            "Training",
            ["full", "quick"],
            key="cold_budget",
            format_func={"full": "Full", "quick": "Quick"}.get,
            help="full: the protocol's settings; quick (a smoke test): a tenth of the steps (the paper's protocol) or "
            "50 epochs (ours), too short to compare models",
        )
        scheme = f[1].selectbox(
            "Node groups",
            ["official", "median", "decile"],
            key="cold_scheme",
            help="official: the released code's repeated median cuts of the degree values, ties kept (on Cora 534 "
            "isolated nodes); median: the same cuts on ranks, ties broken at random, 1/32 of the nodes per group; "
            "decile: the paper's wording, 10% per group",
        )
        if choice == "custom-sbm":
            low = f[2].slider(
                "Low-degree share",
                0.0,
                0.9,
                step=0.05,
                key="cold_low",
                help="share of nodes whose degree propensity is cut to a tenth",
            )
            hom = f[3].slider(
                "Homophily", 0.2, 1.0, step=0.05, key="cold_homophily", help="expected share of edges within a class"
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
                st.session_state["cold_custom_key"] = cache.sbm_key(
                    low, hom, seeds, scheme, protocol, budget == "quick"
                )
            elif up is not None:
                st.session_state["cold_upload_key"] = cache.remember_graph_upload(
                    up.getvalue(), up.name, seeds, scheme, protocol, budget == "quick"
                )
    graph_key = st.session_state.get("cold_custom_key" if choice == "custom-sbm" else "cold_upload_key")
    if graph_key is None:
        st.info(
            "Choose the settings and press *Train and analyse*: the teacher, the student (with and without "
            "virtual neighbours) and the baselines are trained as a job with the protocol's full settings "
            "(the paper's: 1,500 steps each), one run per seed. In an uploaded file, object arrays (such as "
            "idx_to_node) are skipped, never unpickled."
        )
        widgets.stop()
else:
    if choice not in cache.coldstart_graphs(path, protocol):
        st.warning(
            f"The zoo has no models for {LABELS.get(choice, choice)} under the {protocol} protocol: train them "
            "with `python -m modeldash.models.train coldstart`."
        )
        widgets.stop()
    graph_key = cache.coldstart_zoo_key(choice, protocol)

zoo_graph = choice in graphs
record = cache.coldstart_record(graph_key)  # a zoo graph's recorded accuracies: no model loaded yet

from modeldash.analysis.coldstart import plots, readings
from modeldash.analysis.coldstart.study import PAPER_ISOLATED
from modeldash.analysis.intervals import mean_interval_text

g, sp, rep = record.graph, record.split, record.report
m = st.columns(5)
m[0].metric("Nodes", f"{g.n_nodes:,}")
m[1].metric("Edges", f"{g.n_edges:,}")
m[2].metric(
    "Isolated · tail · head",
    f"{rep.n_isolated} · {rep.n_tail} · {rep.n_head}",
    help="nodes scored in each group: its nodes outside the training set (the paper's protocol trains on some)",
)
fcr = rep.fcr()
m[3].metric(
    "Feature contribution ratio",
    "n/a" if fcr != fcr else f"{100 * fcr:.1f}%",
    help="δ_L / (δ_M + δ_L) with δ_M = GCN − MLP and δ_L = GCN − label propagation test accuracy",
)
m[4].metric("Seeds", rep.seeds)

with st.expander("Your own model's outputs on this graph", expanded="cold_out_upload_key" in st.session_state):
    outputs_key = widgets.upload_key(
        st,
        f"Outputs: {OUTPUTS_CONTRACT}",
        ["npz"],
        "cold_out",
        common.COLD_OUTPUTS_STATE,
        None,
        OUTPUTS_MAX_BYTES,
    )
    st.caption(
        "Score any model on this view's node groups: train it on the view's split — the isolated group's edges "
        "cut, the groups and the test nodes held out — which "
        f"`python -m modeldash coldstart --groups {choice if zoo_graph else 'NAME'} --protocol {protocol} "
        "--out groups.npz` "
        "writes (node ids of head, tail, isolated, train, val, test and the edge_index left after the cut; "
        "`--graph NAME --predictions FILE.npz` prints the rows). Its row appears beside the bundled models "
        "(one seed) and its prediction in the node inspector."
    )
    outputs = widgets.optional_file(st, outputs_key, lambda: cache.coldstart_outputs(graph_key, outputs_key))
    outputs_key = outputs_key if outputs is not None else None  # a bad file: the page goes on without it
if outputs is not None:
    from modeldash.analysis.coldstart.service import with_outputs

    rep = with_outputs(rep, sp, [outputs])

st.subheader("Accuracy per node group")
if rep.can_release:
    widgets.init_from_query("cold_scoring", "eval", widgets.one_of(["eval", "released"], str))
    scoring = st.radio(
        "Scoring",
        ["eval", "released"],
        horizontal=True,
        key="cold_scoring",
        format_func={"eval": "Every model in evaluation mode", "released": "As the released code scores it"}.get,
        help="The released code scores its GCNs' node groups inside a training step: training mode, dropout on, "
        "with dropout on the logits; the student and the MLP in evaluation mode. Choose it to see how that scoring "
        "drags the GCN down (towards and past the paper's GCN figures); the evaluation-mode comparison is the honest one.",
    )
    if scoring == "released":
        rep = rep.released()
widgets.chart(st, plots.group_accuracy_bars(rep), key="cold_bars")
widgets.reading(readings.headline(rep))
other = {"paper": "ours", "ours": "paper"}[protocol]
comparable = zoo_graph and choice in cache.coldstart_graphs(path, other)  # the same graph under the other protocol
if comparable:  # the comparison below, bound here so the report sees a link's choice too
    widgets.init_from_query("cold_compare", "—", widgets.one_of(["—", other], str))
if zoo_graph and protocol == "paper":  # a zoo graph: its recorded accuracies
    widgets.report_button("coldstart", graph=choice, compare=st.session_state.get("cold_compare", "—") == "ours")
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
        mean_interval_text(a, lo, hi) for a, lo, hi in zip(table[col], table[f"{col}_lo"], table[f"{col}_hi"])
    ]
st.dataframe(shown, hide_index=True, width="stretch")
st.caption(
    f"Accuracy (%), mean over {rep.seeds} training seed{'s' * (rep.seeds > 1)} with its 95% t-interval in brackets "
    "(none from one seed)."
)
origin = st.empty()  # a zoo graph's re-evaluation is said here once its models are loaded, below
st.caption(readings.protocol_text(rep, record.epochs, record.student_epochs))
with st.expander("The paper's numbers, and what the released code does differently"):
    st.markdown(
        "Isolated-node accuracy (%) in Cold Brew's Table 3 (Cora / Citeseer): "
        + "; ".join(f"{k} {a} / {b}" for k, (a, b) in PAPER_ISOLATED.items())
        + ".\n\n"
        + readings.audit(record.report)
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
    else f"Trained here on {g.source or g.name} with the {rep.protocol} protocol's "
    + ("quick settings (a smoke test, too short to compare models)" if bundle.quick else "full settings")
    + f" ({rep.seeds} seed{'s' * (rep.seeds > 1)})."
)

st.subheader("Teacher and student embeddings")
proj = st.radio(
    "Projection",
    ["PCA", "t-SNE"],
    horizontal=True,
    key="cold_proj",
    help="t-SNE runs on up to 1,500 nodes (every group node kept) and takes a few seconds",
)
method = "pca" if proj == "PCA" else "tsne"
if outputs is not None and outputs.embeddings is not None:
    emap = cache.coldstart_map_with_yours(graph_key, path, method, outputs_key)  # a third panel: yours
else:
    emap = cache.coldstart_embedding_map(graph_key, path, method)
widgets.chart(st, plots.embedding_scatter(emap), key="cold_map")
st.caption(
    "Left: the teacher's embedding (its layers' pre-activation outputs, concatenated). Right: the "
    "student's estimate of it from features alone. Ringed: isolated nodes, which the teacher sees "
    "without any neighbour."
    + (" Third: your model's embeddings, projected the same way." if emap.yours_xy is not None else "")
)
compare = "—"
if comparable:
    if st.session_state["cold_compare"] not in ("—", other):
        st.session_state["cold_compare"] = "—"
    compare = st.selectbox(
        "Compare with",
        ["—", other],
        key="cold_compare",
        format_func=lambda k: "— (none)" if k == "—" else f"the models trained under {UNDER[k]}",
        help="the same graph's teacher and student trained under the other protocol: their maps aligned onto "
        "these by Procrustes, and their predictions in the node inspector",
    )
key_b = cache.coldstart_zoo_key(choice, compare) if compare != "—" else None
if key_b:
    from modeldash.analysis.coldstart.study import map_pair

    pair = map_pair(emap, cache.coldstart_embedding_map(key_b, path, method), (protocol, compare))
    widgets.chart(st, plots.embedding_scatter(pair.second), key="cold_map_b")
    widgets.reading(
        f"Above: the models trained under {UNDER[compare]}, their layouts rotated, scaled and moved onto "
        f"the {protocol} protocol's by Procrustes. What is left after aligning is {100 * pair.residual[0]:.0f}% "
        f"of the teacher layout's spread and {100 * pair.residual[1]:.0f}% of the student's (0%: the same layout)."
    )

st.subheader("Node inspector")
c = st.columns([1, 1, 2])
group = c[0].selectbox("Group", ["isolated", "tail", "head"], key="cold_group")
ids = getattr(sp, group)
st.session_state["cold_pick"] = min(int(st.session_state["cold_pick"]), len(ids) - 1)  # this group's range
pick = c[1].number_input(f"Node (0–{len(ids) - 1} within the group)", 0, len(ids) - 1, key="cold_pick")
cold = c[2].toggle("Cold start: remove this node's edges", key="cold_toggle")
node = int(ids[int(pick)])
insp = cache.coldstart_inspection(graph_key, path, node)
left, right = st.columns(2)  # half the width for the table, so its four columns show in full
widgets.chart(left, plots.neighbourhood(insp, cold=cold), key="cold_nbhd")
with right:
    st.markdown(
        f"**Node {node}** · true class {insp.label} · {insp.group} · degree {insp.degree} in the graph "
        f"the models saw (originally {insp.original_degree})"
    )

    def mark(a: int, q: float) -> str:
        return f"{'✓' if a == insp.label else '✗'} class {a} ({q:.2f})"

    def rows(pred: pd.DataFrame, suffix: str = "") -> pd.DataFrame:
        def cell(c, q):
            return [mark(a, x) for a, x in zip(pred[c], pred[q])]

        out = pd.DataFrame(
            {"model": [m + suffix for m in pred["model"]], "with its edges": cell("pred_with", "p_with")}
        )
        if cold:
            out["edges removed"] = cell("pred_cold", "p_cold")
            out["changed"] = pred["changed"].map({True: "yes", False: ""}).to_numpy()
        return out

    view = rows(insp.predictions)
    if key_b:  # the other protocol's models on the same node
        view = pd.concat(
            [view, rows(cache.coldstart_inspection(key_b, path, node).predictions, f" ({compare})")], ignore_index=True
        )
    if outputs is not None:  # a researcher's outputs: one prediction per node (no version without its edges)
        p = np.exp(outputs.logits[node] - outputs.logits[node].max())
        mine = mark(int(p.argmax()), float(p.max() / p.sum()))
        view.loc[len(view)] = [f"{outputs.name} (yours)", mine] + ["—", ""] * cold
    st.dataframe(view, hide_index=True, width="stretch")
    st.caption(
        "The MLP and the Cold Brew student read features only, so removing edges cannot change them; "
        "the GNNs lose what the neighbours told them. In the drawing, the star is the inspected node; dotted grey "
        "edges were cut before training (the isolated group's); with the toggle on, the node's own edges turn "
        "dotted red. " + cache.coldstart_predictions(graph_key, path)[1].sentence()
    )
