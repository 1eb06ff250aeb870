"""Example weights: DIVA's dataset derivative on a linearised CNN (Dukler et al., ICLR 2022)."""

import streamlit as st

from modeldash.analysis.diva.settings import LAMBDAS, DivaSettings
from modeldash.data.diva_features import CONTRACT
from modeldash.data.diva_features import MAX_BYTES as FEATURES_MAX_BYTES
from modeldash.models.onnx_model import DIVA as DIVA_CONTRACT
from modeldash.models.onnx_model import MAX_BYTES as ONNX_MAX_BYTES
from modeldash.ui import widgets
from modeldash.ui.cache import common
from modeldash.ui.cache import diva as cache
from modeldash.ui.registry import by_task

FEATURES, ONNX = "features", "onnx"  # the picker's choices for an uploaded features file or ONNX network

st.title(by_task("diva").heading)
widgets.intro(
    "diva",
    "Which training examples help the model and which hurt it? For a network linearised around its trained "
    "weights, weighted training has a closed-form solution, so the **leave-one-out loss** and its derivative "
    "with respect to every example's weight come without retraining. Here the network is a small CNN trained "
    "on 500 digits kept apart; DIVA weights the other 897 of scikit-learn's handwritten digits, a seeded "
    "share of whose labels are flipped, and a clean set of 400 digits judges the result.",
)
st.caption(
    "Linearisation as in the paper's experiments: the last layer is refit as weighted ridge regression "
    "on one-hot targets over the CNN's frozen penultimate features (plus a bias). The LOO loss is the "
    "squared error of the LOO predictions, and each step's gradient is scaled to unit max-norm so the "
    "step size is in units of weight."
)

DEFAULT = DivaSettings()
widgets.init_from_query("diva_noise", DEFAULT.noise, widgets.bounded(0.0, 0.5))
widgets.init_from_query("diva_lam", DEFAULT.lam, widgets.one_of(LAMBDAS))
widgets.init_from_query("diva_steps", DEFAULT.steps, widgets.bounded(0, 10, int))
widgets.init_from_query("diva_step", DEFAULT.step_size, widgets.bounded(0.01, 1.0))
widgets.init_from_query("diva_seed", DEFAULT.seed, widgets.bounded(0, 10_000, int))

c = st.columns([2, 1, 1, 1, 1, 1])
with c[0]:
    model_key = widgets.model_picker(
        "diva",
        key="diva_model",
        extra={ONNX: "Your own network (ONNX)…", FEATURES: "Your own features (.npz)…"},
    )
noise = c[1].slider("Label noise", 0.0, 0.5, step=0.05, key="diva_noise", help="share of labels flipped")
lam = c[2].select_slider("Ridge λ", list(LAMBDAS), key="diva_lam")
steps = c[3].slider("Steps", 0, 10, key="diva_steps", help="the paper takes 1–3; more overfit the LOO loss")
step = c[4].slider("Step size", 0.01, 1.0, step=0.01, key="diva_step")
seed = c[5].number_input("Seed", 0, 10_000, key="diva_seed", help="label flips and random baselines")
if model_key is None:
    widgets.stop()

settings = DivaSettings(noise, lam, steps, step, seed)
if model_key == FEATURES:
    key = widgets.upload_key(
        st,
        "Features of your own network: an .npz with features (N, d), labels (N,), optional clean_labels, images, split",
        ["npz"],
        "diva_feat",
        common.FEATURES_UPLOADS_STATE,
        "Upload the frozen features your network gives each example and the labels it was trained with — "
        f"{CONTRACT}. DIVA refits the last layer on them, as in the paper.",
        FEATURES_MAX_BYTES,
    )
    report = cache.diva_features_report(key, settings)
    provenance = None
    st.caption(
        f"Your features: {len(report.task.labels)} training and {len(report.task.test_labels)} test examples, "
        f"{report.task.features.shape[1] - 1} features, {report.task.n_classes} classes. The label-noise slider "
        "flips a share of your labels on top (0 weights them as given); a label counts as wrong where it differs "
        "from clean_labels (when your file has them, else from the labels as given)."
    )
elif model_key == ONNX:
    with st.expander("Export your network from PyTorch"):
        st.code(DIVA_CONTRACT.snippet, language="python")
    key = widgets.upload_key(
        st,
        "Your feature extractor as ONNX",
        ["onnx"],
        "diva_onnx",
        common.ONNX_UPLOADS_STATE,
        f"Upload an ONNX network with {DIVA_CONTRACT.describe()} (the digits, 8×8 in [0, 1], to the penultimate "
        "features): DIVA refits the last layer on its features exactly as on the bundled CNN. Standard ONNX "
        f"operators only; each call may take at most {DIVA_CONTRACT.budget_s:g} s. "
        "`python -m modeldash.models.export digits_cnn --out cnn.onnx` writes the bundled CNN this way.",
        ONNX_MAX_BYTES,
    )
    report, provenance = cache.diva_onnx_scored(key, settings, common.zoo_ref())
