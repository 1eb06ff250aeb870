"""`python -m modeldash precompute`: fill the results store with the dataset-level results the pages open.

Each view's `precompute` module (its spec in catalogue.py) lists its units and computes one. A unit runs as one
task where the executor says, and reads the zoo and writes the store by path, so on a cluster of several
machines both folders must be shared (or the same checkout) — on the default LocalCluster they are. A view whose
module has `fan_out` (trajectories) spreads one unit over the executor itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from modeldash.analysis import store
from modeldash.analysis.store import Provenance
from modeldash.catalogue import by_task, resolve
from modeldash.runtime import jobs


@dataclass(frozen=True)
class Unit:
    """One result of the store to fill: its view and what it is of (a model, a dataset, a dataset/split)."""

    view: str
    what: str


@dataclass(frozen=True)
class Settings:
    zoo: str | None
    folder: str
    seed: int = 0
    data: tuple[str, ...] = ()  # a researcher's files (--data): each to the view that takes its kind
    model_files: tuple[str, ...] = ()  # a researcher's ONNX models (--model-file)
    options: tuple[tuple[str, object], ...] = ()  # a view's own options (its batch module's add_options), by name

    def option(self, name: str, default=None):
        return dict(self.options).get(name, default)


FILE = "file:"  # a unit that is a researcher's file: "file:<path>"


def files_for(view: str, s: Settings) -> list[str]:
    """The --data files a view takes (by kind, as `claims --data`: catalogue.for_file)."""
    from modeldash import catalogue

    return [p for p in s.data if (v := catalogue.for_file(p)) is not None and v.task == view]


def _module(view: str):
    return resolve(by_task(view).precompute)


def units(view: str, s: Settings) -> list[Unit]:
    return [Unit(view, what) for what in _module(view).units(s)]


def run_unit(unit: Unit, s: Settings) -> Provenance:
    """Read or compute one result and write it to the store (a task: runs wherever the executor puts it)."""
    return _module(unit.view).compute(unit.what, s)


def precompute(
    views: list[str],
    s: Settings,
    *,
    executor: str = "local",
    chunk: int | None = None,
    scheduler: str | None = None,
    bar: Callable[[str], Callable[[int, int], None]] | None = None,
) -> list[tuple[Unit, Provenance]]:
    """Every unit of `views`, in the store: fanned-out views' chunks on the executor, the other units as tasks."""
    out = []
    for view in views:
        todo, mod = units(view, s), _module(view)
        if hasattr(mod, "fan_out"):
            for u in todo:
                progress = bar(f"{view} {u.what}") if bar else None
                got = mod.fan_out(u.what, s, executor=executor, chunk=chunk, scheduler=scheduler, progress=progress)
                out.append((u, got))
            continue
        got = jobs.map_chunks(
            run_unit, todo, s, executor=executor, scheduler=scheduler, progress=bar(view) if bar else None
        )
        out += list(zip(todo, got))
    return out


def check(views: list[str], s: Settings) -> list[tuple[Unit, Provenance | None]]:
    """Which units of `views` the store holds, computing nothing (None: missing): `precompute --check`, and the
    test that the shipped store is current with the zoo and the code."""
    out = []
    for view in views:
        mod = _module(view)
        for u in units(view, s):
            try:
                with store.reading_only():
                    if hasattr(mod, "fan_out"):
                        got = mod.fan_out(u.what, s, executor="local", chunk=None, scheduler=None)
                    else:
                        got = mod.compute(u.what, s)
            except store.NotStored:
                got = None
            out.append((u, got))
    return out
