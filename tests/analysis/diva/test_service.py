"""The DIVA service is the task and the report composed, nothing more."""

import numpy as np

from analysis.diva.report import diva_report
from analysis.diva.service import digits_report
from analysis.diva.task import digits_task
from models.zoo import load_model


def test_service_equals_task_then_report():
    _, model = load_model("digits_cnn")
    a = digits_report(model, noise=0.3, lam=1.0, steps=1, step_size=0.1, seed=5)
    b = diva_report(digits_task(model, noise_rate=0.3, seed=5), lam=1.0, n_steps=1, step_size=0.1, seed=5)
    timing = {"speedup"}  # wall-clock, measured in each run
    ha, hb = ({k: v for k, v in r.headline().items() if k not in timing} for r in (a, b))
    assert np.array_equal(a.reweighting.weights, b.reweighting.weights) and ha == hb
