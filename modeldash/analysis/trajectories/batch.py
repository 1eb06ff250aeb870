"""`python -m modeldash precompute trajectories`: each dataset's table of the zoo's models, fanned out as
(model, chunk of scenes) tasks that carry the model files' bytes (any worker can run them)."""

from __future__ import annotations

from pathlib import Path


def units(s) -> list[str]:
    from modeldash.analysis.trajectories.service import dataset_names

    return list(s.datasets or dataset_names())


def fan_out(what: str, s, *, executor: str, chunk: int | None, scheduler: str | None, progress=None):
    """One dataset: read from the store, else computed in (model, scenes) chunks on the executor and written."""
    from modeldash.analysis.trajectories.service import (
        compare_models_chunked,
        domain_model_files,
        domain_of,
        load_dataset,
        stored_domain_comparison,
    )

    domain, scenes = domain_of(what), load_dataset(what)
    kw = {"metric": s.metric, "removal": s.removal, "seed": s.seed}

    def compute():
        files = domain_model_files(domain, s.zoo)
        return compare_models_chunked(
            files, scenes, **kw, executor=executor, chunk=chunk, scheduler=scheduler, progress=progress
        )

    return stored_domain_comparison(scenes, domain, s.zoo, folder=Path(s.folder), compute=compute, **kw)[1]
