"""The trajectories service: the comparison the page and the CLI share, one scene's view, and their figures and
reading, checked against computations done here by hand."""

import numpy as np
import pytest
import torch

from modeldash.analysis.shapley import exact_shapley
from modeldash.analysis.trajectories import plots, readings
from modeldash.analysis.trajectories.attribution import scene_game
from modeldash.analysis.trajectories.scene import ScenePair, scene_pair, scene_view
from modeldash.analysis.trajectories.service import DatasetComparison, compare_models, scene_subsample
from modeldash.analysis.trajectories.settings import TrajSettings
from modeldash.data.trajectories import load_file
from modeldash.errors import InputError
from modeldash.models.trajectories import ConstantVelocity, TrajConfig, TrajPredictor, constant_velocity


@pytest.fixture(scope="module")
def scenes():
    s = load_file("crowds_zara03")
    return s.take(np.flatnonzero(s.n_neighbours >= 2)[:10])


@pytest.fixture(scope="module")
def models():
    torch.manual_seed(0)
    return {"constant velocity": ConstantVelocity(), "social": TrajPredictor(TrajConfig(kind="social_attn")).eval()}


@pytest.fixture(scope="module")
def comp(scenes, models):
    return compare_models(models, scenes, TrajSettings(metric="fde"))


def _errors(pred, fut):
    d = np.linalg.norm(pred - fut, axis=-1)  # (B, 12)
    return d.mean(1), d[:, -1]


def test_comparison_means_equal_per_scene_shapley_computed_here(scenes, models, comp):
    assert isinstance(comp, DatasetComparison) and comp.n_scenes == comp.n_total == len(scenes)
    social = comp.rows[1].summary
    past, best_nb = [], []
    for i in range(len(scenes)):
        fn, players = scene_game(models["social"], scenes, i, metric="fde")
        res = exact_shapley(fn, players)
        past.append(res.values[0])
        best_nb.append(max(v for p, v in zip(players, res.values) if p.startswith("nb ")))
    assert social.past.value == pytest.approx(np.mean(past), abs=1e-9)
    assert social.social.value == pytest.approx(np.mean(best_nb), abs=1e-9)
    assert social.social.low <= social.social.value <= social.social.high
    assert comp.rows[0].summary.social.value == 0 and comp.rows[0].most_social_scene is None


def test_comparison_errors_equal_numpy_and_columns_follow_the_metric(scenes, models, comp):
    with torch.no_grad():
        pred = models["social"](
            torch.tensor(scenes.past, dtype=torch.float32),
            torch.tensor(scenes.nb_past, dtype=torch.float32),
            torch.tensor(scenes.nb_mask),
        ).numpy()
    ade, fde = _errors(pred, scenes.future)
    assert comp.rows[1].ade == pytest.approx(ade.mean(), rel=1e-5) and comp.rows[1].fde == pytest.approx(
        fde.mean(), rel=1e-5
    )
    cv = constant_velocity(torch.tensor(scenes.past, dtype=torch.float64)).numpy()
    assert comp.cv_fde == pytest.approx(_errors(cv, scenes.future)[1].mean(), rel=1e-5)
    frame = comp.to_frame()
    assert {"fde", "fde_without_neighbours", "social_score_low", "social_score_high", "mean_neighbour_value"} <= set(
        frame.columns
    )
    assert "ade" not in frame.columns and frame["fde"].iloc[1] == pytest.approx(comp.rows[1].summary.error.value)
    assert all(np.ndim(v) == 0 for v in frame.iloc[0].drop("model"))  # numbers, no lists in cells
    assert comp.headline()[1]["fde_without_neighbours"] == comp.rows[1].summary.error_without_neighbours.value


def test_subsample_is_seeded_sorted_and_capped(scenes):
    big = load_file("crowds_zara03")
    a, b = scene_subsample(big, 50, seed=3), scene_subsample(big, 50, seed=3)
    assert (a == b).all() and len(a) == 50 and (np.diff(a) > 0).all()
    assert (scene_subsample(scenes, 50) == np.arange(len(scenes))).all()


def test_scene_view_counterfactual_and_errors_by_hand(scenes, models):
    v = scene_view(models["social"], scenes, 0, metric="fde")
    assert v.removed == () and np.allclose(v.pred, v.pred_counterfactual)
    assert v.error == pytest.approx(np.linalg.norm(v.pred[-1] - scenes.future[0][-1]), rel=1e-5)
    cut = scene_view(models["social"], scenes, 0, removed=(0, 1), metric="ade")
    assert cut.removed == (0, 1) and cut.error_counterfactual == pytest.approx(
        np.linalg.norm(cut.pred_counterfactual - scenes.future[0], axis=1).mean(), rel=1e-5
    )
    assert v.result.efficiency_error < 1e-9


