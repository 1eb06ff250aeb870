"""PSA-GAN's learning curve: budgets as multiples of the demo run, generator steps by hand, a point scored exactly
as the report scores a generator, and the curve's summary."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from modeldash.analysis.series.curve import LearningCurve, at_multiple, context_fid_norm, curve_rows, generator_steps
from modeldash.models.series_psagan_fit import BUDGETS, QUICK, GANSettings


def test_generator_steps_and_budgets_by_hand():
    demo = BUDGETS["demo"]
    assert generator_steps(demo) == 25 + (2000 - 25 * 51) // 3 == 266  # 1,275 warm-up iterations, then 1 in 3
    assert generator_steps(BUDGETS["long"]) == 25 + (3000 - 1275) // 3
    four = at_multiple(demo, 4)
    assert (four.batches_per_epoch, four.epochs, four.schedule, four.fade_epochs) == (400, 20, (5, 10, 15), 2)
    assert generator_steps(dataclasses.replace(GANSettings(), batches_per_epoch=10)) == 200 // 51


@pytest.fixture(scope="module")
def taylor():
    from modeldash.analysis.series.service import load_series

    return load_series("taylor")


@pytest.mark.slow
def test_a_point_is_scored_as_the_report_scores_a_generator(taylor):
    from modeldash.analysis.series.report import series_report

    rows = curve_rows(taylor.data, taylor.encoders, "psagan", 0, multiples=(1.0, 2.0), base=QUICK)
    assert [r["iterations"] for r in rows] == [32, 64] and all(r["context_fid_norm"] > 0 for r in rows)
    g = taylor.generators["PSA-GAN"][0]
    ours = context_fid_norm(taylor.data, taylor.encoders, g)
    rep = series_report(taylor.data, taylor.encoders, {"PSA-GAN": [g]}, n_runs=2, references=False)
    assert ours == pytest.approx(rep.per_seed().set_index("generator").loc["PSA-GAN", "context_fid_norm"], rel=1e-6)


def test_summary_and_whether_the_curve_still_improves():
    rows = pd.DataFrame(
        [
            {"variant": v, "seed": s, "multiple": m, "iterations": int(2000 * m), "generator_steps": 1,
             "context_fid_norm": y}
            for v, ys in {"psagan": [[1.0, 0.6, 0.3], [1.2, 0.7, 0.35]], "no_fade": [[1.0, 0.5, 0.52], [1.1, 0.5, 0.49]]}.items()
            for s, yy in enumerate(ys)
            for m, y in zip((1.0, 2.0, 4.0), yy)
        ]
    )  # fmt: skip
    c = LearningCurve("toy", rows)
    s = c.summary().set_index(["variant", "multiple"])
    assert s.loc[("psagan", 4.0), "mean"] == pytest.approx(0.325) and s.loc[("psagan", 4.0), "seeds"] == 2
    assert s.loc[("psagan", 1.0), "lo"] >= 0  # a distance: the interval is cut at 0
    assert c.still_improving("psagan") is True  # 0.65 → 0.325 at both seeds
    assert c.still_improving("no_fade") is False  # +0.02 and −0.01: flat within the seeds
    assert not np.isnan(s.loc[("no_fade", 2.0), "hi"])


def test_the_curve_figure_and_reading():
    from modeldash.analysis.series import plots, readings

    rows = pd.DataFrame(
        [
            {"variant": "psagan", "seed": s, "multiple": m, "iterations": int(2000 * m), "generator_steps": 7,
             "context_fid_norm": 1.0 / m + 0.01 * s}
            for s in (0, 1)
            for m in (0.5, 1.0, 2.0)
        ]
    )  # fmt: skip
    curve = LearningCurve("toy", rows)
    fig = plots.learning_curve(curve, ["demo"])  # the demo budget: 2,000 iterations
    assert list(fig.data[0].x) == [1000, 2000, 4000] and len(fig.data[1].x) == 6  # means, then every seed
    assert fig.layout.xaxis.type == "log" and fig.layout.shapes[0].x0 == 2000
    text = readings.learning_curve(curve)
    assert "PSA-GAN 2.00 at 0.5×, 1.00 at 1×, 0.51 at 2× (still falling at the largest budget)" in text
    assert "1,000 to 4,000" in text
