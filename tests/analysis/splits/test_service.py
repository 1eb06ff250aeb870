"""The splits service: the zoo's rows per split and their live re-evaluation against the record."""

import pytest

from analysis.splits.service import evaluate_zoo_split, headline, split_models, zoo_loader, zoo_scores
from errors import InputError


@pytest.fixture(scope="module")
def frame():
    f = zoo_scores()
    if f.empty:
        pytest.skip("no splits models in the zoo")
    return f


def test_live_evaluation_agrees_with_the_record(frame):
    load = zoo_loader()
    evals = evaluate_zoo_split(frame, "scenes", "interpolation", load)
    rec = frame[(frame.dataset == "scenes") & (frame.split == "interpolation")].set_index("kind")
    assert {e.model for e in evals} == set(rec.index)
    for e in evals:  # float results differ across CPUs and thread counts: agree to a stated tolerance
        assert e.r2 == pytest.approx(rec.loc[e.model, "r2"], abs=1e-5)
    assert set(split_models(frame, "scenes", "interpolation", load)) == set(rec.index)


def test_headline_rows_and_an_unknown_split(frame):
    sub = frame[(frame.dataset == "dsprites") & (frame.split == "random")]
    rows = headline(sub, zoo_loader())
    assert len(rows) == len(sub) and {"model", "architecture", "r2", "r2_train", "r2_per_factor"} <= set(rows[0])
    with pytest.raises(InputError, match="no splits models"):
        evaluate_zoo_split(frame, "dsprites", "nonsense", zoo_loader())
