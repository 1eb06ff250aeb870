"""`python -m analysis precompute`: fill the results store with the dataset-level results the pages open.

Trajectories fan out as (model, chunk of scenes) tasks that carry the model files' bytes (any worker can run
them). DIVA (each claim seed), each splits dataset × split, each series dataset and each cold-start graph's
embedding map (PCA, t-SNE) are one task each, run where the executor
says; such a task reads the zoo and writes the store by path, so on a cluster of several machines both folders
must be shared (or the same checkout) — on the default LocalCluster they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analysis import jobs
from analysis.store import Provenance

VIEWS = ("trajectories", "diva", "splits", "series", "coldstart")


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
    metric: str = "ade"  # trajectories only
    removal: str = "remove"
    datasets: tuple[str, ...] = ()  # trajectories only; () = every dataset


def units(view: str, s: Settings) -> list[Unit]:
    if view == "diva":
        from analysis.claims import DIVA_SEEDS
        from models.zoo import list_zoo

        seeds = sorted({s.seed, *range(DIVA_SEEDS)})  # the page's default, and the seeds the claim rests on
        return [Unit("diva", f"{m.name}@{seed}") for m in list_zoo(s.zoo)[0] if m.task == "diva" for seed in seeds]
    if view == "splits":
        from analysis.splits.service import zoo_scores

        pairs = zoo_scores(s.zoo)[["dataset", "split"]].drop_duplicates().itertuples(index=False)
        return [Unit("splits", f"{d}/{sp}") for d, sp in pairs]
    if view == "series":
        from analysis.series.service import zoo_budgets, zoo_datasets

        return [Unit("series", f"{name}@{b}") for name in zoo_datasets(s.zoo) for b in zoo_budgets(name, s.zoo)]
    if view == "coldstart":
        from analysis.coldstart.service import zoo_graphs
        from data.coldstart_groups import PROTOCOLS

        return [
            Unit("coldstart", f"{g}/{m}/{p}")
            for p in PROTOCOLS
            for g in zoo_graphs(s.zoo, p)
            for m in ("pca", "tsne", "predictions")
        ]
    from analysis.trajectories.service import dataset_names

    return [Unit("trajectories", name) for name in s.datasets or dataset_names()]


def run_unit(unit: Unit, s: Settings) -> Provenance:
    """Read or compute one result and write it to the store (a task: runs wherever the executor puts it)."""
    folder = Path(s.folder)
    if unit.view == "diva":
        from analysis.diva.service import stored_zoo_report

        name, seed = unit.what.split("@")
        return stored_zoo_report(name, s.zoo, folder=folder, seed=int(seed))[1]
    if unit.view == "splits":
        from analysis.splits.service import stored_evaluation, zoo_loader, zoo_scores

        dataset, split = unit.what.split("/")
        frame = zoo_scores(s.zoo)
        return stored_evaluation(frame, dataset, split, zoo_loader(s.zoo), zoo=s.zoo, folder=folder)[1]
    if unit.view == "coldstart":
        from analysis.coldstart.service import stored_embedding_map, stored_node_predictions

        graph, what, protocol = unit.what.split("/")
        if what == "predictions":
            return stored_node_predictions(graph, s.zoo, folder=folder, protocol=protocol)[1]
        return stored_embedding_map(graph, s.zoo, method=what, folder=folder, protocol=protocol)[1]
    from analysis.series.service import stored_report

    name, budget = unit.what.split("@")
    return stored_report(name, s.zoo, folder=folder, seed=s.seed, budget=budget)[1]


def trajectories(
    unit: Unit, s: Settings, *, executor: str, chunk: int | None, scheduler: str | None, progress=None
) -> Provenance:
    """One trajectories dataset: read from the store, else fanned out in (model, scenes) chunks and written."""
    from analysis.trajectories.service import (
        compare_models_chunked,
        domain_model_files,
        domain_of,
        load_dataset,
        stored_domain_comparison,
    )

    domain, scenes = domain_of(unit.what), load_dataset(unit.what)
    kw = {"metric": s.metric, "removal": s.removal, "seed": s.seed}

    def compute():
        files = domain_model_files(domain, s.zoo)
        return compare_models_chunked(
            files, scenes, **kw, executor=executor, chunk=chunk, scheduler=scheduler, progress=progress
        )

    got = stored_domain_comparison(scenes, domain, s.zoo, folder=Path(s.folder), compute=compute, **kw)
    return Provenance(got.origin, got.computed_at, got.code_version)


def precompute(
    views: list[str],
    s: Settings,
    *,
    executor: str = "local",
    chunk: int | None = None,
    scheduler: str | None = None,
    bar: Callable[[str], Callable[[int, int], None]] | None = None,
) -> list[tuple[Unit, Provenance]]:
    """Every unit of `views`, in the store: trajectories' chunks on the executor, the other units as tasks."""
    out = []
    for view in views:
        todo = units(view, s)
        if view == "trajectories":
            for u in todo:
                progress = bar(f"trajectories {u.what}") if bar else None
                out.append(
                    (u, trajectories(u, s, executor=executor, chunk=chunk, scheduler=scheduler, progress=progress))
                )
            continue
        got = jobs.map_chunks(
            run_unit, todo, s, executor=executor, scheduler=scheduler, progress=bar(view) if bar else None
        )
        out += list(zip(todo, got))
    return out