else:
    report, provenance = cache.diva_scored(model_key, settings, common.zoo_ref())

from modeldash.analysis.diva import plots, readings

m = st.columns(5)
m[0].metric("Clean test accuracy, α = 1", f"{report.acc_before:.1%}")
m[1].metric(
    "After reweighting", f"{report.acc_after:.1%}", readings.accuracy_change(report.acc_before, report.acc_after)
)
m[2].metric("All flips removed (oracle)", f"{report.acc_clean_oracle:.1%}")
m[3].metric(
    "AUROC, low weight → flipped", "n/a" if report.noisy_auroc != report.noisy_auroc else f"{report.noisy_auroc:.3f}"
)
m[4].metric(
    "Flagged (derivative ≥ 0)",
    f"{int(report.reweighting.flagged.sum())}",
    f"{report.flagged_precision:.0%} truly flipped" if report.reweighting.flagged.any() else None,
    delta_color="off",
    delta_arrow="off",
)

if report.task.images.size:
    widgets.chart(st, plots.weight_gallery(report), key="diva_gallery")
else:
    st.markdown("**Lowest and highest weights** (your file has no images: examples by index)")
    st.dataframe(plots.extremes(report), hide_index=True, width="stretch")
widgets.reading(readings.headline(report) + (" " + provenance.sentence() if provenance else ""))
if model_key not in (FEATURES, ONNX):  # the side by side below, bound here so the report sees a link's choice too
    choices = ["—"] + [k for k, _ in widgets.models_for("diva")]
    widgets.init_from_query("diva_model_b", "—", widgets.one_of(choices, str))
    widgets.init_from_query("diva_seed_b", seed + 1, widgets.bounded(0, 10_000, int))
if model_key not in (FEATURES, ONNX) and not model_key.startswith("upload:"):
    model_b = st.session_state.get("diva_model_b", "—")  # the side by side below, as last set: in the report too
    second = {"model_b": model_b, "seed_b": int(st.session_state.get("diva_seed_b", 0))}
    widgets.report_button(
        "diva",
        model=model_key,
        settings=settings,
        **(second if model_b != "—" and not model_b.startswith("upload:") else {}),
    )

left, right = st.columns(2)
widgets.chart(left, plots.weight_histogram(report), key="diva_hist")
widgets.chart(right, plots.removal_plot(report), key="diva_removal")
left, right = st.columns(2)
widgets.chart(left, plots.extend_plot(report), key="diva_extend")
with right:
    chk = report.check
    st.markdown("**Closed form checked against retraining**")
    st.markdown(
        f"Leave-one-out predictions from the paper's Proposition 3 agree with dropping each example and "
        f"refitting, on {chk.n_checked} sampled examples, to **{chk.max_abs_error:.1e}** (largest absolute "
        f"difference). The closed form takes {1000 * chk.seconds_closed_form_all:.1f} ms for all "
        f"{len(report.task.labels)} examples; brute force would take about {chk.seconds_brute_force_all:.2f} s "
        f"(measured on the sample, extrapolated): **{chk.speedup:,.0f}× faster**."
    )
    st.markdown(f"Extend stopped because {report.extension.stopped_because}.")
    st.download_button(
        "Download weights (CSV)",
        report.to_frame().to_csv(index=False).encode(),
        file_name=f"diva_weights_{report.task.name}_noise{noise:.2f}_seed{seed}.csv",
        mime="text/csv",
        key="diva_download",
    )

st.subheader("Side by side")
if model_key in (FEATURES, ONNX):
    st.caption("Side by side compares the zoo's and uploaded networks on the digits task (choose one above).")
    widgets.stop()
names = dict(widgets.models_for("diva"))
c = st.columns([2, 1, 3])
model_b = c[0].selectbox(
    "Compare with",
    choices,
    key="diva_model_b",
    format_func=lambda k: "— (none)" if k == "—" else names.get(k, k),
    help="a second run with the same settings: another network, or the same one at another label-noise seed",
)
seed_b = c[1].number_input("Its seed", 0, 10_000, key="diva_seed_b", help="label flips of the second run")
if model_b != "—":
    labels = (f"{names.get(model_key, model_key)} (seed {seed})", f"{names.get(model_b, model_b)} (seed {seed_b})")
    pair = cache.diva_pair((model_key, model_b), labels, settings, (int(seed), int(seed_b)), common.zoo_ref())
    left, right = st.columns([3, 2])
    widgets.chart(left, plots.pair_scatter(pair), key="diva_pair")
    right.dataframe(pair.disagreements().round(3), hide_index=True, width="stretch")
    right.caption("The ten examples whose weights differ most between the two runs.")
    widgets.reading(readings.run_pair(pair))
