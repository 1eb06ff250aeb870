import numpy as np
import pytest

from modeldash.data.diva_digits import flip_labels, load_digits, split_digits
from modeldash.errors import InputError


def test_split_is_disjoint_and_covers_everything():
    s = split_digits(1797, seed=3)
    parts = [set(s.pretrain), set(s.train), set(s.test)]
    assert sum(map(len, parts)) == 1797 and len(set().union(*parts)) == 1797


def test_flips_change_exactly_the_flipped_labels():
    _, y = load_digits()
    noisy, flipped = flip_labels(y, 0.3, seed=1)
    assert flipped.sum() == round(0.3 * len(y))
    assert (noisy[flipped] != y[flipped]).all() and (noisy[~flipped] == y[~flipped]).all()
    again, _ = flip_labels(y, 0.3, seed=1)
    assert (again == noisy).all()


def test_bad_rate_is_refused():
    with pytest.raises(InputError, match="noise rate"):
        flip_labels(np.zeros(10, dtype=int), 1.5)


def test_digits_read_from_the_shipped_file_equal_scikit_learns_loader():
    from sklearn.datasets import load_digits as sklearn_digits

    images, labels = load_digits()
    d = sklearn_digits()
    np.testing.assert_array_equal(images, (d.images / 16.0).astype(np.float32))
    np.testing.assert_array_equal(labels, d.target)
