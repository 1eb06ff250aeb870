"""The Cold-start view's section of the offline report (analysis/report.py), and its `--compare`."""

from __future__ import annotations

from modeldash.analysis.report import Section, model_rows


def section(zoo=None, folder=None, *, graph: str | None = None, compare: bool = False) -> Section:
    """A graph's accuracies per node group under the paper's protocol; with `compare`, under ours beside them."""
    from modeldash.analysis.coldstart import plots, readings
    from modeldash.analysis.coldstart.service import load_graph_record, zoo_graphs
    from modeldash.models.zoo import list_zoo

    graph = graph or zoo_graphs(zoo)[0]
    rep = load_graph_record(graph, zoo).report
    reps = [rep] + ([load_graph_record(graph, zoo, "ours").report] if compare else [])
    names = [
        m.name
        for m in list_zoo(zoo)[0]
        if m.task == "coldstart"
        and m.dataset.get("name") == graph
        and m.dataset.get("protocol") in {r.protocol for r in reps}
    ]
    reading = readings.headline(rep)
    if compare:
        reading += f" Side by side, under our protocol: {readings.headline(reps[1])}"
    return Section(
        "coldstart",
        reading,
        tuple(plots.group_accuracy_bars(r) for r in reps),
        tuple(
            (
                f"Accuracy per node group on {graph}, % (mean, std and 95% t-interval over seeds; "
                f"the {r.protocol} protocol)",
                r.summary().round(2),
            )
            for r in reps
        )
        + (
            (
                f"The same on {graph} as the released code scores the groups (its GCNs in training mode, dropout "
                "on the logits; the others in evaluation mode), %",
                rep.released().summary().round(2),
            ),
        )
        * rep.can_release,
        model_rows(names, zoo),
        {"graph": graph, "protocol": " and ".join(r.protocol for r in reps), "seeds": rep.seeds},
        "Accuracies as recorded in the zoo's manifests over every training seed (the page re-evaluates seed 0).",
    )


def compare_option(what: str) -> dict:
    """`--compare coldstart=ours`: the other protocol's accuracies beside the paper's."""
    return {"compare": True}
