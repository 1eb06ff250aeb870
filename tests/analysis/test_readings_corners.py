"""Readings stay true in every corner: no flips, one seed, ties, empty groups. They never print nan."""

import pandas as pd

from modeldash.analysis.coldstart import readings as cold_readings
from modeldash.analysis.coldstart.study import ColdStartReport
from modeldash.analysis.diva import readings as diva_readings
from modeldash.analysis.diva.service import digits_report
from modeldash.analysis.diva.settings import DivaSettings
from modeldash.models.zoo import load_model


def _cold(rows, **sizes):
    n = {"n_head": 5, "n_tail": 5, "n_isolated": 5, "n_train": 10, "n_val": 5, "n_test": 5} | sizes
    return ColdStartReport("toy", pd.DataFrame(rows), scheme="median", recorded=False, **n)


def _row(seed, model, acc):
    return {
        "seed": seed,
        "model": model,
        "acc_head": acc,
        "acc_tail": acc,
        "acc_isolated": acc,
        "acc_test": acc,
        "acc_all": acc,
    }


def test_diva_without_flipped_labels_says_so_and_prints_no_nan():
    text = diva_readings.headline(digits_report(load_model("digits_cnn")[1], DivaSettings(noise=0.0, steps=1)))
    assert "nan" not in text.lower() and "No label is flipped" in text and "0 have flipped labels" in text
    assert "Reweighting (1 step) " in text  # was "(1 steps)"


def test_coldstart_one_seed_claims_no_spread_and_ties_are_named_as_ties():
    rep = _cold([_row(0, m, 0.0) for m in ("gcn", "mlp", "coldbrew", "lp")])
    text = cold_readings.headline(rep)
    assert "±" not in text and "seed-to-seed noise" not in text and "one seed" in text
    assert "every model scores the same" in text and "leads" not in text and "level with" in text


def test_coldstart_spread_is_compared_only_with_several_seeds():
    rows = [_row(s, "mlp", 0.5 + 0.1 * s) for s in range(3)] + [_row(s, "coldbrew", 0.9) for s in range(3)]
    text = cold_readings.headline(_cold(rows))
    # student − MLP per seed: 0.4, 0.3, 0.2 → +30 points, 95% t-interval [+5.2, +54.8]: beyond the noise
    assert "beyond the seed-to-seed noise" in text and "[+5.2, +54.8]" in text and "Cold Brew (student) leads" in text


def test_coldstart_without_isolated_nodes():
    text = cold_readings.headline(_cold([_row(0, "gcn", 0.5), _row(0, "mlp", 0.4)], n_isolated=0))
    assert "no isolated nodes" in text and "nan" not in text.lower()


def test_a_value_that_rounds_to_zero_has_no_sign():
    """'-0.000' read as a negative effect on the page and in the report (the random agent's value on Zara 3)."""
    from modeldash.analysis.intervals import mean_interval_text, num

    assert num(-0.0001) == "0.000" and num(-0.0006) == "-0.001" and num(0.0) == "0.000"
    assert mean_interval_text(-0.00004, -0.001, 0.0009, 3) == "0.000 [-0.001, 0.001]"
    assert num(float("nan")) == "nan"


def test_an_accuracy_change_is_the_difference_of_the_shown_figures():
    """95.0% -> 95.2% read "+0.3 pt" (the change of the unrounded values); the change of the shown figures is
    +0.2; equal shown figures give no change; one step is "1 step"."""
    from modeldash.analysis.diva.readings import accuracy_change

    assert f"{0.95045:.1%}" == "95.0%" and f"{0.95245:.1%}" == "95.2%"
    assert accuracy_change(0.95045, 0.95245) == "+0.2 pt"
    assert accuracy_change(0.9504, 0.9501) is None and accuracy_change(0.9, 0.88) == "-2.0 pt"


def test_every_chart_axis_that_carries_numbers_has_a_title():
    """#29, item 7: the series histogram, autocorrelation and spectrum and the projection maps had untitled axes."""
    import numpy as np

    from modeldash.analysis.series.plots import distributions, embedding_map
    from modeldash.analysis.series.service import WindowMap

    rng = np.random.default_rng(0)
    real, fake = rng.normal(size=(30, 24)), rng.normal(size=(30, 24))
    fig = distributions(real, fake)
    for axis in ("xaxis", "xaxis2", "xaxis3", "yaxis", "yaxis2", "yaxis3"):
        assert fig.layout[axis].title.text, axis
    wmap = WindowMap("PSA-GAN", "PCA", rng.normal(size=(20, 2)), rng.normal(size=(20, 2)))
    fig = embedding_map(wmap)
    assert fig.layout.xaxis.title.text == "PCA 1" and fig.layout.yaxis.title.text == "PCA 2"
