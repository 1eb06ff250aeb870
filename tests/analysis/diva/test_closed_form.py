"""analysis/diva.py against independent answers: brute-force refits, the paper's literal Prop. 3,
finite differences, and a case solved by hand."""

import numpy as np
import pytest

from modeldash.analysis.diva.closed_form import (
    dataset_derivative,
    loo_brute_force,
    loo_closed_form,
    one_hot,
    reweight,
    ridge_fit,
)
from modeldash.errors import InputError


def _data(n=240, d=12, k=4, seed=0):
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(n, d))
    y = rng.integers(0, k, size=n)
    return Z, one_hot(y, k)


def test_closed_form_loo_matches_refitting_without_each_example():
    Z, Y = _data()
    alpha = np.random.default_rng(1).uniform(0.0, 2.0, size=len(Z))
    alpha[:10] = 0.0  # zero-weight examples: LOO prediction is the plain prediction
    closed = loo_closed_form(Z, Y, alpha, lam=0.3)
    brute = loo_brute_force(Z, Y, alpha, lam=0.3)
    assert len(brute) >= 200
    np.testing.assert_allclose(closed, brute, atol=1e-10, rtol=0)


def test_closed_form_equals_the_papers_proposition_3_literally():
    Z, Y = _data(n=60, d=5, k=3)
    alpha = np.random.default_rng(2).uniform(0.2, 1.5, size=len(Z))
    lam = 0.7
    D = np.diag(alpha)
    C = np.linalg.inv(Z.T @ D @ Z + lam * np.eye(Z.shape[1]))
    sD = np.sqrt(D)
    R = sD @ Z @ C @ Z.T @ sD
    RsDY = R @ sD @ Y
    r = np.diag(R)[:, None]
    sa = np.sqrt(alpha)[:, None]
    paper = (RsDY - r * sa * Y) / (sa * (1 - r))
    np.testing.assert_allclose(loo_closed_form(Z, Y, alpha, lam=lam), paper, atol=1e-10)


def test_zero_weight_loo_is_plain_prediction():
    Z, Y = _data(n=50, d=4, k=2)
    alpha = np.ones(len(Z))
    alpha[7] = 0.0
    W = ridge_fit(Z, Y, alpha, lam=1.0)
    np.testing.assert_allclose(loo_closed_form(Z, Y, alpha, lam=1.0)[7], Z[7] @ W, atol=1e-12)


def test_hand_solved_one_dimensional_case():
    # z = (1, 1, 2), y = (1, 0, 1) (one output), alpha = 1, lam = 1:
    # w = sum z y / (sum z^2 + 1) = 3 / 7. Without example 0: w = 2 / 6 = 1/3, prediction 1/3.
    Z = np.array([[1.0], [1.0], [2.0]])
    Y = np.array([[1.0], [0.0], [1.0]])
    assert ridge_fit(Z, Y, np.ones(3), lam=1.0)[0, 0] == pytest.approx(3 / 7)
    loo = loo_closed_form(Z, Y, np.ones(3), lam=1.0)
    # without 1: w = 3/6 -> 1/2; without 2: w = 1/3 -> 2/3
    np.testing.assert_allclose(loo[:, 0], [1 / 3, 1 / 2, 2 / 3], atol=1e-14)


@pytest.mark.parametrize("validation", [False, True])
def test_dataset_derivative_matches_finite_differences(validation):
    Z, Y = _data(n=80, d=6, k=3, seed=3)
    Zv, Yv = _data(n=30, d=6, k=3, seed=4)
    alpha = np.random.default_rng(5).uniform(0.5, 1.5, size=len(Z))
    kw = dict(val_features=Zv, val_targets=Yv) if validation else {}
    d = dataset_derivative(Z, Y, alpha, lam=0.5, **kw)
    eps = 1e-6
    for j in [0, 13, 41, 79]:
        up, down = alpha.copy(), alpha.copy()
        up[j] += eps
        down[j] -= eps
        fd = (
            dataset_derivative(Z, Y, up, lam=0.5, **kw).value - dataset_derivative(Z, Y, down, lam=0.5, **kw).value
        ) / (2 * eps)
        assert d.grad[j] == pytest.approx(fd, rel=1e-5, abs=1e-8)
    assert d.objective == ("validation" if validation else "loo")


def test_derivative_flags_mislabelled_examples():
    # two clean clusters; examples 0-4 carry the other cluster's label
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 50)
    Z = np.c_[np.where(y == 0, -1.0, 1.0) + 0.2 * rng.normal(size=100), np.ones(100)]
    given = y.copy()
    given[:5] = 1 - given[:5]
    r = reweight(Z, one_hot(given, 2), lam=1.0, n_steps=2, step_size=0.1)
    assert r.flagged[:5].all()
    assert r.weights[:5].max() < r.weights[5:].min()
    assert (r.weights >= 0).all()
    assert r.loss_path[-1] < r.loss_path[0]


@pytest.mark.parametrize(
    "bad, match",
    [
        (dict(features=np.zeros((0, 3))), "non-empty"),
        (dict(targets=np.zeros((5, 2))), "targets must be"),
        (dict(alpha=-np.ones(10)), "non-negative"),
        (dict(alpha=np.ones(3)), "alpha must have shape"),
        (dict(lam=0.0), "positive"),
        (dict(features=np.full((10, 3), np.nan)), "NaN"),
    ],
)
def test_bad_inputs_are_refused_with_a_message(bad, match):
    args = dict(features=np.ones((10, 3)), targets=np.ones((10, 2)), alpha=np.ones(10), lam=1.0)
    args.update(bad)
    with pytest.raises(InputError, match=match):
        loo_closed_form(args["features"], args["targets"], args["alpha"], lam=args["lam"])


def test_reweight_step_budget_is_checked():
    Z, Y = _data(n=30, d=3, k=2)
    with pytest.raises(InputError, match="n_steps"):
        reweight(Z, Y, lam=1.0, n_steps=500)