def test_figures_and_reading_take_the_comparison(scenes, comp):
    fig = plots.dataset_bars(comp)
    assert [t.name for t in fig.data] == ["past", "social interaction score", "random agent (control)"]
    s = comp.rows[1].summary
    assert fig.data[1].y[1] == pytest.approx(s.social.value)
    assert fig.data[1].error_y.array[1] == pytest.approx(s.social.high - s.social.value)
    assert "FDE" in fig.layout.yaxis.title.text
    text = readings.headline(comp)
    assert "constant velocity: past" in text and "neighbours exactly 0" in text and "m of FDE" in text
    with pytest.raises(TypeError, match="DatasetComparison"):
        plots.dataset_bars(comp.to_frame())
    view = scene_view(ConstantVelocity(), scenes, 0, metric="fde")
    names = [t.name for t in plots.scene_figure(scenes, view).data]
    assert any(n and n.startswith("prediction (FDE") for n in names)


def test_stored_comparison_round_trips_and_a_damaged_file_is_recomputed(scenes, models, tmp_path):
    from modeldash.analysis.trajectories.stored import compare_models_stored

    digests = {"constant velocity": "cv", "social": "untrained-seed-0"}
    FDE = TrajSettings(metric="fde")
    first, made = compare_models_stored(models, digests, scenes, FDE, folder=tmp_path)
    again, read = compare_models_stored(models, digests, scenes, FDE, folder=tmp_path)
    assert made.origin == "computed" and read.origin == "store" and again == first
    _, other = compare_models_stored(models, digests, scenes, TrajSettings(), folder=tmp_path)
    assert other.origin == "computed"  # other settings, another key
    for f in tmp_path.glob("*.parquet"):  # damaged (cut short): ignored, recomputed
        f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])
    assert compare_models_stored(models, digests, scenes, FDE, folder=tmp_path)[1].origin == "computed"


@pytest.mark.slow
def test_the_shipped_store_holds_what_the_zoo_computes_now():
    from pathlib import Path

    from modeldash.analysis import store
    from modeldash.analysis.trajectories.service import load_dataset
    from modeldash.analysis.trajectories.stored import comparison_key, domain_models

    shipped = Path(__file__).resolve().parents[3] / "modeldash" / "models" / "results"
    models, digests = domain_models("eth_ucy")
    scenes = load_dataset("biwi_eth")
    hit = store.read_object(shipped, comparison_key(digests, scenes, TrajSettings()))
    assert hit is not None, (
        "the shipped store has no ETH table for the bundled zoo: run python -m modeldash precompute all"
    )
    stored, fresh = hit[0], compare_models(models, scenes)
    assert [r.summary.model for r in stored.rows] == [r.summary.model for r in fresh.rows]
    for a, b in zip(stored.rows, fresh.rows):  # computed on another machine: agree to float tolerance
        for field in ("past", "social", "random_agent", "social_share", "error", "error_without_neighbours"):
            ea, eb = getattr(a.summary, field), getattr(b.summary, field)
            assert (ea.value, ea.low, ea.high) == pytest.approx((eb.value, eb.low, eb.high), rel=1e-5, abs=1e-9)
        assert a.most_social_scene == b.most_social_scene


def test_two_models_on_one_scene_side_by_side(scenes, models):
    """The pair holds each model's own exact Shapley values (computed here by brute force) and their difference;
    the reading compares them and says exact values carry no noise."""
    views = [scene_view(m, scenes, 3, metric="ade") for m in models.values()]
    pair = scene_pair(*views, names=tuple(models))
    for k, m in enumerate(models.values()):
        fn, players = scene_game(m, scenes, 3, metric="ade", removal="remove", random_control=False, seed=0)
        np.testing.assert_allclose(pair.values[k], exact_shapley(fn, players).values, atol=1e-6)
    np.testing.assert_allclose(pair.difference, pair.values[1] - pair.values[0])
    assert not pair.noise.any() and pair.to_frame()["beyond noise"].tolist() == list(pair.difference != 0)
    text = readings.scene_pair(pair)
    assert "exact" in text and f"{pair.errors[1]:.3f}" in text and "\n" not in text
    with pytest.raises(InputError):
        scene_pair(views[0], scene_view(ConstantVelocity(), scenes, 4), names=("a", "b"))


def test_a_sampled_pair_counts_differences_beyond_two_standard_errors():
    pair = ScenePair(
        0,
        ("a", "b"),
        ("past", "n1", "n2"),
        np.array([[0.5, 0.10, 0.0], [0.2, 0.11, -0.3]]),
        np.array([[0.01, 0.01, 0.01], [0.01, 0.01, 0.01]]),
        (0.4, 0.5),
        "ade",
    )
    assert pair.to_frame()["beyond noise"].tolist() == [True, False, True]
    assert "2 of 3 differences exceed" in readings.scene_pair(pair)
