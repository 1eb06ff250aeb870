"""Trajectories: Shapley attributions of a predictor's neighbours and past (Makansi et al., ICLR 2022)."""

import streamlit as st

from modeldash.analysis.trajectories.settings import (
    METRICS,
    PAPER_METRIC,
    REMOVALS,
    SceneRequest,
    TrajSettings,
    allowed_metrics,
    label,
    unit,
)
from modeldash.data.trajectories import MAX_BYTES as TRAJ_MAX_BYTES
from modeldash.models.onnx_model import MAX_BYTES as ONNX_MAX_BYTES
from modeldash.models.onnx_model import TRAJECTORIES as TRAJ_CONTRACT
from modeldash.ui import widgets
from modeldash.ui.cache import common
from modeldash.ui.cache import trajectories as cache
from modeldash.ui.registry import by_task

st.title(by_task("trajectories").heading)
widgets.intro(
    "trajectories",
    "Do trajectory predictors use the other agents, or mostly the target's own past? Each player — the "
    "target's **past** and every **neighbour** — gets a Shapley value: how much the model's own loss on the true "
    "future grows when that player is removed, averaged over all orders of removal (ADE for a point prediction, "
    "minADE over 20 samples for a sampling model, NLL for a Gaussian one). The paper's finding: "
    "on pedestrians the past dominates and the neighbours' score is no higher than a random agent's; only "
    "in coordinated play (basketball) do models use the others.",
)

path = common.zoo_ref()  # the zoo folder and a stamp of its files: the key of every cached result
from modeldash.analysis.trajectories.service import SIM_DATASETS, dataset_names, domain_of

names = dataset_names()
DEFAULT = TrajSettings()
widgets.init_from_query("traj_data", "crowds_zara03", widgets.one_of(names + ["upload"], str))
# the value functions the page's models allow (any, once a researcher's model of unknown kind may join)
zoo_outputs = cache.trajectories_outputs(domain_of(st.session_state["traj_data"]), path)
offered = list(METRICS) if st.session_state.get("traj_onnx_upload_key") else allowed_metrics(zoo_outputs.values())
widgets.init_from_query("traj_metric", DEFAULT.metric, widgets.one_of(offered, str))
if st.session_state["traj_metric"] not in offered:  # a value function the newly chosen dataset's models lack
    st.session_state["traj_metric"] = DEFAULT.metric
widgets.init_from_query("traj_removal", DEFAULT.removal, widgets.one_of(list(REMOVALS), str))
labels = {
    "biwi_eth": "ETH (held out)",
    "crowds_zara03": "Zara 3 (held out)",
    "biwi_hotel": "Hotel (training file)",
    "crowds_zara01": "Zara 1 (training file)",
    "students001": "Students (training file)",
    "uni_examples": "Uni examples (training file)",
    **SIM_DATASETS,
    "upload": "Upload an ETH/UCY file…",
}
c = st.columns(3)
choice = c[0].selectbox(
    "Dataset",
    names + ["upload"],
    key="traj_data",
    format_func=lambda n: labels.get(n, n),
    help="Held out: from the zoo's training only (the models never saw these files); training file: one of the "
    "four files the zoo trained on.",
)
metric = c[1].selectbox(
    "Value function",
    offered,
    key="traj_metric",
    format_func=label,
    help="The paper's value function is the model's own loss: ADE for a point prediction, minADE over K samples "
    "for a sampling model (its PECNet code, K = 20), the NLL of the true future for a Gaussian output (its "
    "Trajectron++ code). A point prediction is one sample, so its minADE_K is its ADE; NLL needs a distribution, "
    "so models with one future are left out of an NLL table.",
)
removal = c[2].selectbox(
    "Removal",
    list(REMOVALS),
    key="traj_removal",
    format_func={"remove": "cut from input", "random": "random agent"}.get,
    help="cut: a removed neighbour is masked out and a removed past becomes a static agent "
    "at the last position (the paper's main method); random agent: a removed player is "
    "replaced by an agent from another scene, averaged over 4 draws (its appendix)",
)
settings = TrajSettings(metric, removal)
if choice == "upload":
    key = widgets.upload_key(
        st,
        "ETH/UCY text file: frame, agent id, x, y (metres; frames 10 apart)",
        ["txt", "csv", "tsv"],
        "traj",
        common.TRAJ_UPLOADS_STATE,
        "Upload a file to attribute its scenes with the pedestrian models (unseen data).",
        TRAJ_MAX_BYTES,
    )
