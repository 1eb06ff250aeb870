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
    n_flag = int(r.flagged.sum())
    if n_flip == 0:
        found = (
            f"No label is flipped, so there is nothing for the weights to find; the dataset derivative flags "
            f"{n_flag} example{'s' * (n_flag != 1)} as harmful anyway. "
        )
    else:
        precision = (
            f", {_pct(report.flagged_precision)} of them truly flipped (recall {_pct(report.flagged_recall)})"
            if n_flag
            else " (so it finds none of the flipped ones)"
        )
        auroc = (
            f"; a low weight picks out flipped labels with AUROC {report.noisy_auroc:.3f}"
            if report.noisy_auroc == report.noisy_auroc
            else ""
        )
        found = f"The dataset derivative flags {n_flag} as harmful{precision}{auroc}. "
    oracle = (
        f"removing every flipped example would give {_pct(report.acc_clean_oracle)}."
        if n_flip
        else f"with no flipped example, the clean baseline is {_pct(report.acc_clean_oracle)}."
    )
    return (
        f"Of {len(t.labels)} training examples, {n_flip} have flipped labels. "
        + found
        + f"Reweighting ({report.n_steps} steps) {acc}; "
        + oracle
    )
