"""The plain-language sentence under the Example weights view's headline chart."""

from __future__ import annotations

from modeldash.analysis.diva.compare import RunPair
from modeldash.analysis.diva.report import DivaReport


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def accuracy_change(before: float, after: float) -> str | None:
    """The change between two accuracies as shown (one decimal of a percent), from the shown figures, so that
    "95.0%" and "95.2%" read "+0.2 pt"; None when the shown figures are equal."""
    shown = round(100 * after, 1) - round(100 * before, 1)
    return f"{shown:+.1f} pt" if round(shown, 1) else None


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
        + f"Reweighting ({report.n_steps} step{'' if report.n_steps == 1 else 's'}) {acc}; "
        + oracle
    )


def run_pair(pair: RunPair) -> str:
    """Two runs compared: agreement of their weights, flip detection, and whether the gap exceeds the noise."""
    a, b = pair.names
    lo, hi = pair.diff_ci
    d = pair.auroc_difference
    how = "paired over the same examples" if pair.paired else "the two runs flipped different labels: unpaired"
    verdict = (
        f"larger than the noise of the examples ({how} bootstrap, 95% [{lo:+.3f}, {hi:+.3f}])"
        if pair.beyond_noise
        else f"within the noise of the examples ({how} bootstrap, 95% [{lo:+.3f}, {hi:+.3f}])"
    )
    top = pair.disagreements(1).iloc[0]
    return (
        f"{a} against {b}: their weights agree with Spearman ρ = {pair.spearman:.2f}. Low weights find the flipped "
        f"labels with AUROC {pair.auroc[0]:.3f} and {pair.auroc[1]:.3f}: {b} {'higher' if d > 0 else 'lower'} by "
        f"{abs(d):.3f}, {verdict}. After reweighting, clean test accuracy is {_pct(pair.acc_after[0])} and "
        f"{_pct(pair.acc_after[1])}. They disagree most on example {int(top['example_id'])} (true label "
        f"{int(top['true_label'])}): weight {top.iloc[4]:.2f} against {top.iloc[5]:.2f}."
    )
