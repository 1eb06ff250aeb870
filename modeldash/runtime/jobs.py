"""Work fanned out over an existing engine, `dask.distributed`: in this process ("local"), or as Dask tasks on an
in-process `LocalCluster` (worker processes on this machine) or on a real cluster by its scheduler's address.

A task carries data, never live objects: a model travels as its files' bytes (`models.zoo.ModelFile`), scenes
and settings as arrays and numbers, so any worker that has this code can run it, on this machine or another.
Results come back in the order of the chunks, so whatever the executor and the chunk size, what is assembled
from them is the same (a test compares). `Jobs` runs the long work a page starts (training on an upload) as
Dask tasks the page follows. Dask is imported only when it is used.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from modeldash.errors import InputError

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
            _check_imports(client, address)
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


_PROBE = "import modeldash.runtime.jobs"  # what a task needs: the project, importable where it runs


def _check_imports(client, address: str) -> None:
    """Refuse, in one sentence, a cluster whose scheduler or workers cannot import this project: its tasks would
    fail to deserialise there (with a traceback on every worker)."""
    bad = []
    try:
        client.run_on_scheduler(exec, _PROBE)
    except Exception:  # whatever the scheduler raised, it could not import the project
        bad.append("the scheduler")
    got = client.run(exec, _PROBE, on_error="return")
    bad += [f"worker {w}" for w, r in got.items() if isinstance(r, BaseException)]
    if bad:
        client.close()
        raise InputError(
            f"{', '.join(bad[:3])}{' and others' if len(bad) > 3 else ''} at {address[:80]} cannot import modeldash: "
            "install the project where they run (pip install -e . in a checkout) and start them again"
        )


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


# ---------------------------------------------------------------- long jobs a page follows


@dataclass(frozen=True)
class JobState:
    """Where a job is: status "running" (or waiting for a worker), "done" or "failed"."""

    status: str
    fraction: float  # of the work, as the job reports it
    error: str | None  # the one sentence of a failed job
    elapsed_s: float


def _progress_name(key: str) -> str:
    return f"progress-{key}"


@dataclass(frozen=True)
class Refused:
    """A job that refused its input: returned by the worker as a value, so a user's bad file is one sentence, not
    a traceback in the worker's log."""

    sentence: str


def run_reporting(fn: Callable, args: tuple, key: str, limit_s: float):
    """A job's body on a worker: fn(*args, progress=…), reporting progress to the scheduler (its metadata store,
    under the job's name: reading a key that is not there yet is a default, not a logged error) and stopping the
    job with one sentence once it has run `limit_s` seconds. An InputError comes back as `Refused`."""
    from distributed import get_client as worker_client

    client, start, last = worker_client(), time.monotonic(), [0.0]

    def progress(fraction: float) -> None:
        now = time.monotonic()
        if now - start > limit_s:
            raise InputError(f"the job was stopped after {now - start:.1f} s; a job may run at most {limit_s:g} s")
        if now - last[0] > 0.25 or fraction >= 1:
            client.set_metadata(_progress_name(key), float(fraction))
            last[0] = now

    try:
        return fn(*args, progress=progress)
    except InputError as e:
        return Refused(str(e))


class Jobs:
    """Long jobs on a Dask client, found again by key: a reload, or a second visitor with the same inputs, follows
    the same job instead of starting another, and gets its result when it is done. At most `max_running` jobs
    wait or run at once (another is refused with one sentence); each may run `limit_s` seconds; the results of
    the last `keep` jobs are kept."""

    def __init__(self, scheduler: str | None = None, *, max_running: int = 4, limit_s: float = 900, keep: int = 4):
        self.scheduler, self.max_running, self.limit_s, self.keep = scheduler, max_running, limit_s, keep
        self._futures: dict[str, object] = {}
        self._started: dict[str, float] = {}
        self._results: dict[str, object] = {}  # insertion order: the oldest is dropped first
        self._lock = threading.Lock()

    def submit(self, key: str, fn: Callable, *args) -> None:
        """Start fn(*args, progress=…) as job `key` unless it is running or done already."""
        with self._lock:
            if key in self._futures or key in self._results:
                return
            running = sum(not f.done() for f in self._futures.values())
            if running >= self.max_running:
                raise InputError(
                    f"{running} {'job is' if running == 1 else 'jobs are'} running on this server, the most it takes "
                    "at once; try again when one ends"
                )
            client = get_client(self.scheduler)
            self._futures[key] = client.submit(run_reporting, fn, args, key, self.limit_s, key=f"job-{key}", pure=False)
            self._started[key] = time.monotonic()

    def state(self, key: str) -> JobState:
        """The job's state (KeyError when it was never submitted here)."""
        if key not in self._results and self._futures[key].status == "finished":
            self.result(key)  # fetched once: a refusal is known only from the value
        if key in self._results:
            got = self._results[key]
            if isinstance(got, Refused):
                return JobState("failed", 0.0, got.sentence, 0.0)
            return JobState("done", 1.0, None, 0.0)
        f = self._futures[key]
        elapsed = time.monotonic() - self._started[key]
        if f.status in ("error", "cancelled", "lost"):
            return JobState("failed", 0.0, self._sentence(f), elapsed)
        return JobState("running", self._fraction(key), None, elapsed)

    def result(self, key: str):
        """A done job's result (kept; the job's future is released)."""
        with self._lock:
            if key not in self._results:
                f = self._futures.pop(key)
                self._results[key] = f.result()
                self._started.pop(key, None)
                f.release()
                while len(self._results) > self.keep:
                    self._results.pop(next(iter(self._results)))
            return self._results[key]

    def forget(self, key: str) -> None:
        """Drop a failed job, so the same inputs can be tried again."""
        with self._lock:
            f = self._futures.pop(key, None)
            if f is not None:
                f.release()
            self._started.pop(key, None)
            self._results.pop(key, None)

    def _fraction(self, key: str) -> float:
        try:
            return float(get_client(self.scheduler).get_metadata(_progress_name(key), default=0.0))
        except Exception:  # the scheduler is busy or gone: no progress to show this second
            return 0.0

    @staticmethod
    def _sentence(f) -> str:
        try:
            e = f.exception(timeout=1)
        except Exception:
            return "the job was lost (its worker stopped)"
        if isinstance(e, InputError):
            return str(e)
        return f"the job failed: {e.__class__.__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}".rstrip(": ")
