"""The Example weights view's service: DIVA's report for one feature extractor and one setting of the controls
(the page and the CLI both call it)."""

from __future__ import annotations

from torch import nn

from analysis.diva.report import DivaReport, diva_report
from analysis.diva.task import digits_task


def digits_report(
    model: nn.Module, *, noise: float = 0.2, lam: float = 1.0, steps: int = 2, step_size: float = 0.1, seed: int = 0
) -> DivaReport:
    """Weight the digits task's examples (labels flipped at `noise` by `seed`) on `model`'s frozen features."""
    task = digits_task(model, noise_rate=noise, seed=seed)
    return diva_report(task, lam=lam, n_steps=steps, step_size=step_size, seed=seed)
