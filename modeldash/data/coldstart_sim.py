"""A synthetic attributed graph: a degree-corrected stochastic block model with heavy-tailed degrees
and class-dependent sparse bag-of-words features, the second bundled graph of the cold-start view.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from modeldash.data.coldstart_graphs import MAX_NODES, AttributedGraph, graph_from_parts
from modeldash.errors import InputError


@dataclass(frozen=True)
class SBMConfig:
    n_nodes: int = 3000
    n_classes: int = 5
    mean_degree: float = 6.0
    homophily: float = 0.8  # expected share of edges that join two nodes of the same class
    tail_exponent: float = 2.5  # Pareto exponent of the degree propensities (smaller = heavier tail)
    low_degree_share: float = 0.3  # share of nodes whose propensity is cut to a tenth: the long tail
    n_features: int = 500
    words_per_node: float = 12.0
    feature_signal: float = 0.15  # share of a node's words drawn from its class's signature words
    signature_words: int = 40

    def __post_init__(self):
        checks = (
            ("n_nodes", 50, MAX_NODES),
            ("n_classes", 2, 20),
            ("mean_degree", 1.0, 50.0),
            ("homophily", 0.0, 1.0),
            ("tail_exponent", 1.5, 10.0),
            ("low_degree_share", 0.0, 0.95),
            ("n_features", 10, 5000),
            ("words_per_node", 1.0, 100.0),
            ("feature_signal", 0.0, 1.0),
            ("signature_words", 1, 1000),
        )
        for name, lo, hi in checks:
            v = getattr(self, name)
            if not lo <= v <= hi:
                raise InputError(f"{name} must be in [{lo}, {hi}], got {v}")
        if self.signature_words * self.n_classes > self.n_features:
            raise InputError("signature_words × n_classes must not exceed n_features")


def dc_sbm_graph(cfg: SBMConfig = SBMConfig(), *, seed: int = 0, name: str = "dc-sbm") -> AttributedGraph:
    """Sample the graph (Karrer & Newman 2011 generation: Poisson edge counts per block pair,
    endpoints drawn in proportion to their degree propensity). Deterministic from `seed`."""
    rng = np.random.default_rng(seed)
    n, k = cfg.n_nodes, cfg.n_classes
    labels = np.sort(rng.integers(0, k, n))
    theta = rng.pareto(cfg.tail_exponent - 1, n) + 1.0  # heavy-tailed propensities
    low = rng.random(n) < cfg.low_degree_share
    theta[low] *= 0.1
    block_mass = np.bincount(labels, weights=theta, minlength=k)  # Θ_r
    # ω_rs: within-class mass `homophily`, the rest spread evenly over the other classes
    total_edges = cfg.mean_degree * n / 2
    share = np.full((k, k), (1 - cfg.homophily) / (k * (k - 1)))
    np.fill_diagonal(share, cfg.homophily / k)
    members = [np.flatnonzero(labels == r) for r in range(k)]
    probs = [theta[m] / block_mass[r] for r, m in enumerate(members)]
    rows, cols = [], []
    for r in range(k):
        for s in range(r, k):
            lam = total_edges * (share[r, s] if r == s else 2 * share[r, s])
            m = rng.poisson(lam)
            rows.append(rng.choice(members[r], m, p=probs[r]))
            cols.append(rng.choice(members[s], m, p=probs[s]))
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(np.concatenate(rows).tolist(), np.concatenate(cols).tolist()))
    g.remove_edges_from(nx.selfloop_edges(g))
    adj = nx.to_scipy_sparse_array(g, nodelist=range(n), format="csr")
    features = _class_words(labels, cfg, rng)
    return graph_from_parts(
        name,
        sp.csr_matrix(adj),
        features,
        labels,
        source=f"synthetic DC-SBM (seed {seed}, {n} nodes, low-degree share {cfg.low_degree_share})",
    )


def _class_words(labels: np.ndarray, cfg: SBMConfig, rng: np.random.Generator) -> sp.csr_matrix:
    """Binary bag of words: each word is from the node's class signature with prob. `feature_signal`."""
    n = len(labels)
    counts = np.maximum(1, rng.poisson(cfg.words_per_node, n))
    node = np.repeat(np.arange(n), counts)
    from_class = rng.random(len(node)) < cfg.feature_signal
    word = rng.integers(0, cfg.n_features, len(node))
    sig = labels[node] * cfg.signature_words + rng.integers(0, cfg.signature_words, len(node))
    word = np.where(from_class, sig, word)
    x = sp.csr_matrix((np.ones(len(node), np.float32), (node, word)), shape=(n, cfg.n_features))
    x.data[:] = 1.0  # duplicates count once
    return x