else:
    key = choice
domain = domain_of(choice)
with st.expander("Your own trajectory predictor (ONNX)", expanded="traj_onnx_upload_key" in st.session_state):
    onnx_key = widgets.upload_key(
        st,
        "An ONNX export of your predictor",
        ["onnx"],
        "traj_onnx",
        common.ONNX_UPLOADS_STATE,
        None,
        ONNX_MAX_BYTES,
    )
    st.markdown(
        "**Inputs**, per target — `past` (B, 8, 2), `nb_past` (B, N, 8, 2), `nb_mask` (B, N, 8) bool — or the whole "
        "scene — `agents` (B, A, 8, 2) with agent 0 the target, `mask` (B, A, 8). The neighbours are the agents "
        "present at the last observed step, nearest first there, at most ten (the random control agent comes "
        "after them); a neighbour may be seen for part of the past only (mask False there); masked entries hold "
        "zeros; positions are the file's raw coordinates in metres. A removed neighbour is masked at every step; a "
        "removed past becomes a standing agent (its last position eight times). **Output**, named by its kind: "
        "`future` (B, 12, 2); `gaussian` (B, 12, 5) — per step μx, μy, log σx, log σy, atanh ρ, Social-STGCNN's "
        "raw layout (from Trajectron++'s single mode, pass log σ and atanh ρ); or `samples` (B, K, 12, 2), with "
        "the randomness as an input `noise` (B, K, Z) when the model samples. A whole-scene model returns every "
        "agent's row (B, A, …); the view keeps agent 0's. The model is probed with 0, 1 and ten neighbours and "
        "partial pasts, and must ignore a masked neighbour. Standard ONNX operators only (no custom ops or "
        f"external data); each call may take at most {TRAJ_CONTRACT.budget_s:g} s. Your model joins the dataset "
        "table (computed for it on a first visit, then kept in the results store), the scene view and the "
        "counterfactual. Export from PyTorch (more recipes, and a Social-STGCNN-style whole-scene model, in "
        "docs/trajectories.md):"
    )
    st.code(TRAJ_CONTRACT.snippet, language="python")
    st.caption(
        "`python -m modeldash.models.export traj_eth_ucy_social_attn --out social.onnx` writes a zoo model this way."
    )
    # a bad file: its sentence here, and the page goes on with the zoo's models (the check loads them all)
    if widgets.optional_file(st, onnx_key, lambda: cache.trajectories_models(domain, path, onnx_key)) is None:
        onnx_key = None
scenes = cache.trajectories_scenes(key)
if len(cache.trajectories_digests(domain, path, onnx_key)) == 1:
    st.warning(
        "No trained trajectory models in the zoo: train them with `python -m modeldash.models.train trajectories`."
    )

from modeldash.analysis.shapley import interaction_index
from modeldash.analysis.trajectories import plots, readings

st.subheader("Across the dataset")
comp, origin = cache.trajectories_comparison(key, domain, settings, path, onnx_key)
if not comp.rows:
    st.info(
        f"No model on this page gives a distribution, so {label(metric)} applies to none: choose another value function."
    )
    widgets.stop()
widgets.chart(st, plots.dataset_bars(comp), key="traj_bars")
widgets.reading(readings.headline(comp))
if choice != "upload" and not onnx_key:  # the report is of the zoo's models on a bundled dataset
    widgets.report_button("trajectories", dataset=choice, settings=settings)
