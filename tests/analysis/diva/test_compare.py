"""Two DIVA runs side by side: the AUROC against scikit-learn's, the pair's statistics on constructed runs, and
the pair of two stored zoo runs."""

import dataclasses

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from modeldash.analysis.diva import plots, readings
from modeldash.analysis.diva.compare import auroc, run_pair
from modeldash.analysis.diva.settings import DivaSettings
from modeldash.errors import InputError


def test_auroc_is_scikit_learns():
    rng = np.random.default_rng(0)
    score, pos = rng.normal(size=300).round(1), rng.random(300) < 0.3  # rounded: ties counted half
    assert auroc(score, pos) == pytest.approx(roc_auc_score(pos, score))
    assert np.isnan(auroc(score, np.zeros(300, bool)))


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The zoo CNN's stored reports at label-noise seeds 0 and 1 (default settings)."""
    from conftest import SHIPPED_STORE
    from modeldash.analysis.diva.service import stored_zoo_report

    return [stored_zoo_report("digits_cnn", folder=SHIPPED_STORE, settings=DivaSettings(seed=s))[0] for s in (0, 1)]


def test_a_run_against_itself_agrees_exactly(reports):
    pair = run_pair(reports[0], reports[0], ("a", "b"))
    assert pair.paired and pair.spearman == pytest.approx(1.0) and pair.auroc_difference == 0
    assert pair.diff_ci == (0.0, 0.0) and not pair.beyond_noise
    assert "within the noise" in readings.run_pair(pair)


def test_two_seeds_unpaired_and_a_shifted_run_beyond_noise(reports):
    a, b = reports
    pair = run_pair(a, b, ("seed 0", "seed 1"))
    assert not pair.paired  # different flips
    assert pair.auroc == (pytest.approx(a.noisy_auroc), pytest.approx(b.noisy_auroc))
    lo, hi = pair.diff_ci
    assert lo <= pair.auroc_difference <= hi
    top = pair.disagreements(5)
    d = np.abs(pair.weights[1] - pair.weights[0])
    assert np.allclose(np.abs(top["difference"]), np.sort(d)[::-1][:5])
    # a run whose weights rank the flipped labels at random finds them far worse: beyond the noise
    rng = np.random.default_rng(1)
    noisy = dataclasses.replace(
        a, reweighting=dataclasses.replace(a.reweighting, weights=rng.permutation(a.reweighting.weights))
    )
    worse = run_pair(a, noisy, ("a", "shuffled"))
    assert worse.paired and worse.beyond_noise and worse.diff_ci[1] < 0
    assert "larger than the noise" in readings.run_pair(worse)
    fig = plots.pair_scatter(pair)
    assert sum(len(t.x) for t in fig.data[:2]) == len(a.task.labels)


def test_runs_on_different_examples_are_refused(reports):
    a = reports[0]
    other = dataclasses.replace(a, task=dataclasses.replace(a.task, example_ids=a.task.example_ids + 1))
    with pytest.raises(InputError, match="different examples"):
        run_pair(a, other, ("a", "b"))
