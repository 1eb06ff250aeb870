"""Compositional splits: generalisation to held-out factor combinations and values (Schott et al., ICLR 2022)."""

import numpy as np
import streamlit as st

from modeldash.models.onnx_model import MAX_BYTES as ONNX_MAX_BYTES
from modeldash.models.onnx_model import splits_contract
from modeldash.ui import widgets
from modeldash.ui.cache import common
from modeldash.ui.cache import splits as cache
from modeldash.ui.registry import by_task

st.title(by_task("splits").heading)
widgets.intro(
    "splits",
    "Images are rendered from known factors (shape, scale, orientation, position, colours); models are "
    "trained to read the factors back. The test set holds out factor values or combinations in four ways — "
    "**random**, **composition** (combinations never seen, every value seen), **interpolation** (values "
    "between the training values) and **extrapolation** (values beyond them). The paper's finding over 17 "
    "models: all do well on random splits and all degrade out of distribution, most on extrapolation.",
)

path = common.zoo_ref()  # the zoo folder and a stamp of its files: the key of every cached result
frame = cache.splits_scores(path)
if frame.empty:
    st.warning("No compositional-splits models in the zoo: train them with `python -m modeldash.models.train splits`.")
    widgets.stop()

from modeldash.analysis.splits import plots, readings
from modeldash.analysis.splits.scores import KIND_LABELS, error_map, predict_composed, r2_table, worst_examples
from modeldash.data.splits_grid import SPLITS
from modeldash.data.splits_images import SPACES

datasets = [d for d in SPACES if d in set(frame.dataset)]
widgets.init_from_query("splits_data", datasets[0], widgets.one_of(datasets, str))
widgets.init_from_query("splits_split", "extrapolation", widgets.one_of(list(SPLITS), str))
c = st.columns([3, 2, 3])
dataset = c[0].selectbox(
    "Dataset",
    datasets,
    key="splits_data",
    format_func={"dsprites": "dSprites grid (rendered)", "scenes": "Shapes3D-style scenes"}.get,
)
split = c[1].selectbox("Split", list(SPLITS), key="splits_split")
space = SPACES[dataset]
sub = frame[frame.dataset == dataset]
c[2].caption(
    f"Grid of {space.n_images:,} images ({' × '.join(map(str, space.sizes))}). Simplified for a CPU: "
    f"each split trains on a seeded subsample of {int(sub.n_train.iloc[0]):,} of its training images and "
    f"is scored on {int(sub.n_test.iloc[0]):,} of its test images (the same for every architecture); "
    "images are averaged to 32×32 before the networks."
)

st.subheader("The split")
s = cache.splits_split(dataset, split)
f = st.columns([1, 1, 2])
fx = f[0].selectbox("x axis", space.factors, key=widgets.kept(f"splits_fx_{split}", s.factors[0], space.factors))
others = [g for g in space.factors if g != fx]
default_y = s.factors[1] if len(s.factors) > 1 and s.factors[1] != fx else others[-1]
fy = f[1].selectbox("y axis", others, key=widgets.kept(f"splits_fy_{split}", default_y, others))
f[2].markdown(
    f"**{split}** · {s.rule}. Training {len(s.train):,} images ({len(s.train) / space.n_images:.0%} of "
    f"the grid), test {len(s.test):,}."
)
with st.expander("How these splits and images relate to the benchmark's"):
    st.markdown(readings.PROVENANCE)
left, right = st.columns([3, 2])
widgets.chart(left, plots.split_scatter(cache.splits_picture(dataset, split, fx, fy)), key="splits_scatter")
right.caption(
    "Each dot is a pair of values of the two factors. Black: images with that pair are in training "
    "(dot size: the share of them that are); red ring: some are in the test set. A pair can be both "
    "when the split acts on other factors."
)