table = comp.to_frame()
sampled = bool((table["mc_sd"] > 0).any())
columns = ["model", "output", "n_scenes", metric, f"{metric}_without_neighbours"]
columns += [c for c in ("ade", "fde") if c in table.columns and c != metric]
columns += ["past_attribution", "social_score", "mean_neighbour_value", "random_agent_score", "social_share"]
columns += ["mc_sd"] * sampled + ["max_efficiency_error"]
names = {
    metric: (f"{label(metric)}", f"the loss with every real player, {unit(metric)}"),
    f"{metric}_without_neighbours": (f"{label(metric)} w/o nbrs", "the loss with every neighbour removed"),
    "ade": ("ADE (point)", "of the point prediction (a distribution's mean), m"),
    "fde": ("FDE (point)", "of the point prediction (a distribution's mean), m"),
    "n_scenes": ("scenes", "in the seeded sample"),
    "past_attribution": ("past", "the past's mean Shapley value"),
    "social_score": ("social score", "as the paper: per scene the best neighbour's value"),
    "mean_neighbour_value": ("one neighbour", "like for like: one neighbour's mean value"),
    "random_agent_score": ("random agent", "the control: another scene's target added as a neighbour"),
    "social_share": ("social share", "the neighbours' share of total |attribution|"),
    "mc_sd": ("MC spread", "SD of the mean loss over 5 draw sets"),
    "max_efficiency_error": ("efficiency err.", "largest |Σφ − (v(all) − v(none))| over the scenes"),
}
config = {c: st.column_config.NumberColumn(n, help=h, format="%.4g") for c, (n, h) in names.items() if c in columns}
st.dataframe(table[columns].round(4), hide_index=True, width="stretch", column_config=config)
left_out = (
    f" Left out: {', '.join(comp.left_out)} — {label(metric)} does not apply to a model with one future."
    if comp.left_out
    else ""
)
spread = (
    f" A sampled loss depends on its draws: mc_sd is the SD of a model's mean {label(metric)} over 5 independent "
    f"draw sets (at most {table['mc_sd'].max():.4f} {unit(metric)} here); within a table every coalition of a "
    "scene sees the same draws, so efficiency is exact."
    if sampled
    else ""
)
st.caption(
    f"{len(scenes):,} scenes in {scenes.name}; the measures use a seeded sample of {comp.n_scenes}. "
    f"Values in {unit(metric)} of {label(metric)} ({'nats per step' if metric == 'nll' else 'metres'}); "
    f"{metric}: the loss with every real player (the control left out); ade/fde: of the point prediction (a "
    "distribution's mean). Social score, as the paper: per scene the best neighbour's value (0 without "
    "neighbours); like for like, mean neighbour value: one neighbour's mean value, against the random agent "
    "(another scene's target added as one extra neighbour). Social share: the neighbours' share of total "
    "|attribution|; intervals are 95% percentile bootstrap over scenes. Every learned model predicts a correction "
    "to constant velocity." + left_out + spread + " " + origin.sentence()
)
st.download_button(
    "Download the table (CSV)",
    table.to_csv(index=False).encode(),
    file_name=f"traj_{scenes.name}.csv",
    mime="text/csv",
    key="traj_download",
)

st.subheader("One scene")
models = cache.trajectories_models(domain, path, onnx_key)  # PyTorch and the models: after the first chart
model_names = [m for m in models if m not in comp.left_out]  # the models the value function applies to
widgets.init_from_query("traj_model", model_names[-1], widgets.one_of(model_names, str))
widgets.init_from_query("traj_scene", 0, widgets.bounded(0, 10**6, int))
c = st.columns([1, 1, 1, 2])
model = c[0].selectbox("Model", model_names, key="traj_model")
kind = cache.trajectories_outputs(domain, path, onnx_key)[model]
if PAPER_METRIC[kind] != metric:
    st.caption(
        f"{model}'s output is {kind!r}: the paper's value function for such a model is {label(PAPER_METRIC[kind])}."
    )
