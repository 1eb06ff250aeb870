"""2-D projections of embeddings (PCA or t-SNE), shared by the series and cold-start views."""

from __future__ import annotations

import numpy as np

from modeldash.errors import InputError

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


def align(reference: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, float]:
    """`other` (N, 2) moved onto `reference` (N, 2) — the same points in the same order — by the translation,
    rotation (or reflection) and uniform scale that best fit it (orthogonal Procrustes), so two layouts can be
    read side by side; with the residual's share of the reference's spread (0: the same layout up to those)."""
    from scipy.linalg import orthogonal_procrustes

    a, b = np.asarray(reference, float), np.asarray(other, float)
    if a.shape != b.shape or a.ndim != 2 or len(a) < 2:
        raise InputError(f"align two layouts of the same points: got {a.shape} and {b.shape}")
    ma, mb = a.mean(0), b.mean(0)
    a0, b0 = a - ma, b - mb
    r, s = orthogonal_procrustes(b0, a0)  # b0 @ r ≈ a0 up to scale; s = sum of singular values
    denom = float((b0**2).sum())
    scale = s / denom if denom > 0 else 1.0
    moved = scale * b0 @ r + ma
    spread = float((a0**2).sum())
    return moved, float(((moved - a) ** 2).sum() / spread) if spread > 0 else 0.0
