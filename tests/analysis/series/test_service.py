"""The series service on the bundled Taylor zoo entries: the report's rows against an independent computation
(FID by hand, conditional samples regenerated, t-intervals by scipy), the paired claims by hand, seeded draws,
the joint map against sklearn's PCA, stage samples, the store, and a researcher's samples."""

import numpy as np
import pytest
from scipy import stats

from modeldash.analysis.series import plots, readings
from modeldash.analysis.series.metrics import frechet_distance
from modeldash.analysis.series.report import series_report
from modeldash.analysis.series.results import draws
from modeldash.analysis.series.service import WindowMap, draw_windows, load_series, stage_samples, window_map
from modeldash.models.zoo import DEFAULT_ZOO

pytestmark = pytest.mark.skipif(not (DEFAULT_ZOO / "series_taylor_encoder_s0.json").exists(), reason="no series zoo")
SMALL = dict(n_runs=2, size=128, seed=0)  # a small evaluation: the same code, fewer windows


def _fid(a, b):
    return frechet_distance(a.mean(0), np.cov(a, rowvar=False), b.mean(0), np.cov(b, rowvar=False))


@pytest.fixture(scope="module")
def bundle():
    return load_series("taylor")


@pytest.fixture(scope="module")
def small(bundle):
    """Two seeds of PSA-GAN and of the ablation without moment loss, two encoders."""
    gens = {k: bundle.generators[k][:2] for k in ("PSA-GAN", "PSA-GAN w/o moment loss")}
    return series_report(bundle.data, bundle.encoders[:2], gens, **SMALL)


@pytest.mark.slow
def test_rows_agree_with_an_independent_computation(bundle, small):
    held = bundle.data.window_set("test")
    (a0, b0), (a1, _) = draws(len(held), n_runs=2, size=128, seed=0)
    assert len(a0) == 128 and not set(a0) & set(b0)
    enc = bundle.encoders[1]
    # PSA-GAN seed 1 under encoder 1: its samples regenerated from each run's real windows' conditioning
    g = bundle.generators["PSA-GAN"][1]
    cf, raw = [], []
    for r, a in enumerate((a0, a1)):
        fake = g.generate(held.features[a], held.ids[a], seed=r)
        cf.append(_fid(enc.embed(fake), enc.embed(held.values[a])))
        raw.append(_fid(fake, held.values[a]))
    row = small.runs.set_index(["generator", "seed", "encoder"]).loc[("PSA-GAN", 1, 1)]
    assert row.context_fid == pytest.approx(np.mean(cf), rel=1e-6)
    assert row.raw_fid == pytest.approx(np.mean(raw), rel=1e-6)
    # the floor's draw 0 against run 0's compared windows, normalised by i.i.d. noise's Context-FID
    floor = small.runs.set_index(["generator", "seed", "encoder"]).loc[("real", 0, 1)]
    assert floor.context_fid == pytest.approx(_fid(enc.embed(held.values[b0]), enc.embed(held.values[a0])), rel=1e-6)
    assert floor.context_fid_norm == pytest.approx(floor.context_fid / floor.noise_fid, rel=1e-9)
    # the pictures' samples are seed 0's run-0 samples, generated from the shown real windows' conditioning
    np.testing.assert_allclose(
        small.samples["PSA-GAN"], bundle.generators["PSA-GAN"][0].generate(held.features[a0], held.ids[a0], seed=0)
    )
    # a table row: the mean over seeds of each seed's mean over encoders, with Student's t interval
    per_seed = small.runs[small.runs.generator == "PSA-GAN"].groupby("seed").context_fid_norm.mean()
    s = small.to_frame().set_index("generator").loc["PSA-GAN"]
    h = stats.t.ppf(0.975, 1) * per_seed.std(ddof=1) / np.sqrt(2)
    assert s.context_fid_norm == pytest.approx(per_seed.mean())
    lo = max(0.0, per_seed.mean() - h)  # a distance's interval stops at 0
    assert (s.context_fid_norm_lo, s.context_fid_norm_hi) == pytest.approx((lo, per_seed.mean() + h))
    assert s.n_seeds == 2 and small.to_frame().set_index("generator").loc["AR baseline"].n_seeds == 5
    assert small.to_frame().set_index("generator").loc["real"].context_fid_norm < s.context_fid_norm


