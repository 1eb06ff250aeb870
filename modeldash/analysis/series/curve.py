"""PSA-GAN's learning curve: normalised Context-FID against the training budget, so a reader sees where on it the
zoo's generators sit.

A point is one generator trained at `multiple` × the release's demo budget — the same 20 epochs and growth
schedule, `multiple` × 100 batches per epoch (so the fade and the stages keep their place in training) — and
scored as the report scores it: one sample per held-out window's conditioning, embedded by each of the zoo's
Context-FID encoders, Fréchet distance to the real windows divided by that of Gaussian noise (noise = 1), the mean
over encoders and `n_runs` draws of windows. Each (dataset, variant, seed) is one precompute unit (its multiples
trained in turn), so the store keeps the curve and `python -m modeldash precompute series --curve` spreads it over
the Dask cluster. Mean and Student's t interval over the GAN seeds per budget.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from modeldash.analysis.intervals import t_interval

MULTIPLES = (0.5, 1.0, 2.0, 4.0)  # × the demo budget's 100 batches per epoch
CURVE_SEEDS = 2
CURVE_RUNS = 2  # draws of held-out windows per point (the report: N_RUNS)


def generator_steps(settings) -> int:
    """Generator updates in a run: each of the first `warmup_g_steps` follows `warmup_d_steps` discriminator
    steps, later ones `d_steps` (the demo budget: 266 of 2,000 iterations)."""
    warm = settings.warmup_g_steps * (settings.warmup_d_steps + 1)
    if settings.iterations <= warm:
        return settings.iterations // (settings.warmup_d_steps + 1)
    return settings.warmup_g_steps + (settings.iterations - warm) // (settings.d_steps + 1)


def at_multiple(settings, multiple: float):
    """The settings with `multiple` × the batches per epoch (epochs, schedule and fade unchanged)."""
    return dataclasses.replace(settings, batches_per_epoch=max(1, int(round(settings.batches_per_epoch * multiple))))


def context_fid_norm(data, encoders: list, model, *, n_runs: int = CURVE_RUNS, seed: int = 0) -> float:
    """A generator's normalised Context-FID against held-out windows, as the report computes it (mean over
    encoders and runs)."""
    from modeldash.analysis.series.metrics import fid
    from modeldash.analysis.series.report import noise_references
    from modeldash.analysis.series.results import draws

    held = data.window_set("test")
    runs = draws(len(held), seed=seed, n_runs=n_runs)
    reals = [held.values[a] for a, _ in runs]
    noise = noise_references(reals, seed)
    out = []
    for r, (a, _) in enumerate(runs):
        fake = model.generate(held.features[a], held.ids[a], seed=1000 * seed + r)
        for enc in encoders:
            z = enc.embed(reals[r])
            out.append(fid(enc.embed(fake), z) / fid(enc.embed(noise[r]), z))
    return float(np.mean(out))


def curve_rows(
    data, encoders: list, variant: str, seed: int, *, multiples=MULTIPLES, base=None, trained: dict | None = None
) -> list[dict]:
    """One (variant, GAN seed)'s points: trained at each multiple of the budget, then scored. `trained`: multiple ->
    a generator already trained with exactly those settings (the zoo's, at the demo budget), scored instead of
    trained again (training is deterministic in its seed: the same weights)."""
    import torch

    from modeldash.models.series_psagan_fit import BUDGETS, train_gan, variant_settings

    torch.set_num_threads(1)
    base = base or BUDGETS["demo"]
    windows = data.training_window_set()
    rows = []
    for mult in multiples:
        st = variant_settings(variant, dataclasses.replace(at_multiple(base, mult), seed=seed))
        model = (trained or {}).get(mult) or train_gan(windows, st, n_series=len(data.series))
        rows.append(
            {
                "variant": variant,
                "seed": seed,
                "multiple": float(mult),
                "iterations": st.iterations,
                "generator_steps": generator_steps(st),
                "context_fid_norm": context_fid_norm(data, encoders, model),
            }
        )
    return rows


@dataclass(frozen=True)
class LearningCurve:
    """Normalised Context-FID per (variant, seed, budget) on one dataset."""

    dataset: str
    rows: pd.DataFrame  # variant, seed, multiple, iterations, generator_steps, context_fid_norm

    def summary(self) -> pd.DataFrame:
        """Per (variant, multiple): iterations, generator steps, the mean over seeds, its t-interval (NaN from one
        seed, cut at 0: a distance), and the number of seeds."""
        out = []
        for (v, mult), g in self.rows.groupby(["variant", "multiple"], sort=False):
            m, lo, hi = t_interval(g["context_fid_norm"].to_numpy())
            out.append(
                {
                    "variant": v,
                    "multiple": mult,
                    "iterations": int(g["iterations"].iloc[0]),
                    "generator_steps": int(g["generator_steps"].iloc[0]),
                    "mean": m,
                    "lo": max(lo, 0.0) if lo == lo else lo,
                    "hi": hi,
                    "seeds": int(g["seed"].nunique()),
                }
            )
        return pd.DataFrame(out).sort_values(["variant", "multiple"], kind="stable").reset_index(drop=True)

    def still_improving(self, variant: str) -> bool | None:
        """Whether the largest budget is better than the one before it beyond the seeds' spread (the interval of
        the per-seed differences wholly below 0): the curve has not flattened where it ends. None from one seed."""
        r = self.rows[self.rows["variant"] == variant]
        mults = sorted(r["multiple"].unique())
        if len(mults) < 2:
            return None
        a = r[r["multiple"] == mults[-1]].set_index("seed")["context_fid_norm"]
        b = r[r["multiple"] == mults[-2]].set_index("seed")["context_fid_norm"]
        d = (a - b).dropna().to_numpy()
        if len(d) < 2:
            return None
        return bool(t_interval(d)[2] < 0)
