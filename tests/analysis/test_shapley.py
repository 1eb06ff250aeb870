"""Shapley values: a hand-solved game, shap's exact explainer, sampling within its standard errors."""

import numpy as np
import pytest

from modeldash.analysis.shapley import exact_shapley, interaction_index, sampled_shapley, shapley
from modeldash.errors import InputError


def _glove(masks):
    """3 players: v = 1 if player 0 (a left glove) and at least one of 1, 2 (right gloves) are in."""
    return (masks[:, 0] & (masks[:, 1] | masks[:, 2])).astype(float)


def test_hand_solved_glove_game():
    res = exact_shapley(_glove, ["L", "R1", "R2"])
    np.testing.assert_allclose(res.values, [2 / 3, 1 / 6, 1 / 6], atol=1e-12)
    assert res.efficiency_error < 1e-12 and res.n_evals == 8 and res.v_empty == 0 and res.v_full == 1
    # R1 and R2 are substitutes: negative interaction; L and R1 complements: positive
    assert interaction_index(res, 1, 2) == pytest.approx(-0.5)
    assert interaction_index(res, 0, 1) == pytest.approx(0.5)


def _random_game(n, seed=0):
    rng = np.random.default_rng(seed)
    w1, w2 = rng.normal(size=n), rng.normal(size=(n, n))

    def f(masks):
        m = masks.astype(float)
        return m @ w1 + np.einsum("bi,ij,bj->b", m, np.triu(w2, 1), m) + np.sin(m.sum(1))

    return f


@pytest.mark.slow
@pytest.mark.parametrize("n", [4, 9])
def test_exact_matches_shap_exact_explainer(n):
    shap = pytest.importorskip("shap")
    f = _random_game(n, n)
    ours = exact_shapley(f, [f"p{i}" for i in range(n)], batch_size=37)
    explainer = shap.explainers.Exact(lambda x: f(x.astype(bool)), shap.maskers.Independent(np.zeros((1, n))))
    theirs = explainer(np.ones((1, n))).values[0]
    assert np.abs(ours.values - theirs).max() <= 1e-6
    assert ours.efficiency_error < 1e-9


def test_sampled_agrees_within_a_few_standard_errors_and_is_efficient():
    f = _random_game(8, 1)
    exact = exact_shapley(f, range(8))
    est = sampled_shapley(f, [str(i) for i in range(8)], n_permutations=400, seed=3)
    z = np.abs(est.values - exact.values) / est.std_error
    assert z.max() < 4.5 and est.efficiency_error < 1e-9
    assert est.method == "permutation" and est.n_evals == 400 * 9


def test_budget_dummy_and_bad_value_functions():
    with pytest.raises(InputError, match="use sampled"):
        exact_shapley(lambda m: m.sum(1), [str(i) for i in range(13)])
    assert (
        shapley(lambda m: m.sum(1).astype(float), [str(i) for i in range(14)], n_permutations=10).method
        == "permutation"
    )
    res = exact_shapley(lambda m: 3.0 * m[:, 0], ["a", "dummy"])
    assert res.values[1] == 0 and res.values[0] == 3
    with pytest.raises(InputError, match="NaN"):
        exact_shapley(lambda m: np.full(len(m), np.nan), ["a"])
    with pytest.raises(InputError, match="returned"):
        exact_shapley(lambda m: np.zeros(1), ["a", "b"])
