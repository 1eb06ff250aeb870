"""Synthetic vs real series: a trained PSA-GAN against real series (Jeha et al., ICLR 2022)."""

import streamlit as st

from modeldash.data.series import MAX_BYTES as SERIES_MAX_BYTES
from modeldash.data.series_samples import CONTRACT as SAMPLES_CONTRACT
from modeldash.data.series_samples import MAX_BYTES as SAMPLES_MAX_BYTES
from modeldash.ui import widgets
from modeldash.ui.cache import common
from modeldash.ui.cache import series as cache
from modeldash.ui.registry import by_task

st.title(by_task("series").heading)
widgets.intro(
    "series",
    "A GAN whose generator and discriminator grow in length stage by stage, with self-attention, learns to "
    "produce realistic windows of a series. How close do they come? **Context-FID** compares embeddings of "
    "real and synthetic windows; a classifier tries to tell them apart; a forecaster trained on synthetic "
    'data is tested on real data. Every metric is also shown for held-out *real* windows — what "as good as '
    'real" looks like.',
)

path = common.zoo_ref()  # the zoo folder and a stamp of its files: the key of every cached result
from modeldash.analysis.series.service import BUDGET_LABELS

choices = cache.zoo_choices(path)  # dataset: its training budgets
names = list(choices)
labels = {
    "etth1": "ETTh1 (transformers, hourly)",
    "taylor": "Taylor (demand, half-hourly)",
    "co2": "Mauna Loa CO₂ (weekly)",
    "upload": "Upload a CSV…",
}
names = sorted(names, key=lambda n: (n != "etth1", n))
widgets.init_from_query("series_data", (names or ["upload"])[0], widgets.one_of(names + ["upload"], str))
c = st.columns([3, 2, 2])
choice = c[0].selectbox(
    "Dataset",
    names + ["upload"],
    key="series_data",
    format_func=lambda n: labels.get(n, n),
    help="ETTh1: electricity transformers' oil temperature, hourly; Taylor: electricity demand, half-hourly; Mauna "
    "Loa: atmospheric CO₂, weekly (docs/citations.md).",
)
budgets = choices.get(choice, [])
if choice == "upload":
    widgets.init_from_query("series_train", "full", widgets.one_of(["full", "quick"], str))
    train = c[1].selectbox(
        "Training",
        ["full", "quick"],
        key="series_train",
        format_func={"full": "Full (3 seeds, the release's demo budget)", "quick": "Quick (a smoke test)"}.get,
        help="full: each generator at 3 GAN seeds for the release's demo budget of 2,000 iterations, about eight minutes on 2 cores; "
        "quick: a few iterations, too short to compare generators",
    )
    key = widgets.upload_key(
        c[2],
        "CSV, wide (timestamp, one column per series) or long (timestamp, series id, value)",
        ["csv"],
        "series",
        common.SERIES_UPLOADS_STATE,
        "Upload a CSV to train PSA-GAN, its ablations and the Context-FID encoders on it.",
        SERIES_MAX_BYTES,
    )
    key = f"{key}:quick" if train == "quick" else key
else:
    widgets.init_from_query("series_budget", "demo", widgets.one_of(budgets or ["demo"], str))
    budget = c[1].selectbox(
        "Training budget",
        budgets or ["demo"],
        key="series_budget",
        format_func=BUDGET_LABELS.get,
        help="demo: the release's run_gan.py, 20 epochs of 100 batches; longer: 150 batches per epoch (ETTh1 only), "
        "to check that the ranking does not hinge on training length",
    )
    key = cache.series_key(choice, budget)
if key.startswith("upload:"):
    cache.series_bundle(key)  # training runs as a job: the page shows its progress and goes on when it is done
report, provenance = cache.series_scored(key, path)
source, n_series, note = cache.series_caption_facts(key, path)

from modeldash.analysis.series import plots, readings

st.caption(
    f"{source}: {n_series} series; windows of {report.real_train.shape[1]} steps, each series min-max scaled by "
    "its training part's range; the last 20% of each series is held out for evaluation. PSA-GAN as the official "
    "code: conditional on each window's calendar features, log-age and series; every sample is generated from "
    f"the conditioning of the real window it is compared with; each new stage fades in over 2 epochs, as the "
    f"release's run_gan.py (w/o fade-in: full weight at once). {note}. Simplified for a CPU: the release's demo "
    "budget, not its experiment registry's runs of thousands of epochs (the learning curve below shows where our "
    "generators sit); batches of 64 windows (the official run: 512), windows of 64 steps, and small CNN/MLP probes "
    "for the discriminative and predictive scores."
)

with st.expander(
    "Score your own generator's samples (TimeGAN, a diffusion model, …)",
    expanded="series_samples_upload_key" in st.session_state,
):
    samples_key = widgets.upload_key(
        st,
        f"Samples: {SAMPLES_CONTRACT}",
        ["npz", "csv"],
        "series_samples",
        common.SERIES_SAMPLES_STATE,
        None,
        SAMPLES_MAX_BYTES,
    )
    st.caption(
        "Your samples are scored like the bundled generators — the same encoders, runs of held-out real windows, "
        "probes and seed — and appear in every table and picture below. They are unconditional (one sample set, "
        "no seeds): each run compares a seeded subset of up to 512 of them, in the dataset's scaled units."
    )
    mine = widgets.optional_file(st, samples_key, lambda: cache.series_with_samples(key, path, samples_key))
if mine is not None:
    report = mine
else:
    samples_key = None  # none, or a bad file (its sentence is beside the uploader): the page goes on without it

