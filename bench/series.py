"""Synthetic-series view costs, as ratios against a reference measured in the same run.

1. A PSA-GAN training step at full length, the discriminator scoring real and fake windows in one pass
   (what train_gan does) vs two passes.
2. Opening ETTh1 from the zoo and scoring every generator (the page's first view) vs training its
   PSA-GAN once with the zoo's settings.
3. Where the report's time goes: Context-FID, discriminative and predictive scores for one generator.
`python -m bench.series`"""

from __future__ import annotations

import torch

from analysis.series.metrics import context_fid, discriminative_score, predictive_mae
from analysis.series.report import series_report
from analysis.series.service import load_series
from bench.timing import best_time
from models.psagan import BASE, PSAGAN, PSAGANConfig
from models.psagan_fit import GANSettings, train_gan


def _step(model: PSAGAN, real: torch.Tensor, fused: bool) -> None:
    z = torch.randn(len(real), model.cfg.z_dim, BASE)
    fake = model.generator(z)
    if fused:
        d_real, d_fake = model.discriminator(torch.cat([real, fake.detach()])).chunk(2)
    else:
        d_real, d_fake = model.discriminator(real), model.discriminator(fake.detach())
    (((d_real - 1) ** 2).mean() + (d_fake**2).mean()).backward()
    ((model.discriminator(fake) - 1) ** 2).mean().backward()


def main() -> None:
    torch.manual_seed(0)
    model = PSAGAN(PSAGANConfig()).train()
    real = torch.rand(64, 1, model.cfg.length)
    t_two = best_time(lambda: _step(model, real, False), repeat=20)[0]
    t_one = best_time(lambda: _step(model, real, True), repeat=20)[0]
    print(
        f"training step (batch 64, length 64): two discriminator passes {1000 * t_two:.1f} ms, one "
        f"{1000 * t_one:.1f} ms -> {t_two / t_one:.2f}x"
    )

    t_open, bundle = best_time(lambda: load_series("etth1"), repeat=2)
    t_report, report = best_time(lambda: series_report(bundle.data, bundle.encoder, bundle.generators), repeat=1)
    t_train = best_time(lambda: train_gan(bundle.data.training_windows(), "psagan", GANSettings()), repeat=1)[0]
    print(
        f"ETTh1: open from the zoo {t_open:.2f} s + score {len(report.scores)} generators {t_report:.1f} s vs "
        f"train PSA-GAN once {t_train:.1f} s -> {t_train / (t_open + t_report):.1f}x"
    )

    fake = report.samples["PSA-GAN"]
    parts = {
        "Context-FID (5 runs)": lambda: context_fid(bundle.encoder, report.real_train, fake),
        "discriminative score": lambda: discriminative_score(report.real_test, fake),
        "predictive score": lambda: predictive_mae(fake, report.real_test),
    }
    times = {k: best_time(f, repeat=2)[0] for k, f in parts.items()}
    total = sum(times.values())
    print("one generator's metrics: " + ", ".join(f"{k} {v:.2f} s ({100 * v / total:.0f}%)" for k, v in times.items()))


if __name__ == "__main__":
    main()
