"""The results store: dataset-level results on disk, so a page opens them instead of recomputing.

Each result is named by a key that hashes everything it depends on: the view and its method's version, the model
files' bytes, the data and the settings. A result is one Parquet file (pyarrow): its arrays as typed columns, its
structure, provenance and checksum in the footer, which is also the store's index (`index`): no second file to
keep in step when several processes write, and deleting a file removes its entry. Files are written atomically
(a temporary file, then a rename) with Parquet page checksums and our own; a file that is missing, partial or
altered is ignored and the result recomputed, never shown. Deleting the folder is always safe. The folder is `$DASH_STORE`, else
`results/` beside the zoo folder (the bundled zoo's is committed with the results the pages open by default).
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import hashlib
import importlib
import json
import math
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

STORE_ENV = "DASH_STORE"
# The bundled zoo's results, shipped with the code: read, never written (the app must not dirty its checkout).
SHIPPED = Path(__file__).resolve().parents[1] / "models" / "results"


def user_store() -> Path:
    """Where the app and the CLI write results for the bundled zoo: the user's cache folder."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "modeldash" / "results"


def store_dir(zoo: str | os.PathLike) -> Path:
    """$DASH_STORE; else, for the bundled zoo, the user's store (with the shipped results read beneath it); else
    the folder `results` beside the zoo folder (a lab's own)."""
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV])
    zoo = Path(zoo).resolve()
    return user_store() if zoo.parent == SHIPPED.parent else zoo.parent / "results"


def _layers(folder: Path) -> list[Path]:
    """The folders a read looks in: the folder, then the shipped results beneath the user's store."""
    folder = Path(folder)
    below = [SHIPPED] if folder.resolve() == user_store().resolve() else []
    return [folder, *below]


def digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()


def result_key(view: str, version: int, *, models: dict[str, str], data: str, settings: dict) -> str:
    """The key of one result: the view, its method's version, {model: file digest}, a data digest, settings."""
    blob = json.dumps(
        {"view": view, "version": version, "models": models, "data": data, "settings": settings}, sort_keys=True
    )
    return f"{view}-{hashlib.sha256(blob.encode()).hexdigest()[:24]}"


def file_key(view: str, version: int, raw: bytes, settings: dict) -> str:
    """The key of a result computed from a researcher's file alone (models trained on it): its bytes and the
    settings."""
    return result_key(view, version, models={}, data=digest(raw), settings=settings)


@dataclass(frozen=True)
class Stored:
    """A payload read back from the store, with where and when it was computed."""

    payload: dict
    computed_at: str
    code_version: str


def read(folder: Path, key: str) -> Stored | None:
    """The stored payload (a plain dict) under `key`, or None when absent, partial or altered."""
    hit = read_object(folder, key)
    if hit is None or not isinstance(hit[0], dict):
        return None
    return Stored(hit[0], hit[1].computed_at, hit[1].code_version)


def write(folder: Path, key: str, payload: dict, *, code_version: str = "unknown") -> None:
    """Store a plain dict (see write_object)."""
    write_object(folder, key, payload, code_version=code_version)


# ---------------------------------------------------------------- results with arrays

# A result object (frozen dataclasses of arrays, numbers, strings, tuples, dicts and tables) is stored as a Parquet
# file: its arrays as typed columns, its structure as JSON in the footer. A store file is data, never code: only
# our own dataclasses are rebuilt, named by module and class under these packages.
_OWN = ("modeldash.analysis.", "modeldash.data.", "modeldash.models.")
_LEGACY = ("analysis.", "data.", "models.")  # written before the package: the same classes, one level up


