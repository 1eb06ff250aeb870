"""The Trajectories view's section of the offline report (analysis/report.py)."""

from __future__ import annotations

from modeldash.analysis.report import Section, model_rows


def section(zoo=None, folder=None, *, dataset: str | None = None, metric="ade", removal="remove") -> Section:
    from modeldash.analysis.trajectories import plots, readings
    from modeldash.analysis.trajectories.service import dataset_names, domain_of, stored_zoo_comparison, zoo_entries

    dataset = dataset or dataset_names()[0]
    domain = domain_of(dataset)
    got = stored_zoo_comparison(dataset, zoo, folder=folder, metric=metric, removal=removal)
    comp, origin = got
    return Section(
        "trajectories",
        readings.headline(comp),
        (plots.dataset_bars(comp),),
        ((f"Attribution measures on {dataset} (95% bootstrap intervals over scenes)", comp.to_frame()),),
        model_rows([m.name for m in zoo_entries(domain, zoo)], zoo),
        {"dataset": dataset, "metric": metric, "removal": removal, "scenes": comp.n_scenes, "seed": 0},
        origin.sentence(),
    )
