"""The plain-language sentence under the Example weights view's headline chart."""

from __future__ import annotations

from analysis.diva.report import DivaReport


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def headline(report: DivaReport) -> str:
    """What the DIVA weights did on this task, in numbers a reader can check against the charts."""
    t, r = report.task, report.reweighting
    n_flip = int(t.flipped.sum())
    change = report.acc_after - report.acc_before
    verb = "raised" if change > 0 else "lowered" if change < 0 else "left"
    acc = (
        f"{verb} clean test accuracy from {_pct(report.acc_before)} to {_pct(report.acc_after)}"
        if change
        else f"left clean test accuracy at {_pct(report.acc_before)}"
    )
    return (
        f"Of {len(t.labels)} training examples, {n_flip} have flipped labels. "
        f"The dataset derivative flags {int(r.flagged.sum())} as harmful, {_pct(report.flagged_precision)} of "
        f"them truly flipped (recall {_pct(report.flagged_recall)}); a low weight picks out flipped labels "
        f"with AUROC {report.noisy_auroc:.3f}. Reweighting ({report.n_steps} steps) {acc}; "
        f"removing every flipped example would give {_pct(report.acc_clean_oracle)}."
    )
