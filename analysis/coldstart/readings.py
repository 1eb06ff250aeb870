"""The plain-language sentence under the Cold-start graphs view's headline chart."""

from __future__ import annotations

from analysis.coldstart.study import ColdStartReport


def headline(report: ColdStartReport) -> str:
    """Isolated-node accuracies side by side, the head-node leader, the student against the MLP, and the FCR."""
    s = report.summary()

    def at(m, col):
        return f"{s.loc[m, col]:.1f}% ± {s.loc[m, col + '_std']:.1f}"

    learned = s.drop("lp", errors="ignore")
    order = learned["acc_isolated"].sort_values(ascending=False).index
    text = (
        f"On the {report.n_isolated} isolated (cold-start) nodes: "
        + ", ".join(f"{s.loc[m, 'label']} {at(m, 'acc_isolated')}" for m in order)
        + ". "
    )
    best_head = learned["acc_head"].idxmax()
    text += f"On the {report.n_head} head nodes {s.loc[best_head, 'label']} leads ({at(best_head, 'acc_head')}). "
    if {"coldbrew", "mlp"} <= set(s.index):
        gap = s.loc["coldbrew", "acc_isolated"] - s.loc["mlp", "acc_isolated"]
        noise = max(s.loc["coldbrew", "acc_isolated_std"], s.loc["mlp", "acc_isolated_std"])
        text += (
            f"The student is {abs(gap):.1f} points {'above' if gap >= 0 else 'below'} the plain MLP on isolated "
            f"nodes, {'more' if abs(gap) > noise else 'less'} than the seed-to-seed spread. "
        )
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
