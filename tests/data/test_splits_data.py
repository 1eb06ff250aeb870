"""Factor renderers and the four splits."""

import numpy as np
import pytest

from modeldash.data.splits_grid import SPLIT_FACTORS, SPLITS, held_values, make_split, subsample
from modeldash.data.splits_images import DSPRITES, SCENES, SPACES
from modeldash.errors import InputError


@pytest.mark.slow
@pytest.mark.parametrize("space", SPACES.values(), ids=SPACES)
@pytest.mark.parametrize("name", SPLITS)
def test_split_properties_on_the_full_grid(space, name):
    s = make_split(space, name)
    assert len(np.intersect1d(s.train, s.test)) == 0
    assert len(s.train) + len(s.test) == space.n_images
    ftr, fte = space.index_to_factors(s.train), space.index_to_factors(s.test)
    if name in ("random", "interpolation", "extrapolation"):  # the benchmark's own test: "roughly a 70:30 split"
        assert np.round(len(s.test) / space.n_images, 1) == 0.7
    for j, factor in enumerate(space.factors):
        if factor in space.categorical or name in ("random", "composition"):
            assert set(fte[:, j]) <= set(ftr[:, j]), factor  # every test value of it was seen in training
    if name == "composition":  # … but combinations of the split factors' higher values never were
        cols = [space.factors.index(f) for f in s.factors]
        assert {tuple(r) for r in fte[:, cols]}.isdisjoint({tuple(r) for r in ftr[:, cols]})
    if name in ("interpolation", "extrapolation"):
        for factor in s.factors:  # every split factor's held-out values are never seen in training
            j = space.factors.index(factor)
            held = set(held_values(space.sizes[j], name))
            only_held = np.isin(fte[:, j], list(held))
            assert not held & set(ftr[:, j]), factor
            assert only_held.any()
            if name == "interpolation":
                assert 0 < min(held) and max(held) < space.sizes[j] - 1  # in between, never an end
            else:
                assert min(held) > max(set(ftr[:, j]))  # beyond


def test_the_rules_hold_out_the_values_the_benchmark_does():
    """About the top third of a factor for extrapolation (the benchmark's figure): x-position 22–31 and
    scale 4–5 on dSprites, scale 6–7 on scenes; orientation and shape are never split."""
    assert held_values(32, "extrapolation").tolist() == list(range(22, 32))
    assert held_values(6, "extrapolation").tolist() == [4, 5]
    assert held_values(8, "extrapolation").tolist() == [6, 7]
    assert held_values(32, "interpolation").tolist() == [3, 6, 8, 11, 14, 17, 20, 23, 25, 28]
    assert held_values(10, "composition").tolist() == list(range(3, 10))
    ex = make_split(DSPRITES, "extrapolation")
    f = DSPRITES.index_to_factors(ex.test[:: max(1, len(ex.test) // 20000)])
    x, sc = f[:, DSPRITES.factors.index("x-position")], f[:, DSPRITES.factors.index("scale")]
    y = f[:, DSPRITES.factors.index("y-position")]
    assert ((x >= 22) | (sc >= 4) | (y >= 22)).all()
    assert "x-position 22–31" in ex.rule and "scale 4, 5" in ex.rule
    for space in SPACES.values():
        assert not {"shape", "orientation"} & set(SPLIT_FACTORS[space.name])
    assert "scale 6, 7" in make_split(SCENES, "extrapolation").rule


def test_subsample_is_seeded_and_inside_the_split():
    s = make_split(DSPRITES, "extrapolation")
    a, b = subsample(s, n_train=500, n_test=300, seed=1), subsample(s, n_train=500, n_test=300, seed=1)
    assert (a[0] == b[0]).all() and (a[1] == b[1]).all()
    assert np.isin(a[0], s.train).all() and np.isin(a[1], s.test).all()


def test_index_factor_round_trip_and_bounds():
    idx = np.array([0, 1, 12345, DSPRITES.n_images - 1])
    assert (DSPRITES.factors_to_index(DSPRITES.index_to_factors(idx)) == idx).all()
    assert DSPRITES.n_images == 737_280 and SCENES.n_images == 480_000
    with pytest.raises(InputError):
        DSPRITES.factors_to_index(np.array([3, 0, 0, 0, 0]))
    t = DSPRITES.normalise(np.array([[2, 5, 39, 31, 31], [0, 0, 0, 0, 0]]))
    assert (t[0] == 1).all() and (t[1] == 0).all()


def _at(space, **kw):
    f = np.zeros(len(space.factors), dtype=int)
    for k, v in kw.items():
        f[space.factors.index(k.replace("_", "-").replace("-hue", " hue"))] = v
    return space.render(space.factors_to_index(f))[0]


def test_dsprites_images_follow_their_factors():
    a = _at(DSPRITES, scale=0, x_position=5, y_position=16)
    b = _at(DSPRITES, scale=5, x_position=5, y_position=16)
    c = _at(DSPRITES, scale=5, x_position=25, y_position=16)
    assert set(np.unique(a)) == {0.0, 1.0} and b.sum() > 2.5 * a.sum()  # area grows with scale²
    cols = np.arange(64)
    assert (c[0].sum(0) * cols).sum() / c.sum() > (b[0].sum(0) * cols).sum() / b.sum() + 20
    assert np.array_equal(b, _at(DSPRITES, scale=5, x_position=5, y_position=16))  # deterministic


def test_scene_colours_follow_their_factors():
    img = _at(SCENES, floor_hue=0, wall_hue=5)
    assert img.shape == (3, 64, 64)
    assert img[0, 60, 2] > 0.8 and img[1, 60, 2] < 0.1  # floor hue 0: red
    assert img[2, 2, 2] > 0.8 and img[0, 2, 2] < 0.1  # wall hue 0.5: cyan
    with pytest.raises(InputError):
        SCENES.render(np.arange(30_000))
