"""The plain-language sentence under the Compositional splits view's R² heatmap."""

from __future__ import annotations

from analysis.splits.scores import KIND_LABELS


def headline(table) -> str:
    """What the R² heatmap (kind × split, test) shows: best and worst split, and each split's best model."""
    means = table.mean(axis=0)
    best, worst = means.idxmax(), means.idxmin()
    parts = [
        f"{split}: {KIND_LABELS.get(table[split].idxmax(), table[split].idxmax())} {table[split].max():.2f}"
        for split in table.columns
    ]
    text = (
        f"Averaged over architectures, test R² is highest on the {best} split ({means[best]:.2f}) and lowest "
        f"on the {worst} split ({means[worst]:.2f}). Best per split — " + "; ".join(parts) + ". "
    )
    neg = int((table < 0).to_numpy().sum())
    if neg:
        text += (
            f"{neg} of {table.size} cells are below 0: there the model does worse than always predicting "
            "the mean factor value. "
        )
    return text + "R² = 1 − MSE / variance over the full factor grid, averaged over factors."
