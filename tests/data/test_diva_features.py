"""A researcher's features file for Example weights: read as data, every malformed file refused in one sentence,
and DIVA on the bundled CNN's own features (exported as a file) agreeing with the bundled view."""

import io

import numpy as np
import pytest

from modeldash.analysis.diva.settings import DivaSettings
from modeldash.analysis.diva.task import features_task
from modeldash.data.diva_features import read_features_npz
from modeldash.errors import InputError

RNG = np.random.default_rng(0)
GOOD = {"features": RNG.normal(size=(40, 5)), "labels": np.arange(40) % 3}


def _npz(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def test_a_good_file_reads_and_builds_a_task():
    clean = GOOD["labels"].copy()
    given = clean.copy()
    given[:4] = (given[:4] + 1) % 3  # four known wrong labels
    split = np.array(["train"] * 30 + ["test"] * 10)
    images = RNG.random(size=(40, 6, 6, 3))
    fs = read_features_npz(
        _npz(features=GOOD["features"], labels=given, clean_labels=clean, images=images, split=split)
    )
    assert fs.features.shape == (40, 5) and fs.images.shape == (40, 6, 6) and fs.is_test.sum() == 10
    assert 0 <= fs.images.min() and fs.images.max() <= 1
    t = features_task(fs, noise_rate=0.0)
    assert len(t.labels) == 30 and len(t.test_labels) == 10 and t.features.shape == (30, 6)  # + bias
    np.testing.assert_array_equal(t.flipped, given[:30] != clean[:30])
    np.testing.assert_array_equal(t.test_labels, clean[30:])  # scored on the clean labels
    np.testing.assert_allclose((t.features[:, :-1] ** 2).sum(1).mean(), 1.0)
    t2 = features_task(fs, noise_rate=0.2, seed=3)  # flips on top: known wrong = differs from clean
    np.testing.assert_array_equal(t2.flipped, t2.labels != t2.true_labels)
    assert t2.flipped.sum() > t.flipped.sum()
    fs2 = read_features_npz(_npz(**GOOD))  # no split: a seeded 75/25 split, no images
    t3 = features_task(fs2)
    assert len(t3.labels) == 30 and t3.images.shape == (30, 0, 0) and not t3.flipped.any()


class Obj:  # pickled into an object array below
    pass


BAD = [
    ("empty", b"", "empty"),
    ("not an npz", b"PK\x03\x04 not really a zip", "not an .npz"),
    ("text", b"features,labels\n1,2\n", "not an .npz"),
    ("missing labels", _npz(features=GOOD["features"]), "no 'labels'"),
    ("unknown key", _npz(**GOOD, weights=np.ones(40)), "unexpected array 'weights'"),
    ("object array", None, "Python objects"),
    ("1-D features", _npz(features=np.ones(40), labels=GOOD["labels"]), "numeric (N, d)"),
    ("string features", _npz(features=np.array([["a"] * 3] * 40), labels=GOOD["labels"]), "numeric (N, d)"),
    ("too few", _npz(features=np.ones((5, 2)), labels=np.arange(5) % 2), "at least 20"),
    ("NaN features", _npz(features=np.where(np.eye(40, 5) > 0, np.nan, 1.0), labels=GOOD["labels"]), "NaN"),
    ("short labels", _npz(features=GOOD["features"], labels=np.arange(39) % 3), "shape (40,)"),
    ("negative labels", _npz(features=GOOD["features"], labels=np.arange(40) % 3 - 1), "class indices"),
    ("fractional labels", _npz(features=GOOD["features"], labels=np.linspace(0, 1, 40)), "integer class"),
    ("one class", _npz(features=GOOD["features"], labels=np.zeros(40, int)), "single class"),
    ("images of other N", _npz(**GOOD, images=np.ones((39, 4, 4))), "images"),
    ("huge images", _npz(**GOOD, images=np.ones((40, 300, 2))), "256"),
    ("bad split", _npz(**GOOD, split=np.array(["train", "val"] * 20)), "'train' and 'test'"),
    ("no test rows", _npz(**GOOD, split=np.array(["train"] * 40)), "at least one test"),
    ("clean labels of other N", _npz(**GOOD, clean_labels=np.arange(41) % 3), "clean_labels"),
]


@pytest.mark.parametrize("name, raw, phrase", BAD, ids=[b[0] for b in BAD])
def test_malformed_files_are_refused_in_one_sentence(name, raw, phrase, monkeypatch):
    if raw is None:  # an object array written with pickle: np.load(allow_pickle=False) must refuse to read it
        buf = io.BytesIO()
        np.savez(buf, features=GOOD["features"], labels=np.array([Obj()] * 40, dtype=object))
        raw = buf.getvalue()
    with pytest.raises(InputError, match=None) as e:
        read_features_npz(raw)
    assert phrase in str(e.value) and "\n" not in str(e.value)


def test_a_file_over_the_limit_is_refused(monkeypatch):
    import modeldash.data.diva_features as mod

    monkeypatch.setattr(mod, "MAX_BYTES", 100)
    with pytest.raises(InputError, match="the limit is"):
        read_features_npz(_npz(**GOOD))


@pytest.mark.slow
def test_the_bundled_cnns_features_as_a_file_find_the_same_flips():
    """Export the bundled CNN's digits features with the digits task's split and noisy labels: DIVA on the file
    (which scales features over its own training rows) finds the flipped labels as the bundled view does."""
    from modeldash.analysis.diva.service import digits_report, features_report
    from modeldash.analysis.diva.task import digits_task
    from modeldash.data.diva_features import FeatureSet
    from modeldash.models.zoo import load_model

    model = load_model("digits_cnn")[1]
    task = digits_task(model, noise_rate=0.2, seed=0)
    feats = np.vstack([task.features[:, :-1], task.test_features[:, :-1]])
    n, m = len(task.labels), len(task.test_labels)
    fs = FeatureSet(
        "digits-file",
        feats,
        np.concatenate([task.labels, task.test_labels]),
        np.concatenate([task.true_labels, task.test_labels]),
        None,
        np.r_[np.zeros(n, bool), np.ones(m, bool)],
    )
    mine = features_report(fs, DivaSettings(noise=0.0, seed=0))
    ref = digits_report(model, DivaSettings(noise=0.2, seed=0))
    np.testing.assert_array_equal(mine.task.flipped, ref.task.flipped)
    assert abs(mine.noisy_auroc - ref.noisy_auroc) < 0.02 and abs(mine.acc_before - ref.acc_before) < 0.02
    rank = lambda x: np.argsort(np.argsort(x))  # noqa: E731
    assert np.corrcoef(rank(mine.reweighting.weights), rank(ref.reweighting.weights))[0, 1] > 0.98