st.subheader("Metrics")
frame = report.to_frame()
st.dataframe(plots.metrics_table(frame), hide_index=True, width="stretch")
st.caption(
    f"Mean over seeds with a 95% t-interval. Context-FID: {report.n_encoders} encoders (seeds), "
    f"{len(report.runs.drop_duplicates(['generator', 'seed']))} generator-seed pairs, each scored in "
    "5 runs on fresh held-out windows and fresh samples; 'noise = 1' divides by the Context-FID of i.i.d. "
    "Gaussian noise under the same encoder, so datasets and encoders compare. 'FID of the windows': the same "
    "distance on the raw 64-step windows, as the official script also logs. The AR baseline's seeds are its "
    "sampling seeds; the floor's, fresh draws of held-out windows."
)
widgets.reading(readings.headline(frame, report.reference_mae) + " " + provenance.sentence())
from modeldash.analysis.series.claims import series_report_claims

paired = series_report_claims(report.dataset, report)
if paired:
    st.markdown("**PSA-GAN against each ablation and the baseline, paired by seed and encoder**")
    st.dataframe(plots.paired_table(paired), hide_index=True, width="stretch")
    st.caption(
        "Per seed: log(Context-FID of the other / PSA-GAN's) under each encoder, averaged over encoders; the mean "
        "over seeds with Student's t interval over seeds. Above 0: PSA-GAN is closer to real. "
        "'Not settled': the interval crosses 0."
    )
if len(budgets) > 1:
    both = {BUDGET_LABELS[b]: cache.series_report(cache.series_key(choice, b), path) for b in budgets}
    st.subheader("Does the ranking survive a longer training budget?")
    widgets.chart(st, plots.ranking(both), key="series_ranking")
    widgets.reading(readings.ranking(both))
if not key.startswith("upload:"):
    st.subheader("Where on the learning curve our generators sit")
    curve = cache.series_curve(choice, path)
    if curve is None:
        st.info(
            "The learning curve (every variant trained at ½, 1, 2 and 4 × the demo budget, 2 GAN seeds each) is not "
            "in the results store yet: `python -m modeldash precompute series --curve` computes it (about 40 minutes "
            "on 2 cores)."
        )
    else:
        widgets.chart(st, plots.learning_curve(curve, budgets), key="series_curve")
        widgets.reading(readings.learning_curve(curve))
gens = [g for g in report.samples if g != "real"]  # the windows below, bound here so the report sees a link's
widgets.init_from_query("series_gen", gens[0], widgets.one_of(gens, str))
widgets.init_from_query("series_seed", 0, widgets.bounded(0, 10**6, int))
widgets.init_from_query("series_gen_b", "none", widgets.one_of(["none", *gens], str))
if not key.startswith("upload:"):
    gen_b = st.session_state.get("series_gen_b", "none")  # the side by side below, against PSA-GAN in the report
    widgets.report_button(
        "series", dataset=choice, **({"compare": gen_b} if gen_b not in ("none", "PSA-GAN") and not samples_key else {})
    )
st.download_button(
    "Download the metrics (CSV)",
    frame.to_csv(index=False).encode(),
    file_name=f"series_{report.dataset}.csv",
    mime="text/csv",
    key="series_download",
)

st.subheader("Real and synthetic windows")
c = st.columns([2, 1, 1])
gen = c[0].selectbox("Generator", gens, key="series_gen")
if c[2].button("Generate new", key="series_new"):
    st.session_state["series_seed"] += 1
seed = c[1].number_input("Seed", 0, 10**6, key="series_seed")
if st.session_state.get("series_gen_b") == gen:  # the first generator was switched to the second: compare with none
    st.session_state["series_gen_b"] = "none"
gen_b = c[0].selectbox(
    "Compare with",
    ["none", *[g for g in gens if g != gen]],
    key="series_gen_b",
    format_func=lambda g: "— nothing —" if g == "none" else g,
    help="a second generator on the same real windows: metrics side by side, Context-FID paired by seed",
)
draw = cache.series_draw(key, path, gen, int(seed), samples_key)
left, right = st.columns(2)
widgets.chart(left, plots.side_by_side(draw.real, draw.fake, label=gen), key="series_side")
widgets.chart(right, plots.overlay(draw.real, draw.fake, label=gen), key="series_overlay")
if gen_b != "none":
    from modeldash.analysis.series.compare import generator_pair

    pair = generator_pair(report, gen, gen_b)
    draw_b = cache.series_draw(key, path, gen_b, int(seed), samples_key)
    left, right = st.columns(2)
    widgets.chart(left, plots.side_by_side(draw_b.real, draw_b.fake, label=gen_b), key="series_side_b")
    right.dataframe(pair.table.round(4), hide_index=True, width="stretch")
    widgets.reading(readings.pair(pair))
widgets.chart(st, plots.distributions(report.real_train, report.samples[gen], label=gen), key="series_dist")

bundle = cache.series_bundle(key)  # the encoder and generators (PyTorch): loaded after the first charts are out
st.subheader("Where the windows lie")
widgets.init_from_query("series_proj", "PCA", widgets.one_of(["PCA", "t-SNE"], str))
method = st.radio("Projection of the Context-FID embeddings", ["PCA", "t-SNE"], horizontal=True, key="series_proj")
wmap = cache.series_window_map(key, path, gen, int(seed), "pca" if method == "PCA" else "tsne", samples_key)
widgets.chart(st, plots.embedding_map(wmap), key="series_map")

if bundle.stages:
    st.subheader("PSA-GAN as it grows")
    widgets.chart(st, plots.stage_samples(cache.series_stage_samples(key, path, int(seed))), key="series_stages")
    st.caption(
        "Samples of the generator saved after each growth stage: it first learns 8-step windows, then "
        "each stage doubles the length."
    )