class _Encoder:
    def __init__(self):
        self.arrays: dict[str, np.ndarray] = {}

    def __call__(self, x):
        if x is None or isinstance(x, (bool, str)):
            return x
        if isinstance(x, (int, float)):
            return {"__float__": repr(x)} if isinstance(x, float) and not math.isfinite(x) else x
        if isinstance(x, np.generic):
            return self(x.item())
        if isinstance(x, np.ndarray):
            if x.dtype == object:
                if not all(isinstance(v, str) for v in x.flat):
                    raise TypeError("object arrays are not stored")
                x = x.astype(str)  # text held as Python objects: stored (and read back) as a text array
            name = f"a{len(self.arrays)}"
            self.arrays[name] = x
            return {"__array__": name}
        if isinstance(x, pd.DataFrame):
            cols = [(str(c), x[c].to_numpy()) for c in x.columns]  # text columns as lists: no object arrays
            return {"__frame__": [[c, self(list(v) if v.dtype == object else v)] for c, v in cols]}
        if isinstance(x, tuple):
            return {"__tuple__": [self(v) for v in x]}
        if isinstance(x, list):
            return [self(v) for v in x]
        if isinstance(x, dict):
            return {"__dict__": [[self(k), self(v)] for k, v in x.items()]}
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            cls = type(x)
            return {
                "__dataclass__": f"{cls.__module__}:{cls.__qualname__}",
                "fields": {f.name: self(getattr(x, f.name)) for f in dataclasses.fields(x)},
            }
        raise TypeError(f"{type(x).__name__} is not stored")


def _own_dataclass(name: str) -> type:
    module, _, qual = name.partition(":")
    if module.startswith(_LEGACY):
        module = "modeldash." + module
    if not module.startswith(_OWN) or "." in qual:
        raise ValueError(f"not one of our dataclasses: {name}")
    cls = getattr(importlib.import_module(module), qual)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ValueError(f"not a dataclass: {name}")
    return cls


def _decode(x, arrays):
    if isinstance(x, list):
        return [_decode(v, arrays) for v in x]
    if not isinstance(x, dict):
        return x
    if "__float__" in x:
        return float(x["__float__"])
    if "__array__" in x:
        return arrays[x["__array__"]]
    if "__frame__" in x:
        return pd.DataFrame({c: _decode(v, arrays) for c, v in x["__frame__"]})
    if "__tuple__" in x:
        return tuple(_decode(v, arrays) for v in x["__tuple__"])
    if "__dict__" in x:
        return {_decode(k, arrays): _decode(v, arrays) for k, v in x["__dict__"]}
    if "__dataclass__" in x:
        cls = _own_dataclass(x["__dataclass__"])
        values = {k: _decode(v, arrays) for k, v in x["fields"].items()}
        fields = {f.name: f for f in dataclasses.fields(cls)}
        obj = cls(**{k: v for k, v in values.items() if fields[k].init})
        for k, v in values.items():
            if not fields[k].init:
                object.__setattr__(obj, k, v)
        return obj
    raise ValueError("unknown entry in a stored result")


_META = b"dash-result"  # the Parquet footer's key for a result's structure and provenance


def _column(x: np.ndarray):
    """An array as a one-row Parquet column: its values as a list of their own type, shape and dtype beside."""
    import pyarrow as pa

    flat = np.ascontiguousarray(x).reshape(-1)
    values = pa.array(flat) if flat.dtype.kind != "U" else pa.array(flat.tolist(), type=pa.string())
    return pa.ListArray.from_arrays(pa.array([0, len(flat)], type=pa.int32()), values)


def _array(col, dtype: str, shape: list[int]) -> np.ndarray:
    values = col.chunk(0).values
    flat = np.array(values.to_pylist(), dtype=dtype) if dtype.startswith("<U") else values.to_numpy(False)
    return np.asarray(flat, dtype=np.dtype(dtype)).reshape(shape)


def _checksum(tree_json: str, arrays: dict[str, np.ndarray]) -> str:
    h = hashlib.sha256(tree_json.encode())
    for name, x in arrays.items():
        h.update(name.encode() + str(x.dtype).encode() + str(x.shape).encode())
        h.update(np.ascontiguousarray(x).tobytes())
    return h.hexdigest()


