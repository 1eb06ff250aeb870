"""One plain-language sentence per result, for the line under a chart."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the types only: importing every view's analysis here would slow each page's first load
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
    """Isolated-node accuracies side by side, the head-node leader, the student against the MLP, and the FCR."""
    s = report.summary()

    def at(m, col):
        return f"{s.loc[m, col]:.1f}% ± {s.loc[m, col + '_std']:.1f}"

    learned = s.drop("lp", errors="ignore")
    order = learned["acc_isolated"].sort_values(ascending=False).index
    text = (f"On the {report.n_isolated} isolated (cold-start) nodes: "
            + ", ".join(f"{s.loc[m, 'label']} {at(m, 'acc_isolated')}" for m in order) + ". ")
    best_head = learned["acc_head"].idxmax()
    text += f"On the {report.n_head} head nodes {s.loc[best_head, 'label']} leads ({at(best_head, 'acc_head')}). "
    if {"coldbrew", "mlp"} <= set(s.index):
        gap = s.loc["coldbrew", "acc_isolated"] - s.loc["mlp", "acc_isolated"]
        noise = max(s.loc["coldbrew", "acc_isolated_std"], s.loc["mlp", "acc_isolated_std"])
        text += (f"The student is {abs(gap):.1f} points {'above' if gap >= 0 else 'below'} the plain MLP on isolated "
                 f"nodes, {'more' if abs(gap) > noise else 'less'} than the seed-to-seed spread. ")
    fcr = report.fcr()
    if fcr == fcr:
        text += (f"Feature contribution ratio {100 * fcr:.1f}%: "
                 + ("the features carry most of what the GNN knows. " if fcr >= 0.5 else
                    "label propagation alone comes close to the GNN, so much of what it knows comes from the "
                    "graph — which a cold-start node lacks. "))
    spread = "± is the standard deviation over seeds" if report.seeds > 1 else "one seed, so no spread"
    return text + f"({spread}; the groups are small, so a few points can be noise.)"


def splits(table) -> str:
    """What the R² heatmap (kind × split, test) shows: best and worst split, and each split's best model."""
    means = table.mean(axis=0)
    best, worst = means.idxmax(), means.idxmin()
    from analysis.splits import KIND_LABELS

    parts = [f"{split}: {KIND_LABELS.get(table[split].idxmax(), table[split].idxmax())} {table[split].max():.2f}"
             for split in table.columns]
    text = (f"Averaged over architectures, test R² is highest on the {best} split ({means[best]:.2f}) and lowest "
            f"on the {worst} split ({means[worst]:.2f}). Best per split — " + "; ".join(parts) + ". ")
    neg = int((table < 0).to_numpy().sum())
    if neg:
        text += (f"{neg} of {table.size} cells are below 0: there the model does worse than always predicting "
                 "the mean factor value. ")
    return text + "R² = 1 − MSE / variance over the full factor grid, averaged over factors."


def trajectories(table) -> str:
    """What the dataset-level chart shows: how much the past carries and whether neighbours beat the control."""
    parts = []
    for _, r in table.iterrows():
        lo, hi = r["social_score_ci"]
        rlo, rhi = r["random_agent_score_ci"]
        above = lo > rhi
        if hi == 0 and r["social_score"] == 0:
            parts.append(f"{r['model']}: past {r['past_attribution']:.3f} m, neighbours exactly 0 (it does not see them)")
            continue
        parts.append(f"{r['model']}: past {r['past_attribution']:.3f} m, social score {r['social_score']:.3f} m "
                     f"[{lo:.3f}, {hi:.3f}] against the random agent's {r['random_agent_score']:.3f} m "
                     f"[{rlo:.3f}, {rhi:.3f}] — {'clearly above the control' if above else 'not clearly above the control'}")
    n = int(table["n_scenes"].iloc[0])
    return (f"Over {n} scenes: " + "; ".join(parts) + ". A social score that does not stand clearly above the "
            "random agent's means the model does not use its neighbours (the paper's finding on pedestrian data).")


def series(frame, reference_mae: float) -> str:
    """Which generator comes closest to the real floor on Context-FID and the classifier, and the forecaster."""
    gens = frame[frame.generator != "real"]
    floor = frame[frame.generator == "real"].iloc[0]
    best = gens.loc[gens.context_fid.idxmin()]
    hardest = gens.loc[gens.discriminative_score.idxmin()]
    pred = gens.loc[gens.predictive_mae.idxmin()]
    return (f"Closest to real by Context-FID: {best.generator} ({best.context_fid:.3f}; held-out real windows score "
            f"{floor.context_fid:.3f}). Hardest to tell from real: {hardest.generator} (classifier "
            f"{hardest.discriminative_score:.2f} above chance; real against real: {floor.discriminative_score:.2f}). "
            f"A forecaster trained on {pred.generator} samples errs by {pred.predictive_mae:.3f} on real windows, "
            f"against {reference_mae:.3f} when trained on real data. Lower is better everywhere; the 'real' row is "
            "the floor no generator can beat except by chance.")
