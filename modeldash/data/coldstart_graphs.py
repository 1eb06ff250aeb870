"""Attributed graphs: the `AttributedGraph` type and a reader of the standard sparse `.npz` layout.

The layout (Shchur et al.'s gnn-benchmark files, e.g. Cora): CSR parts of the adjacency
(`adj_data`, `adj_indices`, `adj_indptr`, `adj_shape`) and of the node features (`attr_*`), and
`labels`. Real files also carry object arrays (`idx_to_node`, …); those are never read, so nothing
is unpickled (`allow_pickle=False`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from modeldash.errors import MB, InputError, check_size

BUNDLED = Path(__file__).resolve().parent / "files"
NPZ_KEYS = (
    "adj_data",
    "adj_indices",
    "adj_indptr",
    "adj_shape",
    "attr_data",
    "attr_indices",
    "attr_indptr",
    "attr_shape",
    "labels",
)
MAX_NPZ_BYTES = 50 * MB
MAX_NODES = 50_000  # full-batch training on 2 CPU cores stays interactive up to about here
MAX_FEATURES = 20_000
MAX_NNZ = 5_000_000
MAX_CLASSES = 100


@dataclass(frozen=True)
class AttributedGraph:
    """An undirected graph with node features and one class label per node.

    adj: (N, N) CSR, symmetric, 0/1, no self-loops. features: (N, F) CSR float32.
    labels: (N,) int64 in [0, n_classes).
    """

    name: str
    adj: sp.csr_matrix
    features: sp.csr_matrix
    labels: np.ndarray
    source: str = ""  # where it came from, for the page and the manifests

    def __post_init__(self):
        n = self.adj.shape[0]
        if self.adj.shape != (n, n) or self.features.shape[0] != n or self.labels.shape != (n,):
            raise ValueError(
                f"inconsistent graph parts: adj {self.adj.shape}, features {self.features.shape}, "
                f"labels {self.labels.shape}"
            )

    @property
    def n_nodes(self) -> int:
        return self.adj.shape[0]

    @property
    def n_features(self) -> int:
        return self.features.shape[1]

    @property
    def n_classes(self) -> int:
        return int(self.labels.max()) + 1

    @property
    def n_edges(self) -> int:
        """Undirected edges."""
        return int(self.adj.nnz // 2)

    def degrees(self) -> np.ndarray:
        return np.asarray(self.adj.sum(axis=1)).ravel().astype(np.int64)

    def edge_index(self) -> np.ndarray:
        """(2, 2E) int64, both directions, for PyTorch Geometric."""
        coo = self.adj.tocoo()
        return np.vstack([coo.row, coo.col]).astype(np.int64)

    def fingerprint(self) -> str:
        """A short content hash, recorded in manifests so a checkpoint is matched to its graph."""
        import hashlib

        h = hashlib.sha256()
        for a in (
            self.adj.indptr,
            self.adj.indices,
            self.features.indptr,
            self.features.indices,
            self.features.data,
            self.labels,
        ):
            h.update(np.ascontiguousarray(a).tobytes())
        return h.hexdigest()[:16]


def _csr(z, prefix: str, what: str) -> sp.csr_matrix:
    data, indices, indptr, shape = (z[f"{prefix}_{k}"] for k in ("data", "indices", "indptr", "shape"))
    if shape.shape != (2,) or not np.issubdtype(shape.dtype, np.integer) or (shape < 0).any():
        raise InputError(f"{prefix}_shape must be two non-negative integers, got {shape.tolist()[:4]}")
    r, c = (int(s) for s in shape)
    for name, a in (("indices", indices), ("indptr", indptr)):
        if a.ndim != 1 or not np.issubdtype(a.dtype, np.integer):
            raise InputError(f"{prefix}_{name} must be a 1-D integer array, got {a.dtype} with shape {a.shape}")
    if data.ndim != 1 or not (np.issubdtype(data.dtype, np.number) or data.dtype == bool):
        raise InputError(f"{prefix}_data must be a 1-D numeric array, got {data.dtype}")
    if len(indptr) != r + 1 or indptr[0] != 0 or (np.diff(indptr) < 0).any() or indptr[-1] != len(indices):
        raise InputError(
            f"the {what} is inconsistent: {prefix}_indptr must rise from 0 to the number of "
            f"entries ({len(indices)}) in {r} + 1 steps"
        )
    if len(data) != len(indices):
        raise InputError(f"the {what} is inconsistent: {len(data)} values but {len(indices)} column indices")
    if len(indices) and (indices.min() < 0 or indices.max() >= c):
        raise InputError(f"the {what} has column indices outside [0, {c})")
    if len(data) > MAX_NNZ:
        raise InputError(f"the {what} has {len(data):,} non-zeros; the limit is {MAX_NNZ:,}")
    data = data.astype(np.float64)
    if not np.isfinite(data).all():
        raise InputError(f"the {what} contains NaN or infinite values")
    return sp.csr_matrix((data, indices.astype(np.int64), indptr.astype(np.int64)), shape=(r, c))


def graph_from_parts(
    name: str, adj: sp.spmatrix, features: sp.spmatrix, labels: np.ndarray, source: str = ""
) -> AttributedGraph:
    """Symmetrise and binarise the adjacency, drop self-loops, check sizes and labels."""
    n = adj.shape[0]
    if n == 0:
        raise InputError("the graph is empty: it has no nodes")
    if adj.shape != (n, n):
        raise InputError(f"the adjacency must be square, got {adj.shape}")
    if features.shape[0] != n or labels.shape != (n,):
        raise InputError(
            f"{n} nodes in the adjacency, but features for {features.shape[0]} and "
            f"{labels.shape[0] if labels.ndim == 1 else labels.shape} labels"
        )
    if n > MAX_NODES:
        raise InputError(f"the graph has {n:,} nodes; the limit here is {MAX_NODES:,}")
    if features.shape[1] == 0 or features.shape[1] > MAX_FEATURES:
        raise InputError(f"the graph has {features.shape[1]:,} features per node; expected 1 to {MAX_FEATURES:,}")
    if not np.issubdtype(labels.dtype, np.integer):
        raise InputError(f"labels must be integers (class ids), got {labels.dtype}")
    if labels.min() < 0:
        raise InputError(
            "labels must be class ids 0, 1, 2, …; found a negative label (unlabelled nodes are not supported)"
        )
    k = int(labels.max()) + 1
    if k < 2 or k > MAX_CLASSES:
        raise InputError(f"labels must name 2 to {MAX_CLASSES} classes, found {k}")
    a = sp.csr_matrix(adj, dtype=np.float32)
    a = ((a + a.T) > 0).astype(np.float32).tocsr()
    a.setdiag(0)
    a.eliminate_zeros()
    if a.nnz == 0:
        raise InputError("the graph has no edges; a GNN needs at least some")
    x = sp.csr_matrix(features, dtype=np.float32)
    return AttributedGraph(name=name, adj=a, features=x, labels=labels.astype(np.int64), source=source)


def read_npz(raw: bytes | str | Path, *, name: str = "uploaded") -> AttributedGraph:
    """Read an attributed graph from `.npz` bytes or a path; only the nine numeric keys are read."""
    if isinstance(raw, (str, Path)):
        path = Path(raw)
        if not path.is_file():
            raise InputError(f"no file at {path}")
        raw = path.read_bytes()
    if len(raw) == 0:
        raise InputError("the file is empty; expected a .npz graph with keys " + ", ".join(NPZ_KEYS))
    check_size(len(raw), MAX_NPZ_BYTES)
    try:
        z = np.load(io.BytesIO(raw), allow_pickle=False)
    except (ValueError, OSError, zipfile.BadZipFile, EOFError):
        raise InputError("the file is not a .npz archive (numpy.savez); expected keys " + ", ".join(NPZ_KEYS)) from None
    if not isinstance(z, np.lib.npyio.NpzFile):
        raise InputError("the file is a single .npy array, not a .npz archive with keys " + ", ".join(NPZ_KEYS))
    with z:
        missing = [k for k in NPZ_KEYS if k not in z.files]
        if missing:
            raise InputError(f"the .npz file has no {', '.join(missing)}; expected keys " + ", ".join(NPZ_KEYS))
        try:
            parts = {k: z[k] for k in NPZ_KEYS}
        except ValueError:  # an object array under one of our keys: refused, never unpickled
            raise InputError("one of the graph arrays is an object array; the nine keys must hold numbers") from None
        except (OSError, zipfile.BadZipFile, EOFError):
            raise InputError("the .npz archive is damaged or truncated") from None

    adj = _csr(parts, "adj", "adjacency")
    x = _csr(parts, "attr", "feature matrix")
    labels = parts["labels"]
    if labels.ndim != 1:
        raise InputError(f"labels must be a 1-D array of class ids, got shape {labels.shape}")
    return graph_from_parts(name, adj, x, labels, source="upload")


def write_npz(graph: AttributedGraph) -> bytes:
    """The graph in the same `.npz` layout (for downloads and round-trip tests)."""
    buf = io.BytesIO()
    a, x = graph.adj.tocsr(), graph.features.tocsr()
    np.savez_compressed(
        buf,
        adj_data=a.data,
        adj_indices=a.indices,
        adj_indptr=a.indptr,
        adj_shape=np.array(a.shape),
        attr_data=x.data,
        attr_indices=x.indices,
        attr_indptr=x.indptr,
        attr_shape=np.array(x.shape),
        labels=graph.labels,
    )
    return buf.getvalue()


def load_cora() -> AttributedGraph:
    """The bundled Cora citation graph (2,708 papers, 7 classes; McCallum et al. 2000, Sen et al. 2008)."""
    g = read_npz(BUNDLED / "cora.npz", name="cora")
    return AttributedGraph(
        name="cora",
        adj=g.adj,
        features=g.features,
        labels=g.labels,
        source="Cora (McCallum et al. 2000; Sen et al. 2008)",
    )


BUNDLED_GRAPHS = ("cora", "dc-sbm")
