"""One plain-language sentence per result, for the line under a chart."""
from __future__ import annotations

from analysis.coldstart import ColdStartReport
from analysis.diva_eval import DivaReport


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def diva(report: DivaReport) -> str:
    """What the DIVA weights did on this task, in numbers a reader can check against the charts."""
    t, r = report.task, report.reweighting
    n_flip = int(t.flipped.sum())
    change = report.acc_after - report.acc_before
    verb = "raised" if change > 0 else "lowered" if change < 0 else "left"
    acc = (f"{verb} clean test accuracy from {_pct(report.acc_before)} to {_pct(report.acc_after)}"
           if change else f"left clean test accuracy at {_pct(report.acc_before)}")
    return (f"Of {len(t.labels)} training examples, {n_flip} have flipped labels. "
            f"The dataset derivative flags {int(r.flagged.sum())} as harmful, {_pct(report.flagged_precision)} of "
            f"them truly flipped (recall {_pct(report.flagged_recall)}); a low weight picks out flipped labels "
            f"with AUROC {report.noisy_auroc:.3f}. Reweighting ({report.n_steps} steps) {acc}; "
            f"removing every flipped example would give {_pct(report.acc_clean_oracle)}.")


def coldstart(report: ColdStartReport) -> str:
    """Who wins on isolated nodes and on the rest, and what the FCR says, with the seed spread."""
    s = report.summary()
    iso = s["acc_isolated"].drop("lp", errors="ignore")
    best_iso = iso.idxmax()
    rest = s["acc_head"].drop("lp", errors="ignore")
    best_head = rest.idxmax()

    def at(m, col):
        return f"{s.loc[m, col]:.1f}% ± {s.loc[m, col + '_std']:.1f}"

    parts = [f"On the {report.n_isolated} isolated (cold-start) nodes, {s.loc[best_iso, 'label']} is most accurate "
             f"({at(best_iso, 'acc_isolated')})"]
    if {"coldbrew", "gcn", "mlp"} <= set(s.index):
        parts.append(f"against GCN {at('gcn', 'acc_isolated')}, MLP {at('mlp', 'acc_isolated')} and the Cold Brew "
                     f"student {at('coldbrew', 'acc_isolated')}")
    text = ", ".join(parts) + f"; on the {report.n_head} head nodes {s.loc[best_head, 'label']} leads "                               f"({at(best_head, 'acc_head')})."
    fcr = report.fcr()
    if fcr == fcr:
        text += (f" The feature contribution ratio is {100 * fcr:.1f}%: "
                 + ("features carry most of the label information, so a feature-only student can serve cold nodes."
                    if fcr >= 0.5 else "the graph structure carries much of the label information, so cold-start "
                                       "nodes are hard for any model."))
    spread = " ± is the standard deviation over seeds;" if report.seeds > 1 else " one seed, so no spread is shown;"
    return text + spread + " groups are small, so differences of a few points may be noise."
