"""Opening a user's .npz as data: never unpickled, its arrays named as a contract says, one sentence per problem."""

from __future__ import annotations

import io
import zipfile

import numpy as np

from modeldash.errors import InputError, check_size


def read_arrays(
    raw: bytes, *, required: tuple[str, ...], optional: tuple[str, ...] = (), limit: int, contract: str
) -> dict[str, np.ndarray]:
    """{name: array} of an .npz holding every `required` array and only those or `optional` ones; read with
    allow_pickle=False, so an object (pickled) array is refused, not run."""
    if not raw:
        raise InputError("the file is empty; expected " + contract)
    check_size(len(raw), limit)
    try:
        z = np.load(io.BytesIO(raw), allow_pickle=False)
        files = list(z.files)
    except (ValueError, OSError, zipfile.BadZipFile, EOFError):
        raise InputError("the file is not an .npz archive; expected " + contract) from None
    unknown = [k for k in files if k not in required + optional]
    if unknown:
        raise InputError(f"unexpected array {unknown[0][:40]!r}; expected {', '.join(required + optional)}")
    missing = [k for k in required if k not in files]
    if missing:
        raise InputError(f"the file has no '{missing[0]}' array; expected " + contract)
    try:
        return {k: z[k] for k in files}
    except ValueError:
        raise InputError("the file holds Python objects (pickled arrays): save plain numeric arrays") from None
