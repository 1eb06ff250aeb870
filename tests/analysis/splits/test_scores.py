"""Compositional splits: the benchmark metric, split pictures, error maps, examples, figures, reading."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
import torch
from sklearn.metrics import r2_score

from modeldash.analysis.splits import plots, readings
from modeldash.analysis.splits.scores import (
    SplitEvaluation,
    error_map,
    predict_composed,
    r2_table,
    scores_frame,
    split_picture,
    worst_examples,
)
from modeldash.data.splits_grid import make_split
from modeldash.data.splits_images import DSPRITES, SCENES
from modeldash.errors import InputError
from modeldash.models.splits_nets import FactorNet, FactorNetConfig
from modeldash.models.zoo import Manifest


def test_grid_variance_matches_the_full_grid():
    f = DSPRITES.normalise(DSPRITES.index_to_factors(np.arange(DSPRITES.n_images)))
    np.testing.assert_allclose(DSPRITES.grid_variance(), f.astype(np.float64).var(axis=0), rtol=1e-6)


def test_r_squared_is_sklearns_on_the_full_grid_and_uses_grid_variance_elsewhere():
    rng = np.random.default_rng(0)
    y = SCENES.normalise(SCENES.index_to_factors(np.arange(SCENES.n_images)))
    pred = y + rng.normal(0, 0.1, y.shape)
    ours = SCENES.r_squared(pred, y)
    np.testing.assert_allclose(ours, r2_score(y, pred, multioutput="raw_values"), rtol=1e-5)
    # on a subset the denominator stays the grid's variance, not the subset's
    sub = y[:1000]  # low grid indices: floor hue 0 only, zero variance in that factor
    r = SCENES.r_squared(sub + 0.05, sub)
    assert np.isfinite(r).all() and r[0] == pytest.approx(1 - 0.05**2 / SCENES.grid_variance()[0])
    assert (SCENES.r_squared(y, y) == 1).all()
    with pytest.raises(InputError):
        SCENES.r_squared(pred[:, :3], y[:, :3])


def test_split_picture_of_extrapolation_and_random():
    pic = split_picture(make_split(DSPRITES, "extrapolation"), "x-position", "y-position")
    assert pic.train_share.shape == (32, 32)
    share = pic.train_share  # (y, x): training only below 22 on both, and there only the 4 smaller scales of 6
    assert share[:22, :22] == pytest.approx(4 / 6) and (share[22:, :] == 0).all() and (share[:, 22:] == 0).all()
    rnd = split_picture(make_split(DSPRITES, "random"), "shape", "scale")
    assert rnd.train_share.mean() == pytest.approx(0.3, abs=0.01)
    comp = split_picture(make_split(DSPRITES, "composition"), "x-position", "y-position")
    assert (comp.train_share[:10, :] == 1).all() and (comp.train_share[:, :10] == 1).all()  # a low value: training
    assert comp.train_share[10:, 10:] == pytest.approx(2 / 6)  # both high: only with one of the 2 smallest scales
    with pytest.raises(InputError):
        split_picture(make_split(DSPRITES, "random"), "shape", "shape")


def _toy_eval():
    idx = DSPRITES.factors_to_index(np.array([[0, 0, 0, 0, 0], [0, 0, 0, 1, 0], [1, 2, 0, 1, 0], [2, 5, 0, 31, 3]]))
    target = DSPRITES.normalise(DSPRITES.index_to_factors(idx))
    pred = target.copy()
    pred[1, 3] += 0.5
    pred[2, 3] += 0.1
    return SplitEvaluation(DSPRITES, "random", "toy", idx, pred, target, DSPRITES.r_squared(pred, target), np.zeros(5))


def test_error_map_by_hand():
    ev = _toy_eval()
    em = error_map(ev, "x-position", "y-position")
    v = DSPRITES.grid_variance()[3]
    assert em.count[0, 1] == 2 and em.error[0, 1] == pytest.approx((0.5**2 + 0.1**2) / v / 5 / 2)
    assert em.error[0, 0] == 0 and em.count[3, 31] == 1 and np.isnan(em.error[10, 10])


def test_worst_examples_come_first_in_value_units():
    w = worst_examples(_toy_eval(), 3)
    assert w["index"].iloc[0] == _toy_eval().test_idx[1] and w["error"].is_monotonic_decreasing
    assert w["true x-position"].iloc[0] == pytest.approx(1) and w["pred x-position"].iloc[0] == pytest.approx(
        1 + 0.5 * 31
    )


def test_predict_composed_renders_and_predicts_every_model():
    torch.manual_seed(0)
    models = {"cnn": FactorNet(FactorNetConfig(kind="cnn")).eval()}
    img, preds = predict_composed(
        models, DSPRITES, {"shape": 2, "scale": 5, "orientation": 0, "x-position": 16, "y-position": 16}
    )
    assert img.shape == (1, 64, 64) and img.sum() > 50
    assert list(preds["model"]) == ["true", "cnn"] and preds.loc[0, "shape"] == 2
    with pytest.raises(InputError):
        predict_composed(models, DSPRITES, {"shape": 2})


def _manifest(kind, split, r2):
    return Manifest(
        name=f"splits_dsprites_{split}_{kind}",
        task="splits",
        architecture="FactorNet",
        config={"kind": kind},
        dataset={"name": "dsprites", "split": split, "n_train": 10, "n_test": 5},
        seed=0,
        training={},
        metrics={
            "r2_test": r2,
            "r2_train": 0.9,
            "r2_shape": r2 - 0.1,
            "r2_scale": r2,
            "r2_orientation": r2,
            "r2_x_position": r2,
            "r2_y_position": r2 + 0.1,
        },
    )


def test_scores_frame_table_reading_and_figures():
    ms = [
        _manifest(k, s, r)
        for k, r0 in (("mlp", 0.5), ("cnn", 0.7))
        for s, r in (("random", r0 + 0.3), ("extrapolation", r0 - 0.8))
    ]
    frame = scores_frame(ms)
    assert len(frame) == 4 and frame.r2_ordinal.iloc[0] == pytest.approx((0.8 * 3 + 0.9) / 4)
    t = r2_table(frame, "dsprites")
    assert list(t.index) == ["mlp", "cnn"] and list(t.columns) == ["random", "extrapolation"]
    assert r2_table(frame, "dsprites", "gap").loc["mlp", "random"] == pytest.approx(0.9 - 0.8)
    text = readings.headline(t)
    assert "random" in text and "below 0" in text
    fig = plots.r2_heatmap(t)
    assert isinstance(fig, go.Figure) and np.array(fig.data[0].z).shape == (2, 2)
    with pytest.raises(InputError):
        r2_table(frame, "scenes")
    with pytest.raises(TypeError):
        plots.r2_heatmap(pd.DataFrame())


def test_split_and_error_figures_and_mosaic():
    pic = split_picture(make_split(DSPRITES, "interpolation"), "x-position", "shape")
    fig = plots.split_scatter(pic)
    assert {t.name for t in fig.data} == {"train", "test"}
    # every pair holds test images (y or scale may be held out), and the 22 kept x values hold training ones
    assert len(fig.data[0].x) == 32 * 3 and len(fig.data[1].x) == 22 * 3
    em = error_map(_toy_eval(), "x-position", "y-position")
    assert np.array(plots.error_heatmap(em).data[0].z).shape == (32, 32)
    imgs = DSPRITES.render(np.arange(7))
    fig = plots.image_mosaic(imgs, [str(i) for i in range(7)], cols=4)
    assert fig.data[0].z.shape[:2] == (2 * (64 + 22), 4 * 68) and len(fig.layout.annotations) == 7