zoo_onnx = [
    m.name
    for m in common.zoo_listing(path)[0]
    if m.task == "splits" and m.architecture == "onnx" and m.dataset.get("name") == dataset
]
with st.expander(
    "Your own factor regressor (ONNX)", expanded=bool(zoo_onnx) or "splits_onnx_upload_key" in st.session_state
):
    yours = ""
    if zoo_onnx:  # a lab's ONNX regressors in the zoo folder, picked like an upload
        widgets.init_from_query("splits_yours", "", widgets.one_of(["", *zoo_onnx], str))
        yours = st.selectbox(
            "From the zoo",
            ["", *zoo_onnx],
            key="splits_yours",
            format_func=lambda n: n or "none (or upload one below)",
        )
    onnx_key = widgets.upload_key(
        st,
        f"An ONNX export of your regressor for {dataset}",
        ["onnx"],
        "splits_onnx",
        common.ONNX_UPLOADS_STATE,
        None,
        ONNX_MAX_BYTES,
    )
    st.markdown(
        f"Contract for {dataset}: {splits_contract(space.channels, len(space.factors)).describe()}: images as the "
        f"view renders them (values in [0, 1]), factors {', '.join(space.factors)} each as value index / "
        "(values − 1). It is scored on the test subsample of every split, as the zoo's models are, and joins "
        "the heatmap, the breakdown, the error map and the worst examples. Standard ONNX operators only. "
        "`python -m modeldash.models.export splits_dsprites_random_cnn --out cnn.onnx` writes a zoo model this way; "
        "from PyTorch:"
    )
    st.code(splits_contract(space.channels, len(space.factors)).snippet, language="python")
    if yours:
        theirs = cache.splits_zoo_onnx_everywhere(yours, dataset, path)
    else:  # an uploaded file: a bad one is its sentence here, and the rest of the page goes on without it
        theirs = widgets.optional_file(st, onnx_key, lambda: cache.splits_onnx_everywhere(onnx_key, dataset, path))
zoo_frame, mine = frame, None  # the zoo's architectures alone: what the summary sentence speaks of
if theirs is not None:
    mine_evals, frame = theirs
    mine = next(e for e in mine_evals if e.split == split)

st.subheader("R² per architecture and split")
widgets.init_from_query("splits_value", "test", widgets.one_of(["test", "train", "gap"], str))
value = st.radio("Show", ["test", "train", "gap"], horizontal=True, key="splits_value", help="gap = train − test R²")
table = r2_table(frame, dataset, {"test": "r2", "train": "r2_train", "gap": "gap"}[value])
widgets.chart(
    st,
    plots.r2_heatmap(
        table, title={"test": "R² on test", "train": "R² on the training subsample", "gap": "train − test"}[value]
    ),
    key="splits_heat",
)
widgets.reading(
    readings.headline(r2_table(zoo_frame, dataset, "r2"))
    + (" " + readings.yours(r2_table(frame, dataset, "r2"), mine.model) if mine is not None else "")
)
scored, provenance = cache.splits_scored(dataset, split, path)
evals = {e.model: e for e in scored}
if mine is not None:
    evals[mine.model] = mine
kinds = [k for k in KIND_LABELS if k in evals] + [k for k in evals if k not in KIND_LABELS]
widgets.init_from_query("splits_kind", kinds[0], widgets.one_of(kinds, str))  # bound here: the report sees a link's
widgets.init_from_query("splits_kind_b", "—", widgets.one_of(["—", *kinds], str))
kinds_ab = (st.session_state.get("splits_kind"), st.session_state.get("splits_kind_b", "—"))  # the side by side below
widgets.report_button(
    "splits",
    dataset=dataset,
    **({"kind_a": kinds_ab[0], "kind_b": kinds_ab[1]} if set(kinds_ab) <= set(cache.splits_scores(path).kind) else {}),
)
no_cat = r2_table(frame, dataset, "r2_ordinal")
st.caption(
    "Without the categorical factor (shape): "
    + "; ".join(f"{sp} {no_cat[sp].mean():.2f}" for sp in no_cat.columns)
    + " (mean over architectures)."
)

gaps = cache.splits_seed_gaps(path, dataset)
if gaps:
    st.subheader("Over training seeds: random against extrapolation")
    left, right = st.columns([3, 2])
    widgets.chart(left, plots.seed_gaps_chart(gaps), key="splits_seeds")
    right.caption(
        "The paper's claim — every architecture does worse on extrapolation than on random splits — tested over "
        "training seeds on the same subsamples: each split's mean with a 95% t-interval over seeds, the drop "
        "with Welch's interval (the two splits' models are trained apart, so seeds are not paired). Verdict: "
        "holds when the whole interval is above 0. The other two splits have one seed (the models above)."
    )
    st.dataframe(plots.seed_gaps_table(gaps), hide_index=True, width="stretch")
    widgets.reading(readings.seed_gaps(gaps))

