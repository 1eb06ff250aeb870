"""Figures are checked on fig.data, not pixels."""

import numpy as np
import pytest

from modeldash.analysis.diva import plots, readings
from modeldash.analysis.diva.report import diva_report
from modeldash.analysis.diva.task import digits_task
from modeldash.models.zoo import load_model


@pytest.fixture(scope="module")
def report():
    _, model = load_model("digits_cnn")
    return diva_report(digits_task(model), n_steps=2)


def test_gallery_shows_lowest_then_highest_weights(report):
    fig = plots.weight_gallery(report, n=6)
    assert len(fig.data) == 1 and np.isfinite(fig.data[0].z).sum() == 12 * 64
    frame = report.to_frame()
    titles = [a.text for a in fig.layout.annotations]
    assert len(titles) == 12
    assert titles[0].endswith(f"{frame.weight.iloc[0]:.2f}")
    assert titles[6].endswith(f"{frame.weight.iloc[-1]:.2f}")


def test_histogram_splits_clean_and_flipped(report):
    fig = plots.weight_histogram(report)
    assert [len(t.x) for t in fig.data] == [(~report.task.flipped).sum(), report.task.flipped.sum()]


def test_curves_plot_the_report_numbers(report):
    fig = plots.removal_plot(report)
    np.testing.assert_array_equal(fig.data[2].y, report.removal.acc_lowest)
    fig = plots.extend_plot(report)
    np.testing.assert_array_equal(fig.data[1].x, report.extension.sizes_diva)


def test_plots_reject_the_wrong_type():
    with pytest.raises(TypeError, match="DivaReport"):
        plots.weight_histogram({"weights": [1, 2]})


def test_reading_quotes_the_numbers(report):
    s = readings.headline(report)
    assert f"{report.noisy_auroc:.3f}" in s and str(int(report.task.flipped.sum())) in s