def test_claims_are_paired_log_ratios_by_hand(small):
    from modeldash.analysis.series.claims import series_report_claims
    from modeldash.analysis.series.compare import log_ratios

    runs = small.runs.set_index(["generator", "seed", "encoder"]).context_fid
    by_hand = [
        np.mean([np.log(runs["PSA-GAN w/o moment loss", s, e] / runs["PSA-GAN", s, e]) for e in range(2)])
        for s in range(2)
    ]
    np.testing.assert_allclose(log_ratios(small, "PSA-GAN w/o moment loss", "PSA-GAN"), by_hand)
    claims = {c.quantity.split(" / ")[0]: c for c in series_report_claims("taylor", small)}
    c = claims["log(Context-FID PSA-GAN w/o moment loss"]
    assert c.estimate == pytest.approx(np.mean(by_hand)) and c.n == 2 and c.test == "above"
    want = stats.ttest_1samp(by_hand, 0).confidence_interval(0.95)  # Student's t over the two paired seeds
    assert c.ci == pytest.approx((want.low, want.high)) and c.method == "Student's t"
    table = plots.paired_table(series_report_claims("taylor", small))
    assert list(table["PSA-GAN against"]) == ["PSA-GAN w/o moment loss", "AR baseline"]


def test_readings_state_the_numbers(small):
    frame = small.to_frame()
    text = readings.headline(frame, small.reference_mae)
    best = frame[frame.generator != "real"].sort_values("context_fid_norm").iloc[0]
    assert f"Closest to real by Context-FID: {best.generator}" in text and f"{best.context_fid_norm:.3f}" in text
    table = plots.metrics_table(frame)
    assert table.columns[1] == "Context-FID (noise = 1)" and "[" in table.iloc[0, 1]


def test_ranking_reading_compares_the_orders(small):
    import dataclasses

    swapped = dataclasses.replace(small, scores=tuple(reversed(small.scores[:-1])) + small.scores[-1:])
    assert readings.ranking({"a": small, "b": small}).startswith("The order by mean Context-FID is the same")
    flipped = dataclasses.replace(
        small,
        scores=tuple(
            dataclasses.replace(s, means=s.means | {"context_fid_norm": -s.means["context_fid_norm"]})
            if s.generator != "real"
            else s
            for s in swapped.scores
        ),
    )
    assert "changes between budgets" in readings.ranking({"a": small, "b": flipped})
    fig = plots.ranking({"a": small, "b": small})
    assert len(fig.data) == 2 and list(fig.data[0].y) == [s.generator for s in small.scores if s.generator != "real"]


def test_draw_is_the_seeded_permutation(small):
    d = draw_windows(small, "PSA-GAN", seed=4)
    rng = np.random.default_rng(4)
    assert np.array_equal(d.real, small.real_test[rng.permutation(len(small.real_test))])
    assert np.array_equal(d.fake, small.samples["PSA-GAN"][rng.permutation(len(small.samples["PSA-GAN"]))])


def test_window_map_is_one_pca_over_both_sides(bundle, small):
    from sklearn.decomposition import PCA

    d = draw_windows(small, "AR baseline", seed=0)
    m = window_map(bundle, d, method="pca", k=100)
    enc = bundle.encoders[0]
    z = np.concatenate([enc.embed(d.real[:100]), enc.embed(d.fake[:100])])
    ref = PCA(n_components=2, random_state=0).fit_transform(z)
    assert isinstance(m, WindowMap) and m.method == "PCA"
    assert np.allclose(np.concatenate([m.real_xy, m.fake_xy]), ref)
    fig = plots.embedding_map(m)
    assert [t.name for t in fig.data] == ["real", "AR baseline"] and np.allclose(fig.data[0].x, m.real_xy[:, 0])


def test_stage_samples_double_in_length(bundle):
    s = stage_samples(bundle, n=2, seed=1)
    assert {k: v.shape for k, v in s.items()} == {k: (2, 8 * 2**k) for k in range(4)}
    fig = plots.stage_samples(s, k=2)
    assert len(fig.data) == 2 * len(s) and np.allclose(fig.data[0].y, s[0][0])


def test_window_figures_draw_their_inputs(small):
    d = draw_windows(small, "PSA-GAN", seed=0)
    fig = plots.side_by_side(d.real, d.fake, k=3)
    assert len(fig.data) == 6 and np.allclose(fig.data[0].y, d.real[0]) and np.allclose(fig.data[1].y, d.fake[0])
    ov = plots.overlay(d.real, d.fake, k=5)
    means = [t for t in ov.data if t.name and t.name.endswith("mean")]
    assert np.allclose(means[0].y, d.real.mean(0)) and np.allclose(means[1].y, d.fake.mean(0))
    with pytest.raises(TypeError, match="WindowMap"):
        plots.embedding_map(d.real)