most_social = {r.summary.model: r.most_social_scene for r in comp.rows}
if c[2].button(
    "Most social scene", key="traj_most", help="the scene where this model's largest neighbour attribution is highest"
):
    if most_social[model] is None:
        st.toast(f"{model} gives no neighbour a positive value in any scene: there is no most social scene.")
    else:
        st.session_state["traj_scene"] = most_social[model]
st.session_state["traj_scene"] = min(st.session_state["traj_scene"], len(scenes) - 1)
scene = c[1].number_input(f"Scene (0–{len(scenes) - 1})", 0, len(scenes) - 1, key="traj_scene")
view0 = cache.trajectories_scene(SceneRequest(key, domain, model, int(scene), (), settings), path, onnx_key)
present = [p for p in view0.result.players[1:]]
off = c[3].multiselect("Remove neighbours (counterfactual)", present, key=widgets.kept(f"traj_off_{scene}"))
others = ["—"] + [m for m in model_names if m != model]
widgets.init_from_query("traj_model_b", "—", widgets.one_of(model_names + ["—"], str))
if st.session_state["traj_model_b"] == model:  # the first model took the second's place: compare with none
    st.session_state["traj_model_b"] = "—"
second = st.columns([1, 4])[0].selectbox(
    "Compare with", others, key="traj_model_b", help="a second model on the same scene, side by side"
)
removed_ids = tuple(present.index(p) for p in off)
view = cache.trajectories_scene(SceneRequest(key, domain, model, int(scene), removed_ids, settings), path, onnx_key)
if second != "—":
    from modeldash.analysis.trajectories.scene import scene_pair

    view_b = cache.trajectories_scene(
        SceneRequest(key, domain, second, int(scene), removed_ids, settings), path, onnx_key
    )
    pair = scene_pair(view, view_b, (model, second))
    for col, v, name in zip(st.columns(2), (view, view_b), (model, second)):
        col.markdown(f"**{name}** · {label(metric)} {v.error:.3f} {unit(metric)}")
        widgets.chart(col, plots.scene_figure(scenes, v), key=f"traj_scene_fig_{name == second}")
    widgets.reading(readings.scene_pair(pair))
    st.dataframe(pair.to_frame().round(5), hide_index=True, width="stretch")
    st.caption(
        f"Shapley values of each player under both models, {unit(metric)} of {label(metric)}, and their difference. "
        "Beyond "
        "noise: larger than two standard errors of the sampled values (exact values have none)."
    )
    widgets.stop()
left, right = st.columns([3, 2])
widgets.chart(left, plots.scene_figure(scenes, view), key="traj_scene_fig")
with right:
    frame = view.result.to_frame()
    if view.result.coalition_values is not None:  # exact: the pairwise interaction index with the past
        frame["interaction with past"] = [None] + [interaction_index(view.result, 0, j) for j in range(1, len(frame))]
    st.dataframe(frame.round(5), hide_index=True, width="stretch")
    st.caption(
        f"Shapley values in {unit(metric)} of {label(metric)} (positive: the player lowers the loss). Efficiency: "
        f"they sum to v(all) − v(none) = {view.result.v_full - view.result.v_empty:+.4f} {unit(metric)}, off by "
        f"{view.result.efficiency_error:.1e}; {view.result.method}, {view.result.n_evals} evaluations. "
        "Arrow width: a neighbour's value. Interaction with past: the Shapley interaction index of the "
        "neighbour and the past (positive: they help more together than apart)."
    )
    if view.removed:
        st.markdown(
            f"Without {', '.join(off)}: {label(metric)} {view.error:.3f} → "
            f"**{view.error_counterfactual:.3f} {unit(metric)}**."
        )
