"""2-D projections of embeddings (PCA or t-SNE), shared by the series and cold-start views."""

from __future__ import annotations

import numpy as np

from errors import InputError

METHODS = {"pca": "PCA", "tsne": "t-SNE"}


def project(z: np.ndarray, method: str = "pca", *, seed: int = 0) -> np.ndarray:
    """(N, D) embeddings -> (N, 2): scikit-learn's PCA, or t-SNE (PCA init, perplexity 30), seeded."""
    if method not in METHODS:
        raise InputError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if method == "pca":
        from sklearn.decomposition import PCA

        return PCA(n_components=2, random_state=seed).fit_transform(z)
    from sklearn.manifold import TSNE

    return TSNE(n_components=2, init="pca", random_state=seed, perplexity=30).fit_transform(z)


def project_jointly(
    z_a: np.ndarray, z_b: np.ndarray, method: str = "pca", *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """One projection fitted on both sets, so their points share axes: ((Na, 2), (Nb, 2))."""
    xy = project(np.concatenate([z_a, z_b]), method, seed=seed)
    return xy[: len(z_a)], xy[len(z_a) :]
