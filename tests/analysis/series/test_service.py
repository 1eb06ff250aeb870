"""The series service and figures on the bundled CO₂ zoo entry: seeded draws, the joint map against sklearn's
PCA, stage samples, and the figures' data against their inputs."""

import numpy as np
import pytest

from analysis.series import plots, readings
from analysis.series.metrics import fid_of_embeddings
from analysis.series.report import series_report
from analysis.series.service import WindowMap, draw_windows, load_series, stage_samples, window_map
from models.zoo import DEFAULT_ZOO

pytestmark = pytest.mark.skipif(not (DEFAULT_ZOO / "series_co2_encoder.json").exists(), reason="no series zoo")


@pytest.fixture(scope="module")
def bundle():
    return load_series("co2")


@pytest.fixture(scope="module")
def rep(bundle):
    return series_report(bundle.data, bundle.encoder, bundle.generators, n=300, seed=0)


def test_report_rows_and_the_real_floor_by_an_independent_fid(bundle, rep):
    frame = rep.to_frame()
    assert set(frame.generator) == {*bundle.generators, "AR baseline", "real"}
    real = frame.set_index("generator").loc["real"]
    zr, zf = bundle.encoder.embed(rep.real_train), bundle.encoder.embed(rep.samples["real"])
    assert real.context_fid == pytest.approx(fid_of_embeddings(zr, zf, seed=0)[0], rel=1e-9)
    assert [r["generator"] for r in rep.headline()] == list(frame.generator)
    text = readings.headline(frame, rep.reference_mae)
    assert f"{real.context_fid:.3f}" in text and "Closest to real by Context-FID" in text


def test_draw_is_the_seeded_permutation(rep):
    d = draw_windows(rep, "PSA-GAN", seed=4)
    rng = np.random.default_rng(4)
    assert np.array_equal(d.real, rep.real_test[rng.permutation(len(rep.real_test))])
    assert np.array_equal(d.fake, rep.samples["PSA-GAN"][rng.permutation(len(rep.samples["PSA-GAN"]))])


def test_window_map_is_one_pca_over_both_sides(bundle, rep):
    from sklearn.decomposition import PCA

    d = draw_windows(rep, "AR baseline", seed=0)
    m = window_map(bundle, d, method="pca", k=100)
    z = np.concatenate([bundle.encoder.embed(d.real[:100]), bundle.encoder.embed(d.fake[:100])])
    ref = PCA(n_components=2, random_state=0).fit_transform(z)
    assert isinstance(m, WindowMap) and m.method == "PCA"
    assert np.allclose(np.concatenate([m.real_xy, m.fake_xy]), ref)
    fig = plots.embedding_map(m)
    assert [t.name for t in fig.data] == ["real", "AR baseline"] and np.allclose(fig.data[0].x, m.real_xy[:, 0])


def test_stage_samples_double_in_length(bundle):
    s = stage_samples(bundle, n=2, seed=1)
    assert {k: v.shape for k, v in s.items()} == {k: (2, 8 * 2**k) for k in s}
    fig = plots.stage_samples(s, k=2)
    assert len(fig.data) == 2 * len(s) and np.allclose(fig.data[0].y, s[0][0])


def test_window_figures_draw_their_inputs(rep):
    d = draw_windows(rep, "PSA-GAN", seed=0)
    fig = plots.side_by_side(d.real, d.fake, k=3)
    assert len(fig.data) == 6 and np.allclose(fig.data[0].y, d.real[0]) and np.allclose(fig.data[1].y, d.fake[0])
    ov = plots.overlay(d.real, d.fake, k=5)
    means = [t for t in ov.data if t.name and t.name.endswith("mean")]
    assert np.allclose(means[0].y, d.real.mean(0)) and np.allclose(means[1].y, d.fake.mean(0))
    with pytest.raises(TypeError, match="WindowMap"):
        plots.embedding_map(d.real)


def test_the_shipped_store_opens_each_dataset_and_agrees_with_a_fresh_report(bundle, tmp_path):
    """The page's first visit reads each bundled dataset's report from models/results; CO₂'s stored report is
    what scoring now gives (the real windows are cut from the data again, not stored)."""
    import shutil

    from analysis.series.service import report, report_key, stored_report, zoo_datasets
    from models.zoo import zoo_dir

    shipped = zoo_dir().parent / "results"
    for name in zoo_datasets():
        assert (shipped / f"{report_key(name)}.parquet").exists(), f"refresh the store for {name}: precompute all"
    for f in shipped.glob(f"{report_key('co2')}.*"):
        shutil.copy(f, tmp_path)
    stored, origin = stored_report("co2", folder=tmp_path, bundle=lambda: 1 / 0)
    assert origin.origin == "store"
    fresh = report(bundle)
    a, b = stored.to_frame().set_index("generator"), fresh.to_frame().set_index("generator")
    assert list(a.index) == list(b.index)
    np.testing.assert_allclose(a.to_numpy(float), b.to_numpy(float), rtol=1e-4, atol=1e-6)
    for k in fresh.samples:
        np.testing.assert_allclose(stored.samples[k], fresh.samples[k], atol=1e-6)
    np.testing.assert_array_equal(stored.real_train, fresh.real_train)
    np.testing.assert_array_equal(stored.real_test, fresh.real_test)


def test_your_samples_are_scored_exactly_like_a_bundled_generator(bundle, rep):
    """Upload PSA-GAN's own samples as if they were a researcher's: their row equals PSA-GAN's row, and they sit
    before the baseline and the real floor in the table and the pictures."""
    from analysis.series.service import with_samples

    out = with_samples(rep, bundle, {"mine (yours)": rep.samples["PSA-GAN"]}, seed=0)
    frame = out.to_frame().set_index("generator")
    a, b = frame.loc["mine (yours)"], frame.loc["PSA-GAN"]
    np.testing.assert_allclose(a.to_numpy(float), b.to_numpy(float), rtol=1e-9)
    assert list(frame.index[-2:]) == ["AR baseline", "real"] and "mine (yours)" in out.samples
    assert list(out.samples)[-2:] == ["AR baseline", "real"]
