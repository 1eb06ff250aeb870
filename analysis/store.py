"""The results store: dataset-level results on disk, so a page opens them instead of recomputing.

One JSON file per result, named by a key that hashes everything the result depends on: the view and its
method's version, the model files' bytes, the data's arrays and the settings. A file is written atomically
(a temporary file, then a rename) and carries a checksum of its payload; a file that is missing, partial or
altered is ignored and the result recomputed, never shown. Deleting the folder is always safe. The folder is
`$DASH_STORE`, else `results/` beside the zoo folder (the bundled zoo's is committed with the demo results).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

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
