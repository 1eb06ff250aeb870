"""The splits service: the zoo's rows per split and their live re-evaluation against the record."""

import pytest

from modeldash.analysis.splits.service import evaluate_zoo_split, headline, split_models, zoo_loader, zoo_scores
from modeldash.errors import InputError


@pytest.fixture(scope="module")
def frame():
    f = zoo_scores()
    if f.empty:
        pytest.skip("no splits models in the zoo")
    return f


@pytest.mark.slow
def test_live_evaluation_agrees_with_the_record(frame):
    load = zoo_loader()
    evals = evaluate_zoo_split(frame, "scenes", "interpolation", load)
    rec = frame[(frame.dataset == "scenes") & (frame.split == "interpolation")].set_index("kind")
    assert {e.model for e in evals} == set(rec.index)
    for e in evals:  # float results differ across CPUs and thread counts: agree to a stated tolerance
        assert e.r2 == pytest.approx(rec.loc[e.model, "r2"], abs=1e-5)
    assert set(split_models(frame, "scenes", "interpolation", load)) == set(rec.index)


@pytest.mark.slow
def test_headline_rows_and_an_unknown_split(frame):
    sub = frame[(frame.dataset == "dsprites") & (frame.split == "random")]
    rows = headline(sub, zoo_loader())
    assert len(rows) == len(sub) and {"model", "architecture", "r2", "r2_train", "r2_per_factor"} <= set(rows[0])
    with pytest.raises(InputError, match="no splits models"):
        evaluate_zoo_split(frame, "dsprites", "nonsense", zoo_loader())


@pytest.mark.slow
def test_the_shipped_store_opens_the_default_split_and_it_agrees_with_a_fresh_evaluation(frame, tmp_path):
    """The page's default split is read from models/results on a first visit; it is what evaluating now gives."""
    import shutil

    import numpy as np

    from modeldash.analysis.splits.service import evaluation_key, stored_evaluation
    from modeldash.models.zoo import zoo_dir

    key = evaluation_key(frame, "dsprites", "extrapolation")
    shipped = zoo_dir().parent / "results"
    assert (shipped / f"{key}.parquet").exists(), "refresh the store: python -m modeldash precompute all"
    for f in shipped.glob(f"{key}.*"):
        shutil.copy(f, tmp_path)
    stored, origin = stored_evaluation(frame, "dsprites", "extrapolation", lambda name: 1 / 0, folder=tmp_path)
    assert origin.origin == "store"
    fresh = {e.model: e for e in evaluate_zoo_split(frame, "dsprites", "extrapolation", zoo_loader())}
    for e in stored:
        f = fresh[e.model]
        np.testing.assert_array_equal(e.test_idx, f.test_idx)
        np.testing.assert_allclose(e.pred, f.pred, atol=1e-5)
        np.testing.assert_allclose(e.r2_per_factor, f.r2_per_factor, atol=1e-5)
        assert e.space == f.space and e.split == f.split