def write_object(folder: Path, key: str, obj, *, code_version: str = "unknown", computed_at: str | None = None) -> None:
    """Store a result object as `<key>.parquet`: one row whose columns are its arrays (each a list of its own
    type, with its shape and dtype), its structure and provenance in the file's footer with a checksum of both;
    written atomically. A store that cannot be written is skipped: it is a cache."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    enc = _Encoder()
    tree = json.dumps(enc(obj), sort_keys=True)
    meta = {
        "structure": tree,
        "sha256": _checksum(tree, enc.arrays),
        "view": key.split("-")[0],
        "code_version": code_version,
        "computed_at": computed_at or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "arrays": {n: [str(x.dtype), list(x.shape)] for n, x in enc.arrays.items()},
    }
    table = pa.table({n: _column(x) for n, x in enc.arrays.items()} or {"_": pa.array([None], type=pa.null())})
    table = table.replace_schema_metadata({_META: json.dumps(meta).encode()})
    try:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        os.close(fd)
        pq.write_table(table, tmp, compression="zstd", use_dictionary=False, write_page_checksum=True)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide a shared store from other users
        os.replace(tmp, folder / f"{key}.parquet")
    except OSError:
        return


def read_object(folder: Path, key: str) -> tuple[object, Stored] | None:
    """(the object, where it came from) as written by write_object, or None when absent, partial or altered; the
    user's store reads the shipped results beneath it."""
    for layer in _layers(folder):
        got = _read_one(layer, key)
        if got is not None:
            return got
    return None


def _read_one(folder: Path, key: str) -> tuple[object, Stored] | None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        with pq.ParquetFile(Path(folder) / f"{key}.parquet", page_checksum_verification=True) as pf:
            meta = json.loads(pf.metadata.metadata[_META])  # the footer's own key-value copy
            table = pf.read()
        arrays = {n: _array(table.column(n), dtype, shape) for n, (dtype, shape) in meta["arrays"].items()}
        if _checksum(meta["structure"], arrays) != meta["sha256"]:
            return None
        obj = _decode(json.loads(meta["structure"]), arrays)
        return obj, Stored({}, str(meta["computed_at"]), str(meta["code_version"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ImportError, pa.ArrowException):
        return None


def index(folder: Path) -> pd.DataFrame:
    """The store's index, read from the files' footers (no second file to keep in step): one row per result with
    its key, view, when and by which code it was computed, its arrays and its size. Unreadable files are listed
    with view 'unreadable' (they are ignored and recomputed when asked for)."""
    import pyarrow.parquet as pq

    rows, seen = [], set()
    files = [f for layer in _layers(folder) for f in sorted(Path(layer).glob("*.parquet"))]
    for f in files:
        if f.stem in seen:  # the user's copy stands above the shipped one
            continue
        seen.add(f.stem)
        try:
            meta = json.loads(pq.read_metadata(f).metadata[_META])
            info = {k: meta[k] for k in ("view", "computed_at", "code_version")} | {"arrays": len(meta["arrays"])}
        except (OSError, ValueError, KeyError, TypeError):
            info = {"view": "unreadable", "computed_at": "", "code_version": "", "arrays": 0}
        rows.append({"key": f.stem, **info, "bytes": f.stat().st_size})
    return pd.DataFrame(rows, columns=["key", "view", "computed_at", "code_version", "arrays", "bytes"])


@dataclass(frozen=True)
class Provenance:
    """Where a result shown on a page came from."""

    origin: str  # "store" (read back), "computed" (now, then written) or "session" (from an upload: not stored)
    computed_at: str
    code_version: str

    def sentence(self) -> str:
        if self.origin == "session":
            return "Computed in this session from your input (not kept in the results store)."
        if self.origin == "store":
            return f"Read from the results store (computed {self.computed_at}, code {self.code_version})."
        return f"Computed {self.computed_at} by this app and written to the results store."


class NotStored(LookupError):
    """A result the store does not hold, asked for under `reading_only()`."""

    def __init__(self, key: str):
        super().__init__(f"the results store holds no result {key}")
        self.key = key


_READ_ONLY = contextvars.ContextVar("store_reading_only", default=False)


@contextlib.contextmanager
def reading_only():
    """Within: `fetch` reads and never computes; a missing result raises NotStored (precompute --check)."""
    token = _READ_ONLY.set(True)
    try:
        yield
    finally:
        _READ_ONLY.reset(token)


def fetch(folder: Path | None, key: str, compute, *, code_version: str = "unknown") -> tuple[object, Provenance]:
    """The stored result under `key`, else `compute()` written there; with where it came from."""
    hit = read_object(folder, key) if folder is not None else None
    if hit is not None:
        return hit[0], Provenance("store", hit[1].computed_at, hit[1].code_version)
    if _READ_ONLY.get():
        raise NotStored(key)
    obj = compute()
    at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if folder is not None:
        write_object(folder, key, obj, code_version=code_version, computed_at=at)
    return obj, Provenance("computed", at, code_version)
