"""PSA-GAN's claims as verdicts (analysis/claims.py has the rules)."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.claims import Claim


def claims(zoo=None, folder: Path | None = None) -> list[Claim]:
    """PSA-GAN beats each ablation and the AR baseline on Context-FID, per bundled dataset and training budget."""
    from modeldash.analysis.series.service import stored_report, zoo_budgets, zoo_datasets

    out = []
    for name in zoo_datasets(zoo):
        for budget in zoo_budgets(name, zoo):
            rep = stored_report(name, zoo, folder=folder, budget=budget)[0]
            out += series_report_claims(name if budget == "demo" else f"{name} ({budget} budget)", rep)
    return out


def series_report_claims(name: str, report) -> list[Claim]:
    """The series claims on one dataset's scored report: PSA-GAN against each ablation and the AR baseline, as
    paired per-seed log-ratios of Context-FID with Student's t interval over seeds (above 0: PSA-GAN closer)."""
    from modeldash.analysis.intervals import t_interval
    from modeldash.analysis.series.compare import log_ratios
    from modeldash.analysis.series.results import BASELINE, REAL

    others = [s.generator for s in report.scores if s.generator not in ("PSA-GAN", REAL)]
    out = []
    for other in others:
        r = log_ratios(report, other, "PSA-GAN")
        if r is None:
            continue
        est, lo, hi = t_interval(r)
        out.append(
            Claim(
                "series",
                f"{name}: PSA-GAN's samples are closer to real than {'the ' if other == BASELINE else ''}{other}'s "
                "(Context-FID)",
                f"log(Context-FID {other} / PSA-GAN), mean over paired seeds",
                est,
                (lo, hi),
                "above",
                (0.0,),
                "PSA-GAN has the lowest Context-FID of its ablations and every baseline (Tables 1–3)",
                len(r),
                "seeds",
                f"{len(r)} GAN seeds × {report.n_encoders} encoders; Student's t over seeds",
                against=other,
            )
        )
    return out


def data_claims(path: str | Path, zoo=None, folder: Path | None = None, *, quick: bool = False) -> list[Claim]:
    """The claims on a `.csv` series: PSA-GAN and its baselines trained on it (kept in the results store under the
    file's bytes and the settings: a second run reads them)."""
    from modeldash.analysis.series.service import stored_file_report

    path = Path(path)
    rep, _ = stored_file_report(path.read_bytes(), path.stem, folder=folder, quick=quick)
    return series_report_claims(path.stem, rep)
