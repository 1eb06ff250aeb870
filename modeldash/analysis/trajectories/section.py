"""The Trajectories view's section of the offline report (analysis/report.py)."""

from __future__ import annotations

from modeldash.analysis.report import Section, model_rows
from modeldash.analysis.trajectories.settings import TrajSettings


def section(zoo=None, folder=None, *, dataset: str | None = None, settings: TrajSettings = TrajSettings()) -> Section:
    from modeldash.analysis.trajectories import plots, readings
    from modeldash.analysis.trajectories.service import dataset_names, domain_of, zoo_entries
    from modeldash.analysis.trajectories.stored import stored_zoo_comparison

    dataset = dataset or dataset_names()[0]
    domain = domain_of(dataset)
    comp, origin = stored_zoo_comparison(dataset, zoo, settings, folder=folder)
    return Section(
        "trajectories",
        readings.headline(comp),
        (plots.dataset_bars(comp),),
        ((f"Attribution measures on {dataset} (95% bootstrap intervals over scenes)", comp.to_frame()),),
        model_rows([m.name for m in zoo_entries(domain, zoo)], zoo),
        {"dataset": dataset, **settings.as_dict(), "scenes": comp.n_scenes},
        origin.sentence(),
    )
