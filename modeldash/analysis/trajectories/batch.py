"""`python -m modeldash precompute trajectories`: each dataset's table of the zoo's models (and of
`--model-file` ONNX predictors), fanned out as (model, chunk of scenes) tasks that carry the model files' bytes
(any worker can run them). `--data FILE`: that ETH/UCY file instead of the bundled datasets. Without `--dataset`,
also the claims' tables (`seeds:<dataset>:<loss>`: the held-out files and the team game with every training seed)."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.precompute import FILE, files_for
from modeldash.analysis.trajectories.settings import TrajSettings

SEEDS = "seeds:"


def add_options(p) -> None:
    """precompute's options for this view."""
    from modeldash.analysis.trajectories.settings import METRICS, REMOVALS

    p.add_argument(
        "--dataset", action="append", default=None, metavar="NAME", help="trajectories: a bundled dataset (repeatable)"
    )
    p.add_argument("--metric", choices=METRICS, default=TrajSettings().metric, help="trajectories: the value function")
    p.add_argument(
        "--removal", choices=REMOVALS, default=TrajSettings().removal, help="trajectories: how a player goes"
    )


def units(s) -> list[str]:
    from modeldash.analysis.trajectories.claims import HELD_OUT
    from modeldash.analysis.trajectories.claims import TABLE1 as LOSSES
    from modeldash.analysis.trajectories.service import dataset_names

    files = files_for("trajectories", s)
    if s.data:
        return [FILE + p for p in files]
    if s.option("dataset"):
        return list(s.option("dataset"))
    seeded = [f"{SEEDS}{d}:ade" for d in (*HELD_OUT, "team")]
    seeded += [f"{SEEDS}{d}:{m}" for d in HELD_OUT for m in sorted({m for _, m in LOSSES})]
    return dataset_names() + seeded


def fan_out(what: str, s, *, executor: str, chunk: int | None, scheduler: str | None, progress=None):
    """One dataset or file: read from the store, else computed in (model, scenes) chunks on the executor and
    written."""
    from modeldash.analysis.trajectories.service import domain_of, load_dataset
    from modeldash.analysis.trajectories.stored import onnx_files, seed_files, stored_table
    from modeldash.data.trajectories import load_file

    if what.startswith(SEEDS):  # a dataset under one loss, with every training seed: a claims' table
        dataset, metric = what[len(SEEDS) :].split(":")
        domain = domain_of(dataset)
        got = stored_table(
            load_dataset(dataset), domain, s.zoo, TrajSettings(metric=metric, seed=s.seed), folder=Path(s.folder),
            extra=seed_files(domain, s.zoo), executor=executor, chunk=chunk, scheduler=scheduler, progress=progress,
        )  # fmt: skip
        return got[1]
    if what.startswith(FILE):
        scenes, domain = load_file(what[len(FILE) :]), "eth_ucy"
    else:
        scenes, domain = load_dataset(what), domain_of(what)
    extra = onnx_files(s.model_files, domain)
    default = TrajSettings()
    settings = TrajSettings(s.option("metric", default.metric), s.option("removal", default.removal), s.seed)
    run = dict(folder=Path(s.folder), executor=executor, chunk=chunk, scheduler=scheduler, progress=progress)
    got = stored_table(scenes, domain, s.zoo, settings, **run)  # the zoo's table
    if extra:  # and the researcher's models' own (beside constant velocity), as the trajectories command reads them
        got = stored_table(scenes, domain, s.zoo, settings, extra=extra, zoo_models=False, **run)
    return got[1]
