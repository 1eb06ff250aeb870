"""The plain-language sentence under the Cold-start graphs view's headline chart."""

from __future__ import annotations

from analysis.coldstart.study import ColdStartReport


def headline(report: ColdStartReport) -> str:
    """Isolated-node accuracies side by side, the head-node leader, the student against the MLP, and the FCR."""
    s = report.summary()

    def at(m, col):
        mean = f"{s.loc[m, col]:.1f}%"
        return f"{mean} ± {s.loc[m, col + '_std']:.1f}" if report.seeds > 1 else mean

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
            noise = max(s.loc["coldbrew", "acc_isolated_std"], s.loc["mlp", "acc_isolated_std"])
            text += f", {'more' if abs(gap) > noise else 'less'} than the seed-to-seed spread. "
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
    spread = "± is the standard deviation over seeds" if report.seeds > 1 else "one seed, so no spread"
    return text + f"({spread}; the groups are small, so a few points can be noise.)"
