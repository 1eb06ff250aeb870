"""The DIVA service is the task and the report composed, nothing more."""

import numpy as np

from modeldash.analysis.diva.report import diva_report
from modeldash.analysis.diva.service import digits_report
from modeldash.analysis.diva.settings import DivaSettings
from modeldash.analysis.diva.task import digits_task
from modeldash.models.zoo import load_model
from tests.tolerance import assert_close_across_machines


def test_service_equals_task_then_report():
    _, model = load_model("digits_cnn")
    a = digits_report(model, DivaSettings(noise=0.3, lam=1.0, steps=1, step_size=0.1, seed=5))
    b = diva_report(digits_task(model, noise_rate=0.3, seed=5), lam=1.0, n_steps=1, step_size=0.1, seed=5)
    timing = {"speedup"}  # wall-clock, measured in each run
    ha, hb = ({k: v for k, v in r.headline().items() if k not in timing} for r in (a, b))
    assert np.array_equal(a.reweighting.weights, b.reweighting.weights) and ha == hb


def test_the_shipped_store_opens_the_default_report_and_it_agrees_with_a_fresh_one(tmp_path):
    """The page's first visit reads the bundled zoo's default report from models/results (so it opens fast);
    that stored report is what computing it now gives, to floating-point tolerance."""
    import shutil

    from modeldash.analysis.diva.service import report_key, stored_digits_report
    from modeldash.analysis.store import digest
    from modeldash.models.zoo import zoo_dir

    weights = digest((zoo_dir() / "digits_cnn.safetensors").read_bytes())
    key = report_key(weights, DivaSettings(noise=0.2, lam=1.0, steps=2, step_size=0.1, seed=0))
    shipped = zoo_dir().parent / "results"
    assert (shipped / f"{key}.parquet").exists(), "refresh the store: python -m modeldash precompute all"
    for f in shipped.glob(f"{key}.*"):
        shutil.copy(f, tmp_path)
    stored, origin = stored_digits_report(weights, lambda: 1 / 0, folder=tmp_path)  # a hit never loads the model
    assert origin.origin == "store"
    fresh = digits_report(load_model("digits_cnn")[1])
    assert_close_across_machines(stored.reweighting.weights, fresh.reweighting.weights)
    assert_close_across_machines(stored.reweighting.derivative, fresh.reweighting.derivative)
    for k in ("acc_before", "acc_after", "acc_clean_oracle", "noisy_auroc", "derivative_auroc"):
        assert abs(getattr(stored, k) - getattr(fresh, k)) < 1e-9, k
    np.testing.assert_allclose(stored.removal.acc_lowest, fresh.removal.acc_lowest, atol=1e-9)
    np.testing.assert_array_equal(stored.task.labels, fresh.task.labels)
