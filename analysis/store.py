"""The results store: dataset-level results on disk, so a page opens them instead of recomputing.

Each result is named by a key that hashes everything it depends on: the view and its method's version, the model
files' bytes, the data and the settings. A result is a JSON file (a plain payload, or the structure of a result
object) and, for objects with arrays, an .npz beside it read with allow_pickle=False. Files are written atomically
(a temporary file, then a rename) and carry checksums; a file that is missing, partial or altered is ignored and
the result recomputed, never shown. Deleting the folder is always safe. The folder is `$DASH_STORE`, else
`results/` beside the zoo folder (the bundled zoo's is committed with the results the pages open by default).
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import io
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


def store_dir(zoo: str | os.PathLike) -> Path:
    """$DASH_STORE, else the folder `results` beside the zoo folder."""
    return Path(os.environ.get(STORE_ENV) or Path(zoo).resolve().parent / "results")


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


@dataclass(frozen=True)
class Stored:
    """A payload read back from the store, with where and when it was computed."""

    payload: dict
    computed_at: str
    code_version: str


def read(folder: Path, key: str) -> Stored | None:
    """The stored payload under `key`, or None when absent, partial or altered (then the caller recomputes)."""
    try:
        doc = json.loads((Path(folder) / f"{key}.json").read_text())
        body = json.dumps(doc["payload"], sort_keys=True)
        if hashlib.sha256(body.encode()).hexdigest() != doc["sha256"]:
            return None
        return Stored(doc["payload"], str(doc["computed_at"]), str(doc["code_version"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(folder: Path, key: str, payload: dict, *, code_version: str = "unknown") -> None:
    """Write atomically; a store that cannot be written (read-only folder) is skipped silently: it is a cache."""
    body = json.dumps(payload, sort_keys=True)
    doc = {
        "payload": payload,
        "sha256": hashlib.sha256(body.encode()).hexdigest(),
        "code_version": code_version,
        "computed_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w") as f:
            json.dump(doc, f, sort_keys=True)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide a shared store from other users
        os.replace(tmp, Path(folder) / f"{key}.json")
    except OSError:
        return


# ---------------------------------------------------------------- results with arrays

# A result object (frozen dataclasses of arrays, numbers, strings, tuples, dicts and tables) is stored as its
# structure in JSON and its arrays in an .npz beside it, read back with allow_pickle=False: a store file is data,
# never code. Only our own dataclasses are rebuilt, named by module and class under these packages.
_OWN = ("analysis.", "data.", "models.")


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
                raise TypeError("object arrays are not stored")
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


def write_object(folder: Path, key: str, obj, *, code_version: str = "unknown") -> None:
    """Store a result object: its structure as `<key>.json` (with checksums of both files), its arrays as
    `<key>.npz`, each written atomically. A store that cannot be written is skipped: it is a cache."""
    enc = _Encoder()
    tree = enc(obj)
    buf = io.BytesIO()
    np.savez_compressed(buf, **enc.arrays)
    blob = buf.getvalue()
    try:
        _atomic(Path(folder), f"{key}.npz", blob)
        write(
            folder, key, {"object": tree, "arrays_sha256": hashlib.sha256(blob).hexdigest()}, code_version=code_version
        )
    except OSError:
        return


def read_object(folder: Path, key: str) -> tuple[object, Stored] | None:
    """(the object, where it came from) as written by write_object, or None when absent, partial or altered."""
    hit = read(folder, key)
    if hit is None or "object" not in hit.payload:
        return None
    try:
        blob = (Path(folder) / f"{key}.npz").read_bytes()
        if hashlib.sha256(blob).hexdigest() != hit.payload["arrays_sha256"]:
            return None
        with np.load(io.BytesIO(blob), allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        return _decode(hit.payload["object"], arrays), hit
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ImportError):
        return None


def _atomic(folder: Path, name: str, blob: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(blob)
    os.chmod(tmp, 0o644)
    os.replace(tmp, folder / name)


@dataclass(frozen=True)
class Provenance:
    """Where a result shown on a page came from."""

    origin: str  # "store" (read back) or "computed" (now, then written)
    computed_at: str
    code_version: str

    def sentence(self) -> str:
        if self.origin == "store":
            return f"Read from the results store (computed {self.computed_at}, code {self.code_version})."
        return "Computed now and written to the results store."


def fetch(folder: Path | None, key: str, compute, *, code_version: str = "unknown") -> tuple[object, Provenance]:
    """The stored result under `key`, else `compute()` written there; with where it came from."""
    hit = read_object(folder, key) if folder is not None else None
    if hit is not None:
        return hit[0], Provenance("store", hit[1].computed_at, hit[1].code_version)
    obj = compute()
    if folder is not None:
        write_object(folder, key, obj, code_version=code_version)
    return obj, Provenance("computed", "now", code_version)
