"""The plain-language sentence under the Cold-start graphs view's headline chart."""

from __future__ import annotations

from modeldash.analysis.coldstart.study import PAPER_ISOLATED, ColdStartReport
from modeldash.analysis.intervals import excludes_zero, mean_interval_text, t_interval


def headline(report: ColdStartReport) -> str:
    """Isolated-node accuracies side by side, the head-node leader, the student against the MLP, and the FCR."""
    s = report.summary()

    def at(m, col):
        return mean_interval_text(s.loc[m, col], s.loc[m, col + "_lo"], s.loc[m, col + "_hi"]) + "%"

    learned = s.drop("lp", errors="ignore")
    order = learned["acc_isolated"].sort_values(ascending=False).index
    text = (
        f"On the {report.n_isolated} isolated (cold-start) nodes: "
        + ", ".join(f"{s.loc[m, 'label']} {at(m, 'acc_isolated')}" for m in order)
        + ". "
        if report.n_isolated
        else "There are no isolated nodes to score. "
    )
    head = learned["acc_head"]
    leaders = head[head == head.max()].index
    if report.n_head == 0:
        text += "There are no head nodes to compare on. "
    elif len(leaders) == len(head):
        text += f"On the {report.n_head} head nodes every model scores the same ({at(leaders[0], 'acc_head')}). "
    else:
        names = " and ".join(s.loc[m, "label"] for m in leaders)
        verb = "lead" if len(leaders) > 1 else "leads"
        text += f"On the {report.n_head} head nodes {names} {verb} ({at(leaders[0], 'acc_head')}). "
    if {"coldbrew", "mlp"} <= set(s.index) and report.n_isolated:
        gap = s.loc["coldbrew", "acc_isolated"] - s.loc["mlp", "acc_isolated"]
        side = "above" if gap > 0 else "below" if gap < 0 else "level with"
        text += f"The student is {abs(gap):.1f} points {side} the plain MLP on isolated nodes"
        if report.seeds > 1:
            acc = report.rows.pivot_table(index="seed", columns="model", values="acc_isolated") * 100
            _, lo, hi = t_interval((acc["coldbrew"] - acc["mlp"]).dropna().to_numpy())
            beyond = excludes_zero((lo, hi))
            text += f" (paired over seeds, 95% [{lo:+.1f}, {hi:+.1f}]: " + (
                "beyond the seed-to-seed noise). " if beyond else "within the seed-to-seed noise). "
            )
        else:
            text += " (one seed: no spread to compare the gap with). "
    fcr = report.fcr()
    if fcr == fcr:
        text += f"Feature contribution ratio {100 * fcr:.1f}%: " + (
            "the features carry most of what the GNN knows. "
            if fcr >= 0.5
            else "label propagation alone comes close to the GNN, so much of what it knows comes from the "
            "graph — which a cold-start node lacks. "
        )
    spread = "brackets: 95% t-intervals over seeds" if report.seeds > 1 else "one seed, so no interval"
    return text + f"({spread}; the groups are small, so a few nodes move a figure by points.)"


def protocol_text(report: ColdStartReport, epochs: int, student_epochs: int) -> str:
    """How the models were trained and scored, for the caption under the table."""
    cuts = {
        "official": "the official code's repeated median cuts of the degree values, ties kept",
        "median": "our exact cuts of 1/32 of the nodes each, ties in degree broken at random",
        "decile": "10% of the nodes each, ties in degree broken at random",
    }.get(report.scheme, report.scheme)
    groups = (
        f"The head, tail and isolated groups ({cuts}; {report.n_isolated} isolated nodes scored) come from the "
        "original degrees; the isolated group's edges are removed. "
    )
    if report.protocol == "paper":
        split = (
            "Paper's protocol: the official code's training nodes "
            f"({report.n_train} training, {report.n_val} validation, {report.n_test} test: Cora trains on its "
            "first 600 nodes and tests on all others, other graphs take 20 labels per class, 500 validation and "
            "1,000 test nodes), which may include group nodes (an isolated training node is trained without its "
            "edges); a group's accuracy counts its nodes outside the training set, as the official evaluation does. "
            f"Official settings: {epochs} full-batch steps per model and per part of the student, Adam lr 0.005, "
            "dropout 0.6 (students 0.5), the teacher's structural embedding in its first layer (drawn N(0, 1), "
            "penalty 32), the student's MLPs with LayerNorm and GELU, top-3 retrieval scaled by α₀; every model "
            "is kept at its last step (the official code has no validation set on Cora). "
        )
    else:
        split = (
            "Our protocol: every group node is held out of training; the other nodes are split 60/20/20 per class "
            f"({report.n_train} / {report.n_val} / {report.n_test}); every model is kept at its epoch of best "
            f"validation accuracy, after {epochs} full-batch epochs ({student_epochs} per part of the student). "
        )
    return (
        groups
        + split
        + "'All held-out' is the test set and the groups together. Label propagation sees labels only, so on a "
        "node without edges it falls back to the majority class. Simplified for a CPU: no residual or "
        "normalisation tricks in the GNNs, and the student's retrieval candidates are computed once after its "
        "first part is trained (their weights follow α₀ at every step, as officially)."
    )


def audit(report) -> str:
    """What the audit of the released code found, one line each, with this record's GCN figures where it has the
    released scoring (a researcher's record may not)."""
    scoring = "and the student in evaluation mode (*Scoring* above shows both). "
    if report.can_release and "gcn" in set(report.rows["model"]):
        honest = report.rows[report.rows.model == "gcn"]["acc_isolated"].mean() * 100
        released = report.rows[report.rows.model == "gcn"]["acc_isolated_released"].mean() * 100
        scoring += (
            f"Here it takes the GCN on {report.n_isolated} isolated {report.dataset} nodes from {honest:.1f} "
            f"(evaluation mode) to {released:.1f}"
        )
        paper = PAPER_ISOLATED["GCN"][0]
        if report.dataset == "cora" and min(honest, released) < paper < max(honest, released):
            scoring += f"; the paper's GCN figure on isolated Cora nodes, {paper}, lies between the two."
        else:
            scoring += "."
    return (
        "- **Scoring.** The released code scores its GCNs' node groups in training mode with dropout on the logits, "
        + scoring
        + "\n- **The student's second stage.** The released second stage also optimises the first stage's "
        "parameters, and weight decay drives them towards zero, so the released student is in effect an MLP; ours "
        "freezes stage one, as the paper describes.\n"
        "- **The teacher's target.** The released code takes the teacher's embedding in training mode from a "
        "checkpoint selected on test accuracy; ours is the last checkpoint's, in evaluation mode."
    )
