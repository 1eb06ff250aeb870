"""Work fanned out over an existing engine, `dask.distributed`: in this process ("local"), or as Dask tasks on an
in-process `LocalCluster` (worker processes on this machine) or on a real cluster by its scheduler's address.

A task carries data, never live objects: a model travels as its files' bytes (`models.zoo.ModelFile`), scenes
and settings as arrays and numbers, so any worker that has this code can run it, on this machine or another.
Results come back in the order of the chunks, so whatever the executor and the chunk size, what is assembled
from them is the same (a test compares). Dask is imported only when the "dask" executor is chosen.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence

from errors import InputError

EXECUTORS = ("local", "dask")
SCHEDULER_ENV = "DASH_SCHEDULER"
CONNECT_TIMEOUT = "5s"
LOCAL_WORKERS = 2  # worker processes of the default LocalCluster (one thread each: PyTorch is single-threaded there)
# distributed sets glibc's MALLOC_TRIM_THRESHOLD_ (64 kB) in its workers; any value set there also fixes glibc's mmap
# threshold, so PyTorch's buffers are mapped and unmapped on every call: attribution ran 2.3x slower in a worker,
# mostly in system time. The LocalCluster leaves it unset (a real cluster's workers: see the README).

_lock = threading.Lock()
_clients: dict[str, object] = {}


def scheduler_address(address: str | None = None) -> str | None:
    """The scheduler to use: the argument, else $DASH_SCHEDULER, else None (an in-process LocalCluster)."""
    return address or os.environ.get(SCHEDULER_ENV) or None


def get_client(address: str | None = None):
    """A `distributed.Client`: of the cluster at `address` (or $DASH_SCHEDULER), else of a LocalCluster with
    LOCAL_WORKERS worker processes started on first use and kept for the life of this process."""
    from distributed import Client, LocalCluster

    address = scheduler_address(address)
    key = address or "local"
    with _lock:
        client = _clients.get(key)
        if client is not None and client.status == "running":
            return client
        if address:
            try:
                client = Client(address, timeout=CONNECT_TIMEOUT)
            except OSError as e:
                raise InputError(f"no Dask scheduler answers at {address[:80]} ({e.__class__.__name__})") from None
        else:
            import dask

            dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None})  # see above
            cluster = LocalCluster(
                n_workers=LOCAL_WORKERS,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                env={"OMP_NUM_THREADS": "1"},
            )
            client = Client(cluster)
        _clients[key] = client
        return client


def close_clients() -> None:
    """Close every client (and the LocalCluster) this process started."""
    with _lock:
        for c in _clients.values():
            cluster = getattr(c, "cluster", None)
            c.close()
            if cluster is not None:
                cluster.close()
        _clients.clear()


def chunked(items: Sequence, size: int | None) -> list[Sequence]:
    """`items` in consecutive chunks of `size` (all in one chunk when size is None or 0)."""
    if size is not None and size < 0:
        raise InputError("--chunk must be a positive number of items")
    if not size or size >= len(items):
        return [items]
    return [items[i : i + size] for i in range(0, len(items), size)]


def map_chunks(
    fn: Callable,
    chunks: Sequence,
    *args,
    executor: str = "local",
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list:
    """[fn(chunk, *args) for chunk in chunks], in order: in this process, or as Dask tasks (`fn` must be a
    module-level function; `args` are sent once to the workers). `progress(done, total)` after each chunk."""
    if executor not in EXECUTORS:
        raise InputError(f"executor must be one of {', '.join(EXECUTORS)}, not {executor!r}")
    total = len(chunks)
    if executor == "local":
        out = []
        for k, c in enumerate(chunks):
            out.append(fn(c, *args))
            if progress:
                progress(k + 1, total)
        return out
    from distributed import as_completed

    client = get_client(scheduler)
    shared = [client.scatter(a, broadcast=True) if _big(a) else a for a in args]
    futures = [client.submit(fn, c, *shared, pure=False) for c in chunks]
    try:
        for k, f in enumerate(as_completed(futures)):
            if f.status == "error":
                f.result()  # raises the task's own exception (an InputError keeps its sentence)
            if progress:
                progress(k + 1, total)
        return client.gather(futures)
    finally:
        for f in futures:
            f.release()


def _big(a) -> bool:
    """Arguments worth scattering once instead of sending with every task (arrays, datasets, model files)."""
    return not isinstance(a, (str, int, float, bool, type(None)))