kind = st.selectbox(
    "Architecture for the breakdown below", kinds, key="splits_kind", format_func=lambda k: KIND_LABELS.get(k, k)
)
label = KIND_LABELS.get(kind, kind)
ev = evals[kind]
if mine is not None and kind == mine.model:
    agreement = f"Your model, evaluated now on the zoo's test subsample of this split: test R² {ev.r2:.3f}."
else:
    recorded = sub[(sub.split == split) & (sub.kind == kind)].iloc[0]
    gap = max(abs(ev.r2_per_factor[j] - recorded.r2_per_factor[fn]) for j, fn in enumerate(space.factors))
    agreement = (
        f"Re-evaluated on the same subsample: test R² {ev.r2:.3f}, agreeing with the value recorded at training "
        f"to {gap:.1e} per factor (floating-point results differ slightly across CPUs and thread counts). "
        + provenance.sentence()
    )
left, right = st.columns(2)
widgets.chart(
    left,
    plots.factor_bars(
        dict(zip(space.factors, ev.r2_per_factor.round(4))),
        dict(zip(space.factors, ev.r2_train_per_factor.round(4))),
        title=f"{label} on {split}: R² per factor",
    ),
    key="splits_bars",
)
left.caption(agreement)
with right:
    e = st.columns(2)
    ex = e[0].selectbox("Error map x", space.factors, key=widgets.kept("splits_ex", s.factors[0], space.factors))
    ey_options = [g for g in space.factors if g != ex]
    ey = e[1].selectbox("Error map y", ey_options, key=widgets.kept("splits_ey", ey_options[0], ey_options))
    widgets.chart(st, plots.error_heatmap(error_map(ev, ex, ey)), key="splits_err")
    st.caption(
        "Mean squared error over the test images with each pair of values, each factor's error divided by "
        "its grid variance (as in R²). Blank cells have no test image."
    )

if st.session_state["splits_kind_b"] == kind:
    st.session_state["splits_kind_b"] = "—"
kind_b = st.selectbox(
    "Compare with",
    ["—", *[k for k in kinds if k != kind]],
    key="splits_kind_b",
    format_func=lambda k: "— (none)" if k == "—" else KIND_LABELS.get(k, k),
    help="a second architecture on the same split and the same test images",
)
if kind_b != "—":
    from modeldash.analysis.splits.compare import difference_map, eval_pair

    ev_b, label_b = evals[kind_b], KIND_LABELS.get(kind_b, kind_b)
    pair = eval_pair(ev, ev_b, (label, label_b))
    left, right = st.columns(2)
    widgets.chart(left, plots.pair_factor_bars(pair), key="splits_pair_bars")
    widgets.chart(right, plots.error_heatmap(difference_map(ev, ev_b, ex, ey), difference=True), key="splits_pair_err")
    right.caption(f"{label_b}'s error map minus {label}'s (blue: {label_b} errs less there).")
    widgets.reading(readings.eval_pair(pair))

st.subheader("Worst test examples")
worst = worst_examples(ev, 12)
imgs = space.render(worst["index"].to_numpy())
caps = [f"#{k + 1} · error {e:.2f}" for k, e in enumerate(worst["error"])]
widgets.chart(st, plots.image_mosaic(imgs, caps), key="splits_worst")
st.dataframe(
    worst.round(2).rename_axis("#").reset_index().assign(**{"#": lambda d: d["#"] + 1}),
    hide_index=True,
    width="stretch",
)
st.caption(
    f"The 12 test images {label} gets most wrong on the {split} split, with true and predicted "
    "factors in value indices (error: squared error per factor over its grid variance, averaged)."
)

st.subheader("Render your own")
cols = st.columns(len(space.factors))
values = {
    fn: cols[j].slider(
        fn,
        0,
        space.sizes[j] - 1,
        key=widgets.kept(f"splits_own_{dataset}_{j}", space.sizes[j] // 2, range(space.sizes[j])),
    )
    for j, fn in enumerate(space.factors)
}
img, preds = predict_composed(cache.splits_models(dataset, split, path), space, values)
left, right = st.columns([1, 3])
widgets.inline_image(
    left,
    np.transpose(img, (1, 2, 0)) if img.shape[0] == 3 else img[0],
    width=192,
    caption="factor values " + ", ".join(str(v) for v in values.values()),
)
preds["model"] = [KIND_LABELS.get(m, m) for m in preds["model"]]
right.dataframe(preds.round(2), hide_index=True, width="stretch")
right.caption(
    f"Predictions (in value indices) of the four architectures trained on the **{split}** split. Pick "
    "a combination the split held out to see whether they get it right."
)
