"""Cold Brew's claims as verdicts (analysis/claims.py has the rules)."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.claims import Claim
from modeldash.analysis.intervals import t_interval


def claims(zoo=None, folder: Path | None = None, stored_only: bool = False) -> list[Claim]:
    """Cold Brew, under the paper's protocol (the official code's training nodes and settings): on isolated nodes
    the student beats GCN and is at least as good as the MLP, and its virtual neighbours help it (paired over
    training seeds)."""
    from modeldash.analysis.coldstart.service import load_graph_record, zoo_graphs

    out = []
    for graph in zoo_graphs(zoo):
        rec = load_graph_record(graph, zoo)
        out += coldstart_report_claims(graph, rec.report)
    return out


def coldstart_report_claims(graph: str, report) -> list[Claim]:
    """The cold-start claims on one graph's report (the zoo's, or one trained on a user's graph)."""
    from modeldash.analysis.coldstart.study import PAPER_ISOLATED

    acc = report.rows.pivot_table(index="seed", columns="model", values="acc_isolated") * 100
    p = PAPER_ISOLATED
    paper = f"Cora, isolated nodes: Cold Brew {p['Cold Brew'][0]}, GCN {p['GCN'][0]}, MLP {p['MLP'][0]}"
    out = []
    for other, test, thr, words, paper_words in (
        ("gcn", "above", (0.0,), "the student beats GCN on isolated nodes", paper),
        (
            "mlp",
            "above",
            (-2.0,),
            "the student is at least as good as the MLP on isolated nodes (2-point margin)",
            paper,
        ),
        (
            "coldbrew_novn",
            "above",
            (0.0,),
            "virtual neighbours help the student on isolated nodes",
            "the student retrieves virtual neighbours to stand in for the edges an isolated node lacks",
        ),
    ):
        if "coldbrew" not in acc.columns or other not in acc.columns:
            continue
        m, lo, hi = t_interval((acc["coldbrew"] - acc[other]).to_numpy())
        name = {"coldbrew_novn": "the student without them"}.get(other, other.upper())
        out.append(
            Claim(
                "coldstart",
                f"{graph}: {words}",
                f"isolated-node accuracy, Cold Brew − {name}, points",
                m,
                (lo, hi),
                test,
                thr,
                paper_words,
                len(acc),
                "seeds",
                note=f"{report.protocol} protocol",
            )
        )
    return out


def data_claims(path: str | Path, zoo=None, folder: Path | None = None, *, quick: bool = False) -> list[Claim]:
    """The claims on a `.npz` graph: every model trained on it under the paper's protocol (3 seeds), kept in the
    results store under the file's bytes and the settings (a second run reads them)."""
    from modeldash.analysis.coldstart.service import stored_file_report
    from modeldash.models.coldstart_fit import UPLOAD_SEEDS

    path = Path(path)
    rep, _ = stored_file_report(path.read_bytes(), path.stem, folder=folder, seeds=UPLOAD_SEEDS, quick=quick)
    return coldstart_report_claims(path.stem, rep)
