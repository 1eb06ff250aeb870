"""Factor renderers and the four splits."""

import numpy as np
import pytest

from modeldash.data.splits_grid import SPLITS, make_split, subsample
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
    if name in ("random", "interpolation", "extrapolation"):
        assert 0.25 <= len(s.train) / space.n_images <= 0.45  # about 30% train, as the benchmark
    if name in ("random", "composition"):
        for j, factor in enumerate(space.factors):  # every test value was seen in training
            assert set(fte[:, j]) <= set(ftr[:, j]), factor
    if name == "composition":  # … but some combinations never were
        a, b = (space.factors.index(f) for f in s.factors)
        assert {tuple(r) for r in fte[:, [a, b]]} - {tuple(r) for r in ftr[:, [a, b]]}
    if name in ("interpolation", "extrapolation"):
        j = space.factors.index(s.factors[0])
        seen, held = set(ftr[:, j]), set(fte[:, j])
        assert not seen & held  # no test value of the factor in training
        if name == "interpolation":
            assert min(seen) < min(held) and max(held) < max(seen)  # held-out values lie in between
        else:
            assert min(held) > max(seen)  # held-out values lie beyond


def test_composition_holds_out_the_papers_example():
    s = make_split(DSPRITES, "composition")
    f = DSPRITES.index_to_factors(s.train)
    hearts, squares = f[f[:, 0] == 2], f[f[:, 0] == 0]
    assert hearts[:, 1].max() <= 2 and squares[:, 1].min() >= 3  # small hearts and large squares only


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
