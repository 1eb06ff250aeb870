"""Trajectories: Shapley attributions of a predictor's neighbours and past (Makansi et al., ICLR 2022)."""

import streamlit as st

from modeldash.analysis.trajectories.settings import METRICS, REMOVALS, SceneRequest, TrajSettings
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
    "target's **past** and every **neighbour** — gets a Shapley value: how much the model's error on the true "
    "future (ADE) grows when that player is removed, averaged over all orders of removal. The paper's finding: "
    "on pedestrians the past dominates and the neighbours' score is no higher than a random agent's; only "
    "in coordinated play (basketball) do models use the others.",
)

path = common.zoo_ref()  # the zoo folder and a stamp of its files: the key of every cached result
from modeldash.analysis.trajectories.service import SIM_DATASETS, dataset_names, domain_of

names = dataset_names()
DEFAULT = TrajSettings()
widgets.init_from_query("traj_data", "crowds_zara03", widgets.one_of(names + ["upload"], str))
widgets.init_from_query("traj_metric", DEFAULT.metric, widgets.one_of(list(METRICS), str))
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
c = st.columns([2, 1, 1, 2])
choice = c[0].selectbox("Dataset", names + ["upload"], key="traj_data", format_func=lambda n: labels.get(n, n))
metric = c[1].selectbox(
    "Error",
    list(METRICS),
    key="traj_metric",
    format_func=str.upper,
    help="the model is deterministic, so NLL does not apply",
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
widgets.write_query("traj_data", "traj_metric", "traj_removal")
settings = TrajSettings(metric, removal)
if choice == "upload":
    key = widgets.upload_key(
        c[3],
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
        f"Contract: {TRAJ_CONTRACT.describe()}; metres, the same frame in and out; B and N dynamic; nb_mask "
        "marks the steps a neighbour is observed. Standard ONNX operators only (no custom ops or external "
        f"data); each call may take at most {TRAJ_CONTRACT.budget_s:g} s. Your model joins every part of the "
        "page: the dataset table (computed for it on a first visit), the scene view, the counterfactual toggle. "
        "Export from PyTorch:"
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
widgets.chart(st, plots.dataset_bars(comp), key="traj_bars")
widgets.reading(readings.headline(comp))
if choice != "upload" and not onnx_key:  # the report is of the zoo's models on a bundled dataset
    widgets.report_button("trajectories", dataset=choice, settings=settings)
table = comp.to_frame()
shown = table[
    [
        "model",
        "n_scenes",
        metric,
        f"cv_{metric}",
        f"{metric}_without_neighbours",
        "past_attribution",
        "social_score",
        "random_agent_score",
        "social_share",
        "max_efficiency_error",
    ]
]
st.dataframe(shown.round(4), hide_index=True, width="stretch")
st.caption(
    f"{len(scenes):,} scenes in {scenes.name}; the measures use a seeded sample of "
    f"{comp.n_scenes}. Social score: per scene the largest neighbour value (0 without "
    "neighbours), averaged; random agent: another scene's target added as an extra neighbour; social share: "
    "the neighbours' share of total |attribution|; intervals are 95% bootstrap over scenes. Players: the "
    "past and the 10 nearest neighbours at the last observed step. Every learned model predicts a "
    "correction to constant velocity. " + origin.sentence()
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
model_names = list(models)
widgets.init_from_query("traj_model", model_names[-1], widgets.one_of(model_names, str))
widgets.init_from_query("traj_scene", 0, widgets.bounded(0, 10**6, int))
c = st.columns([1, 1, 1, 2])
model = c[0].selectbox("Model", model_names, key="traj_model")
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
off = c[3].multiselect("Remove neighbours (counterfactual)", present, key=f"traj_off_{scene}")
others = ["—"] + [m for m in model_names if m != model]
widgets.init_from_query("traj_model_b", "—", widgets.one_of(model_names + ["—"], str))
if st.session_state["traj_model_b"] == model:  # the first model took the second's place: compare with none
    st.session_state["traj_model_b"] = "—"
second = st.columns([1, 4])[0].selectbox(
    "Compare with", others, key="traj_model_b", help="a second model on the same scene, side by side"
)
widgets.write_query("traj_model", "traj_scene", "traj_model_b")
removed_ids = tuple(present.index(p) for p in off)
view = cache.trajectories_scene(SceneRequest(key, domain, model, int(scene), removed_ids, settings), path, onnx_key)
if second != "—":
    from modeldash.analysis.trajectories.scene import scene_pair

    view_b = cache.trajectories_scene(
        SceneRequest(key, domain, second, int(scene), removed_ids, settings), path, onnx_key
    )
    pair = scene_pair(view, view_b, (model, second))
    for col, v, name in zip(st.columns(2), (view, view_b), (model, second)):
        col.markdown(f"**{name}** · {metric.upper()} {v.error:.3f} m")
        widgets.chart(col, plots.scene_figure(scenes, v), key=f"traj_scene_fig_{name == second}")
    widgets.reading(readings.scene_pair(pair))
    st.dataframe(pair.to_frame().round(5), hide_index=True, width="stretch")
    st.caption(
        f"Shapley values of each player under both models, m of {metric.upper()}, and their difference. Beyond "
        "noise: larger than two standard errors of the sampled values (exact values have none)."
    )
    st.stop()
left, right = st.columns([3, 2])
widgets.chart(left, plots.scene_figure(scenes, view), key="traj_scene_fig")
with right:
    frame = view.result.to_frame()
    if view.result.coalition_values is not None:  # exact: the pairwise interaction index with the past
        frame["interaction with past"] = [None] + [interaction_index(view.result, 0, j) for j in range(1, len(frame))]
    st.dataframe(frame.round(5), hide_index=True, width="stretch")
    st.caption(
        f"Shapley values in metres of {metric.upper()} (positive: the player lowers the error). Efficiency: "
        f"they sum to v(all) − v(none) = {view.result.v_full - view.result.v_empty:+.4f} m, off by "
        f"{view.result.efficiency_error:.1e}; {view.result.method}, {view.result.n_evals} evaluations. "
        "Arrow width: a neighbour's value. Interaction with past: the Shapley interaction index of the "
        "neighbour and the past (positive: they help more together than apart)."
    )
    if view.removed:
        st.markdown(
            f"Without {', '.join(off)}: {metric.upper()} {view.error:.3f} → **{view.error_counterfactual:.3f} m**."
        )
