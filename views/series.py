"""Synthetic vs real series: a trained PSA-GAN against real series (Jeha et al., ICLR 2022)."""

import streamlit as st

from data.series import MAX_BYTES as SERIES_MAX_BYTES
from data.series_samples import CONTRACT as SAMPLES_CONTRACT
from data.series_samples import MAX_BYTES as SAMPLES_MAX_BYTES
from ui import cache, widgets
from ui.registry import BY_TASK

st.title(BY_TASK["series"].heading)
widgets.intro(
    "series",
    "A GAN whose generator and discriminator grow in length stage by stage, with self-attention, learns to "
    "produce realistic windows of a series. How close do they come? **Context-FID** compares embeddings of "
    "real and synthetic windows; a classifier tries to tell them apart; a forecaster trained on synthetic "
    'data is tested on real data. Every metric is also shown for held-out *real* windows — what "as good as '
    'real" looks like.',
)

path = cache.zoo_ref()  # the zoo folder and a stamp of its files: the key of every cached result
from analysis.series.service import zoo_datasets

names = zoo_datasets(widgets.zoo_path())
labels = {
    "etth1": "Electricity transformers (ETTh1, hourly)",
    "taylor": "Electricity demand (Taylor, half-hourly)",
    "co2": "Atmospheric CO₂ (Mauna Loa, weekly)",
    "upload": "Upload a CSV…",
}
names = sorted(names, key=lambda n: (n != "etth1", n))
widgets.init_from_query("series_data", (names or ["upload"])[0], widgets.one_of(names + ["upload"], str))
c = st.columns([2, 3])
choice = c[0].selectbox("Dataset", names + ["upload"], key="series_data", format_func=lambda n: labels.get(n, n))
widgets.write_query("series_data")
if choice == "upload":
    key = widgets.upload_key(
        c[1],
        "CSV, wide (timestamp, one column per series) or long (timestamp, series id, value)",
        ["csv"],
        "series",
        cache.SERIES_UPLOADS_STATE,
        "Upload a CSV to train PSA-GAN, its ablations and the Context-FID encoder on it (quick settings).",
        SERIES_MAX_BYTES,
    )
else:
    key = choice
if key.startswith("upload:"):
    cache.series_bundle(key)  # training runs as a job: the page shows its progress and goes on when it is done
report, provenance = cache.series_scored(key, path)
source, n_series, note = cache.series_caption_facts(key, path)

from analysis.series import plots, readings

st.caption(
    f"{source}: {n_series} series; windows of "
    f"{report.real_train.shape[1]} steps, each min-max scaled to [0, 1]; the last 20% of each series is "
    "held out for evaluation. Simplified for a CPU: windows of 64 steps (the paper uses longer ones), "
    f"{note or 'short training'}, and small CNN/MLP probes for the discriminative and "
    "predictive scores. One addition for short training: samples come from a moving average of the "
    "generator's weights (as ProGAN)."
)

with st.expander("Score your own generator's samples (TimeGAN, a diffusion model, …)"):
    samples_key = widgets.upload_key(
        st,
        f"Samples: {SAMPLES_CONTRACT}",
        ["npz", "csv"],
        "series_samples",
        cache.SERIES_SAMPLES_STATE,
        None,
        SAMPLES_MAX_BYTES,
    )
    st.caption(
        "Your samples are scored exactly like the bundled generators — the same encoder, held-out real windows, "
        "probes and seed — and appear in every table and picture below. Context-FID uses up to 1,000 of them."
    )
if samples_key:
    report = cache.series_with_samples(key, path, samples_key)

st.subheader("Metrics")
frame = report.to_frame()
st.dataframe(plots.metrics_table(frame), hide_index=True, width="stretch")
widgets.reading(readings.headline(frame, report.reference_mae) + " " + provenance.sentence())
if not key.startswith("upload:"):
    widgets.report_button("series", dataset=key)
st.download_button(
    "Download the metrics (CSV)",
    frame.to_csv(index=False).encode(),
    file_name=f"series_{report.dataset}.csv",
    mime="text/csv",
    key="series_download",
)

st.subheader("Real and synthetic windows")
gens = [g for g in report.samples if g != "real"]
widgets.init_from_query("series_gen", gens[0], widgets.one_of(gens, str))
widgets.init_from_query("series_seed", 0, widgets.bounded(0, 10**6, int))
c = st.columns([2, 1, 1])
gen = c[0].selectbox("Generator", gens, key="series_gen")
if c[2].button("Generate new", key="series_new"):
    st.session_state["series_seed"] += 1
seed = c[1].number_input("Seed", 0, 10**6, key="series_seed")
widgets.write_query("series_gen", "series_seed")
draw = cache.series_draw(key, path, gen, int(seed), samples_key)
left, right = st.columns(2)
widgets.chart(left, plots.side_by_side(draw.real, draw.fake, label=gen), key="series_side")
widgets.chart(right, plots.overlay(draw.real, draw.fake, label=gen), key="series_overlay")
widgets.chart(st, plots.distributions(report.real_train, report.samples[gen], label=gen), key="series_dist")

bundle = cache.series_bundle(key)  # the encoder and generators (PyTorch): loaded after the first charts are out
st.subheader("Where the windows lie")
widgets.init_from_query("series_proj", "PCA", widgets.one_of(["PCA", "t-SNE"], str))
method = st.radio("Projection of the Context-FID embeddings", ["PCA", "t-SNE"], horizontal=True, key="series_proj")
widgets.write_query("series_proj")
wmap = cache.series_window_map(key, path, gen, int(seed), "pca" if method == "PCA" else "tsne", samples_key)
widgets.chart(st, plots.embedding_map(wmap), key="series_map")

if bundle.stages:
    st.subheader("PSA-GAN as it grows")
    widgets.chart(st, plots.stage_samples(cache.series_stage_samples(key, path, int(seed))), key="series_stages")
    st.caption(
        "Samples of the generator saved after each growth stage: it first learns 8-step windows, then "
        "each stage doubles the length."
    )
