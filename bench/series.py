"""Synthetic-series view costs, as ratios against a reference measured in the same run.

1. A PSA-GAN discriminator step at full length (batch 64, one thread as on a Dask worker), scoring real and fake
   windows in one pass (what train_gan does) vs two passes (the official code).
2. Average pooling of the conditioning as a reshape and a mean (models.series_psagan.pool) vs `avg_pool1d`.
3. Scoring Taylor's every generator seed under three encoders (the store's report) vs training one PSA-GAN at
   the release's demo budget.
4. Where one generator seed's scoring time goes: embedding its runs, the Fréchet distances, the probes.
`python -m bench.series`"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from bench.timing import best_time
from modeldash.analysis.series.metrics import discriminative_score, fid, predictive_mae
from modeldash.analysis.series.report import series_report
from modeldash.analysis.series.results import draws
from modeldash.analysis.series.service import load_series
from modeldash.models.series_psagan import PSAGAN, PSAGANConfig, pool
from modeldash.models.series_psagan_fit import GANSettings, train_gan


def _d_step(model: PSAGAN, real, f, ids, fused: bool) -> None:
    noise = torch.randn(len(real), 1, real.shape[-1])
    with torch.no_grad():
        fake = model.generator(noise, f, ids)
    if fused:
        both = model.discriminator(torch.cat([real, fake]), torch.cat([f, f]), torch.cat([ids, ids]))
        d_real, d_fake = both.chunk(2)
    else:
        d_real, d_fake = model.discriminator(real, f, ids), model.discriminator(fake, f, ids)
    (0.5 * ((d_real - 1) ** 2).mean() + 0.5 * (d_fake**2).mean()).backward()


def main() -> None:
    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = PSAGAN(PSAGANConfig(n_features=5, n_series=7)).train()
    real, f, ids = torch.rand(64, 1, 64), torch.rand(64, 5, 64), torch.randint(0, 7, (64,))
    t_two = best_time(lambda: _d_step(model, real, f, ids, False), repeat=20)[0]
    t_one = best_time(lambda: _d_step(model, real, f, ids, True), repeat=20)[0]
    print(
        f"discriminator step (batch 64, length 64, one thread): two passes {1000 * t_two:.1f} ms, one {1000 * t_one:.1f} ms -> {t_two / t_one:.2f}x"
    )
    cond = torch.rand(64, 15, 64)
    t_pool = best_time(lambda: F.avg_pool1d(cond, 8), repeat=200)[0]
    t_mean = best_time(lambda: pool(cond, 8), repeat=200)[0]
    print(
        f"pooling the conditioning by 8: avg_pool1d {1e6 * t_pool:.0f} µs, reshape-mean {1e6 * t_mean:.0f} µs -> {t_pool / t_mean:.1f}x"
    )

    torch.set_num_threads(2)
    t_open, bundle = best_time(lambda: load_series("taylor"), repeat=1)
    t_report, report = best_time(lambda: series_report(bundle.data, bundle.encoders, bundle.generators), repeat=1)
    torch.set_num_threads(1)
    t_train = best_time(lambda: train_gan(bundle.data.training_window_set(), GANSettings()), repeat=1)[0]
    n = len(report.runs.drop_duplicates(["generator", "seed"]))
    print(
        f"Taylor: open from the zoo {t_open:.1f} s + score {n} generator seeds × {report.n_encoders} encoders "
        f"{t_report:.1f} s vs train one PSA-GAN (the demo budget, one thread) {t_train:.1f} s -> "
        f"{(t_open + t_report) / t_train:.1f}x"
    )

    held = bundle.data.window_set("test")
    runs = draws(len(held))
    g = bundle.generators["PSA-GAN"][0]
    fakes = [g.generate(held.features[a], held.ids[a], seed=r) for r, (a, _) in enumerate(runs)]
    reals = [held.values[a] for a, _ in runs]
    enc = bundle.encoders[0]
    z = [enc.embed(x) for x in fakes + reals]
    parts = {
        "generating 5 runs": lambda: [
            g.generate(held.features[a], held.ids[a], seed=r) for r, (a, _) in enumerate(runs)
        ],
        "embedding 5 runs (one encoder)": lambda: [enc.embed(x) for x in fakes],
        "Context-FID of 5 runs": lambda: [fid(z[i], z[5 + i]) for i in range(5)],
        "window FID of 5 runs": lambda: [fid(fakes[i], reals[i]) for i in range(5)],
        "discriminative score": lambda: discriminative_score(held.values[runs[0][1]], fakes[0]),
        "predictive score": lambda: predictive_mae(fakes[0], reals[0]),
    }
    times = {k: best_time(fn, repeat=2)[0] for k, fn in parts.items()}
    total = sum(times.values())
    print("one generator seed: " + ", ".join(f"{k} {v:.2f} s ({100 * v / total:.0f}%)" for k, v in times.items()))
    assert np.isfinite(total)


if __name__ == "__main__":
    import argparse

    argparse.ArgumentParser(prog="python -m bench.series", description=__doc__).parse_args()
    main()
