"""Cold Brew's claims as verdicts (analysis/claims.py has the rules)."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.claims import Claim
from modeldash.analysis.intervals import crossed_interval, t_interval

CROSSED = "Student's t, seeds crossed with nodes (Satterthwaite df)"


def claims(zoo=None, folder: Path | None = None) -> list[Claim]:
    """Cold Brew, under the paper's protocol (the official code's training nodes, groups and settings): on isolated
    nodes the student beats GCN and is at least as good as the MLP, and its virtual neighbours help it (paired,
    over training seeds crossed with the scored isolated nodes); and the first again as the released code scores
    the groups."""
    from modeldash.analysis.coldstart.service import load_graph_record, zoo_graphs

    out = []
    for graph in zoo_graphs(zoo):
        rec = load_graph_record(graph, zoo)
        out += coldstart_report_claims(graph, rec.report)
    return out


def paired_difference(report, model: str, other: str) -> tuple[float, tuple[float, float], int, str, str]:
    """(estimate, interval, n, over, method) of isolated-node accuracy, model − other, in points: over training
    seeds crossed with the isolated nodes (each node's correctness per seed, paired) when the record has them,
    else a t over seeds on the group accuracies."""
    a, b = report.node_matrix(model), report.node_matrix(other)
    if a is not None and b is not None and a.shape == b.shape and a.shape[1] > 1:
        m, lo, hi, _ = crossed_interval(100 * (a - b))
        return m, (lo, hi), a.shape[0], f"seeds × {a.shape[1]} nodes", CROSSED
    acc = report.rows.pivot_table(index="seed", columns="model", values="acc_isolated") * 100
    m, lo, hi = t_interval((acc[model] - acc[other]).to_numpy())
    return m, (lo, hi), len(acc), "seeds", "Student's t"


def coldstart_report_claims(graph: str, report) -> list[Claim]:
    """The cold-start claims on one graph's report (the zoo's, or one trained on a user's graph)."""
    from modeldash.analysis.coldstart.study import PAPER_ISOLATED

    models = set(report.rows["model"])
    p = PAPER_ISOLATED
    paper = f"Cora, isolated nodes: Cold Brew {p['Cold Brew'][0]}, GCN {p['GCN'][0]}, MLP {p['MLP'][0]}"
    rules = [
        (report, "gcn", "above", (0.0,), "the student beats GCN on isolated nodes", paper),
        (report, "mlp", "above", (-2.0,), "the student is at least as good as the MLP on isolated nodes (2-point margin)", paper),
        (report, "coldbrew_novn", "above", (0.0,), "virtual neighbours help the student on isolated nodes",
         "the student retrieves virtual neighbours to stand in for the edges an isolated node lacks"),
    ]  # fmt: skip
    if report.can_release:
        rules.append(
            (report.released(), "gcn", "above", (0.0,),
             "the student beats GCN on isolated nodes, as the released code scores them (GCN in training mode)", paper)
        )  # fmt: skip
    out = []
    for rep, other, test, thr, words, paper_words in rules:
        if "coldbrew" not in models or other not in models:
            continue
        m, ci, n, over, method = paired_difference(rep, "coldbrew", other)
        name = {"coldbrew_novn": "the student without them"}.get(other, other.upper())
        note = f"{report.protocol} protocol, {report.scheme} groups" + (
            ", released scoring" if rep.scoring == "released" else ""
        )
        out.append(
            Claim("coldstart", f"{graph}: {words}", f"isolated-node accuracy, Cold Brew − {name}, points", m, ci,
                  test, thr, paper_words, n, over, note=note, method=method)
        )  # fmt: skip
    return out


def data_claims(path: str | Path, zoo=None, folder: Path | None = None, *, quick: bool = False) -> list[Claim]:
    """The claims on a `.npz` graph: every model trained on it under the paper's protocol (3 seeds), kept in the
    results store under the file's bytes and the settings (a second run reads them)."""
    from modeldash.analysis.coldstart.service import stored_file_report
    from modeldash.models.coldstart_fit import UPLOAD_SEEDS

    path = Path(path)
    rep, _ = stored_file_report(path.read_bytes(), path.stem, folder=folder, seeds=UPLOAD_SEEDS, quick=quick)
    return coldstart_report_claims(path.stem, rep)
