"""The shared projection against numpy's SVD."""

import numpy as np
import pytest

from modeldash.analysis.projection import project, project_jointly
from modeldash.errors import InputError


def test_pca_equals_the_top_two_principal_components_up_to_sign():
    z = np.random.default_rng(0).normal(size=(200, 6)) * np.array([5, 3, 1, 1, 1, 1])
    xy = project(z, "pca")
    u, s, vt = np.linalg.svd(z - z.mean(0), full_matrices=False)
    ref = (z - z.mean(0)) @ vt[:2].T
    assert np.allclose(np.abs(xy), np.abs(ref), atol=1e-8)


def test_joint_projection_splits_back_and_tsne_is_seeded():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(40, 5)), rng.normal(size=(30, 5)) + 3
    xa, xb = project_jointly(a, b, "pca")
    assert xa.shape == (40, 2) and xb.shape == (30, 2)
    assert np.allclose(np.concatenate([xa, xb]), project(np.concatenate([a, b]), "pca"))
    assert np.allclose(project(a, "tsne", seed=2), project(a, "tsne", seed=2))
    with pytest.raises(InputError, match="method must be one of"):
        project(a, "umap")


def test_procrustes_alignment_recovers_a_rotated_scaled_moved_layout():
    from modeldash.analysis.projection import align

    rng = np.random.default_rng(0)
    a = rng.normal(size=(50, 2))
    theta = 0.7
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    b = 3.0 * a @ rot * np.array([1, -1]) + np.array([5.0, -2.0])  # rotated, reflected, scaled, moved
    moved, residual = align(a, b)
    np.testing.assert_allclose(moved, a, atol=1e-9)
    assert residual < 1e-12
    _, unrelated = align(a, rng.normal(size=(50, 2)))
    assert 0.5 < unrelated <= 1.0  # nothing to recover: most of the spread remains
