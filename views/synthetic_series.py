"""Synthetic vs real series: a trained PSA-GAN against real series (Jeha et al., ICLR 2022)."""
import streamlit as st

import ui
from errors import InputError

st.title("Synthetic vs real series · PSA-GAN")
st.markdown(
    "A GAN whose generator and discriminator grow in length stage by stage, with self-attention, learns to "
    "produce realistic windows of a series. How close do they come? **Context-FID** compares embeddings of "
    "real and synthetic windows; a classifier tries to tell them apart; a forecaster trained on synthetic "
    "data is tested on real data. Every metric is also shown for held-out *real* windows — what \"as good as "
    "real\" looks like.")

path = ui.zoo_path()
from analysis.series_views import project, zoo_datasets  # noqa: E402

names = zoo_datasets(path)
labels = {"etth1": "Electricity transformers (ETTh1, hourly)", "taylor": "Electricity demand (Taylor, half-hourly)",
          "co2": "Atmospheric CO₂ (Mauna Loa, weekly)", "upload": "Upload a CSV…"}
names = sorted(names, key=lambda n: (n != "etth1", n))
ui.init_from_query("series_data", (names or ["upload"])[0], ui.one_of(names + ["upload"], str))
c = st.columns([2, 3])
choice = c[0].selectbox("Dataset", names + ["upload"], key="series_data", format_func=lambda n: labels.get(n, n))
ui.write_query("series_data")
if choice == "upload":
    key = ui.upload_key(c[1], "CSV, wide (timestamp, one column per series) or long (timestamp, series id, value)",
                        ["csv"], "series", ui.SERIES_UPLOADS_STATE,
                        "Upload a CSV to train PSA-GAN, its ablations and the Context-FID encoder on it (quick settings).")
else:
    key = choice
try:
    bundle = ui.series_bundle(key, path)
    report = ui.cached_series_report(key, path)
except InputError as e:
    ui.error_panel(e)
    st.stop()

from analysis import readings  # noqa: E402
from analysis.plots import series as plots  # noqa: E402

st.caption(f"{bundle.data.source or bundle.data.name}: {len(bundle.data.series)} series; windows of "
           f"{report.real_train.shape[1]} steps, each min-max scaled to [0, 1]; the last 20% of each series is "
           "held out for evaluation. Simplified for a CPU: windows of 64 steps (the paper uses longer ones), "
           f"{bundle.training_note() or 'short training'}, and small CNN/MLP probes for the discriminative and "
           "predictive scores. One addition for short training: samples come from a moving average of the "
           "generator's weights (as ProGAN).")

st.subheader("Metrics")
frame = report.to_frame()
st.dataframe(plots.metrics_table(frame), hide_index=True, width="stretch")
st.caption(readings.series(frame, report.reference_mae))
st.download_button("Download the metrics (CSV)", frame.to_csv(index=False).encode(),
                   file_name=f"series_{report.dataset}.csv", mime="text/csv", key="series_download")

st.subheader("Real and synthetic windows")
gens = [g for g in report.samples if g != "real"]
ui.init_from_query("series_gen", gens[0], ui.one_of(gens, str))
ui.init_from_query("series_seed", 0, ui.bounded(0, 10**6, int))
c = st.columns([2, 1, 1])
gen = c[0].selectbox("Generator", gens, key="series_gen")
if c[2].button("Generate new", key="series_new"):
    st.session_state["series_seed"] += 1
seed = c[1].number_input("Seed", 0, 10**6, key="series_seed")
ui.write_query("series_gen", "series_seed")
import numpy as np  # noqa: E402

rng = np.random.default_rng(int(seed))
fake_all = report.samples[gen]
fake = fake_all[rng.permutation(len(fake_all))]
real = report.real_test[rng.permutation(len(report.real_test))]
left, right = st.columns(2)
left.plotly_chart(plots.side_by_side(real, fake, label=gen), width="stretch", key="series_side")
right.plotly_chart(plots.overlay(real, fake, label=gen), width="stretch", key="series_overlay")
st.plotly_chart(plots.distributions(report.real_train, fake_all, label=gen), width="stretch", key="series_dist")

st.subheader("Where the windows lie")
method = st.radio("Projection of the Context-FID embeddings", ["PCA", "t-SNE"], horizontal=True, key="series_proj")
k = min(600, len(real), len(fake))
z_real, z_fake = project(bundle.encoder.embed(real[:k]), bundle.encoder.embed(fake[:k]),
                         "pca" if method == "PCA" else "tsne")
st.plotly_chart(plots.embedding_map(z_real, z_fake, label=gen, method=method), width="stretch", key="series_map")

if bundle.stages:
    st.subheader("PSA-GAN as it grows")
    samples = {s: g.sample(3, seed=int(seed), stage=s).numpy() for s, g in bundle.stages.items()}
    st.plotly_chart(plots.stage_samples(samples), width="stretch", key="series_stages")
    st.caption("Samples of the generator saved after each growth stage: it first learns 8-step windows, then "
               "each stage doubles the length.")