@pytest.mark.slow
def test_the_shipped_store_opens_each_dataset_and_budget_and_agrees_with_a_fresh_computation(bundle, tmp_path):
    """The page's first visit reads each bundled dataset's report from models/results; Taylor's stored rows for
    PSA-GAN's seed 0, the AR baseline and the floor are what scoring now gives (the same runs: the draws depend
    on the seed and the data only; the real windows are cut from the data again, not stored)."""
    import shutil

    from modeldash.analysis.series.service import report_key, stored_report, zoo_budgets, zoo_datasets
    from modeldash.models.zoo import zoo_dir

    shipped = zoo_dir().parent / "results"
    for name in zoo_datasets():
        for budget in zoo_budgets(name):
            key = report_key(name, budget=budget)
            assert (shipped / f"{key}.parquet").exists(), f"refresh the store for {name}: precompute series"
    for f in shipped.glob(f"{report_key('taylor')}.*"):
        shutil.copy(f, tmp_path)
    stored, origin = stored_report("taylor", folder=tmp_path, bundle=lambda: 1 / 0)
    assert origin.origin == "store" and stored.n_encoders == 3
    fresh = series_report(bundle.data, bundle.encoders, {"PSA-GAN": bundle.generators["PSA-GAN"][:1]})
    cols = ["generator", "seed", "encoder"]
    a = stored.runs.set_index(cols).sort_index()
    b = fresh.runs.set_index(cols).sort_index()
    np.testing.assert_allclose(a.loc[b.index].to_numpy(float), b.to_numpy(float), rtol=1e-4, atol=1e-7)
    for k in ("PSA-GAN", "AR baseline"):
        np.testing.assert_allclose(stored.samples[k], fresh.samples[k], atol=1e-6)
    np.testing.assert_array_equal(stored.real_train, fresh.real_train)
    np.testing.assert_array_equal(stored.real_test, fresh.real_test)


def test_your_samples_are_scored_exactly_like_a_bundled_generator(bundle, small):
    """A researcher's samples (here PSA-GAN seed 0's run-0 samples) are scored in the report's own runs, against
    the same real windows and encoders: each run compares a seeded subset of them."""
    from modeldash.analysis.series.service import with_samples

    held = bundle.data.window_set("test")
    (a0, _), _ = draws(len(held), n_runs=2, size=128, seed=0)
    mine = bundle.generators["PSA-GAN"][0].generate(held.features[a0], held.ids[a0], seed=0)
    out = with_samples(small, bundle, {"mine (yours)": mine}, seed=0)
    frame = out.to_frame().set_index("generator")
    assert list(frame.index[-2:]) == ["AR baseline", "real"] and "mine (yours)" in out.samples
    assert list(out.samples)[-2:] == ["mine (yours)", "AR baseline"] and frame.loc["mine (yours)"].n_seeds == 1
    row = out.runs.set_index(["generator", "encoder"]).loc[("mine (yours)", 0)]
    enc = bundle.encoders[0]
    reals = [held.values[a] for a, _ in draws(len(held), n_runs=2, size=128, seed=0)]
    rng = np.random.default_rng(0)
    picks = [mine[rng.choice(len(mine), min(len(r), len(mine)), replace=False)] for r in reals]
    expected = np.mean([_fid(enc.embed(p), enc.embed(r)) for p, r in zip(picks, reals)])
    assert row.context_fid == pytest.approx(expected, rel=1e-6)


def test_a_metric_added_as_one_row_reaches_the_scores_the_tables_and_the_comparison(bundle, monkeypatch):
    """docs/developing.md's "Add a metric", followed: a function and one row of results.METRICS (here the gap
    between the samples' and the training windows' means, checked by hand) and nothing else."""
    from modeldash.analysis.series import results
    from modeldash.analysis.series.compare import generator_pair

    row = results.Metric("mean_gap", "mean gap", 4, probe=lambda p: float(abs(p.samples.mean() - p.train.mean())))
    monkeypatch.setattr(results, "METRICS", (*results.METRICS, row))
    gens = {k: bundle.generators[k][:2] for k in ("PSA-GAN", "PSA-GAN w/o moment loss")}
    rep = series_report(bundle.data, bundle.encoders[:1], gens, n_runs=1, size=64, seed=0)
    train = bundle.data.windows("train")
    by_seed = rep.seeds.set_index(["generator", "seed"]).mean_gap
    assert by_seed.loc[("PSA-GAN", 0)] == pytest.approx(abs(rep.samples["PSA-GAN"].mean() - train.mean()))
    frame = rep.to_frame().set_index("generator")
    assert frame.loc["PSA-GAN", "mean_gap"] == pytest.approx(by_seed.loc["PSA-GAN"].mean())
    assert "mean gap" in plots.metrics_table(rep.to_frame()).columns
    pair = generator_pair(rep, "PSA-GAN", "PSA-GAN w/o moment loss")
    assert "mean gap" in set(pair.table.metric)
    assert any(r["mean_gap"] >= 0 for r in rep.headline())
