"""Each paper's headline claims as computed verdicts: our estimate, its 95% interval, what it rests on (seeds,
scenes), the paper's own number, and a verdict from the interval by one of three rules:

- "above t":    holds when the whole interval is above t; does not hold when it is all at or below t.
- "below t":    holds when the whole interval is below t; does not hold when it is all at or above t.
- "within a–b": holds when the whole interval lies in [a, b]; does not hold when it lies wholly outside.

Anything else — an interval across the threshold, or no interval at all (one seed) — is inconclusive.
Intervals over scenes are percentile bootstraps (1,000 resamples, seeded); over seeds, Student's t (few seeds) —
Welch's t for the splits' difference of two independently trained sets — except the series' paired
log-ratios: a percentile bootstrap over seeds (2,000 resamples).
`python -m analysis claims --json` prints them; Home shows the scoreboard.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from analysis.intervals import t_interval

HOLDS, FAILS, OPEN = "holds", "does not hold", "inconclusive"
DIVA_SEEDS = 5  # label-noise seeds behind DIVA's claim (precompute stores them)


def verdict(test: str, threshold: tuple[float, ...], ci: tuple[float, float]) -> str:
    """The verdict of an interval under a rule (see the module's docstring)."""
    lo, hi = ci
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return OPEN
    if test == "above":
        (t,) = threshold
        return HOLDS if lo > t else FAILS if hi <= t else OPEN
    if test == "below":
        (t,) = threshold
        return HOLDS if hi < t else FAILS if lo >= t else OPEN
    if test == "within":
        a, b = threshold
        return HOLDS if a <= lo and hi <= b else FAILS if hi < a or lo > b else OPEN
    raise ValueError(f"unknown test {test!r}")


@dataclass(frozen=True)
class Claim:
    view: str
    claim: str  # the paper's statement
    quantity: str  # what we estimate, with its unit
    estimate: float
    ci: tuple[float, float]
    test: str  # "above", "below" or "within"
    threshold: tuple[float, ...]
    paper: str  # the paper's own number or wording
    n: int  # how many seeds or scenes the interval rests on
    over: str  # "seeds" or "scenes"
    note: str = ""
    against: str = ""  # the model the claim compares with, where it compares two (a series generator)

    @property
    def verdict(self) -> str:
        return verdict(self.test, self.threshold, self.ci)

    def rule(self) -> str:
        if self.test == "within":
            return f"within {self.threshold[0]:g}–{self.threshold[1]:g}"
        return f"{self.test} {self.threshold[0]:g}"

    def row(self) -> dict:
        return {
            "view": self.view,
            "claim": self.claim,
            "quantity": self.quantity,
            "estimate": self.estimate,
            "ci": list(self.ci),
            "rule": self.rule(),
            "verdict": self.verdict,
            "paper": self.paper,
            "n_seeds": self.n if self.over == "seeds" else 1,  # one trained model behind an interval over scenes
            "n": self.n,
            "over": self.over,
            "note": self.note,
        }


# ---------------------------------------------------------------- each view's claims


def trajectories_claims(zoo=None, folder: Path | None = None, stored_only: bool = False) -> list[Claim]:
    """You Mostly Walk Alone: on pedestrian data the social score is no higher than a random agent's (within a
    margin of 0.01 m); on coordinated play (the team game) removing the neighbours hurts. From the stored tables
    (paired bootstrap over the same scenes)."""
    from analysis.trajectories.service import stored_zoo_comparison

    out = []
    for dataset in ("biwi_eth", "crowds_zara03", "team"):
        refuse = _refuse("trajectories") if stored_only else None
        comp = stored_zoo_comparison(dataset, zoo, folder=folder, compute=refuse).comparison
        out += comparison_claims(dataset, comp)
    return out


def comparison_claims(dataset: str, comp) -> list[Claim]:
    """The trajectory claims on one dataset's comparison of models: on the team game, removing the neighbours
    hurts; on any other (pedestrian) data, the social score is no higher than a random agent's."""
    out = []
    for r in comp.rows:
        s = r.summary
        if s.social.high == 0 and s.social.value == 0:
            continue  # a model that does not see its neighbours: nothing to test
        if dataset != "team":
            e = s.social_minus_random
            out.append(
                Claim(
                    "trajectories",
                    f"{s.model} on {dataset}: the social score is no higher than a random agent's",
                    "social score − random agent's value, m of ADE",
                    e.value,
                    (e.low, e.high),
                    "below",
                    (0.01,),
                    "pedestrian models' social scores ≈ the random agent's (Fig. 5)",
                    s.n_scenes,
                    "scenes",
                    "margin 0.01 m: a difference below it is practically none",
                )
            )
        else:
            e = s.neighbour_effect
            out.append(
                Claim(
                    "trajectories",
                    f"{s.model} on the team game: removing the neighbours hurts",
                    "ADE without neighbours − ADE with them, m",
                    e.value,
                    (e.low, e.high),
                    "above",
                    (0.0,),
                    "on coordinated (sports) data the neighbours matter",
                    s.n_scenes,
                    "scenes",
                )
            )
    return out


def diva_claims(
    zoo=None, folder: Path | None = None, stored_only: bool = False, seeds: int = DIVA_SEEDS
) -> list[Claim]:
    """DIVA: low weights find flipped labels (the paper's detection AUROC 0.90–0.99), over label-noise seeds."""
    from analysis.diva.service import stored_zoo_report

    load = _refuse("diva") if stored_only else None
    aurocs = [
        stored_zoo_report("digits_cnn", zoo, folder=folder, load=load, seed=s)[0].noisy_auroc for s in range(seeds)
    ]
    m, lo, hi = t_interval(aurocs)
    return [
        Claim(
            "diva",
            "low DIVA weights find the flipped labels (20% noise)",
            "AUROC of low weight for a flipped label",
            m,
            (lo, hi),
            "above",
            (0.9,),
            "AUROC 0.90–0.99 across datasets",
            seeds,
            "seeds",
            "seeds flip different labels; the CNN is the zoo's",
        )
    ]


def coldstart_claims(zoo=None, folder: Path | None = None, stored_only: bool = False) -> list[Claim]:
    """Cold Brew, under the paper's protocol (the official code's training nodes and settings): on isolated nodes
    the student beats GCN and is at least as good as the MLP, and its virtual neighbours help it (paired over
    training seeds)."""
    from analysis.coldstart.service import load_graph_record, zoo_graphs

    out = []
    for graph in zoo_graphs(zoo):
        rec = load_graph_record(graph, zoo)
        out += coldstart_report_claims(graph, rec.report)
    return out


def coldstart_report_claims(graph: str, report) -> list[Claim]:
    """The cold-start claims on one graph's report (the zoo's, or one trained on a user's graph)."""
    from analysis.coldstart.study import PAPER_ISOLATED

    acc = report.rows.pivot_table(index="seed", columns="model", values="acc_isolated") * 100
    p = PAPER_ISOLATED
    paper = f"Cora, isolated nodes: Cold Brew {p['Cold Brew'][0]}, GCN {p['GCN'][0]}, MLP {p['MLP'][0]}"
    out = []
    for other, test, thr, words, paper_words in (
        ("gcn", "above", (0.0,), "the student beats GCN on isolated nodes", paper),
        (
            "mlp",
            "above",
            (-2.0,),
            "the student is at least as good as the MLP on isolated nodes (2-point margin)",
            paper,
        ),
        (
            "coldbrew_novn",
            "above",
            (0.0,),
            "virtual neighbours help the student on isolated nodes",
            "the student retrieves virtual neighbours to stand in for the edges an isolated node lacks",
        ),
    ):
        if "coldbrew" not in acc.columns or other not in acc.columns:
            continue
        m, lo, hi = t_interval((acc["coldbrew"] - acc[other]).to_numpy())
        name = {"coldbrew_novn": "the student without them"}.get(other, other.upper())
        out.append(
            Claim(
                "coldstart",
                f"{graph}: {words}",
                f"isolated-node accuracy, Cold Brew − {name}, points",
                m,
                (lo, hi),
                test,
                thr,
                paper_words,
                len(acc),
                "seeds",
                note=f"{report.protocol} protocol",
            )
        )
    return out


def splits_claims(zoo=None, folder: Path | None = None, stored_only: bool = False) -> list[Claim]:
    """Schott et al.: every architecture does worse on extrapolation than on random splits. Per dataset and
    architecture, R² random − R² extrapolation over the zoo's training seeds (Welch's t: the two splits' models
    are trained independently); one seed gives no interval, so the claim is then inconclusive."""
    from analysis.splits.seeds import seed_gaps
    from analysis.splits.service import seed_scores

    frame = seed_scores(zoo)
    out = []
    for dataset in sorted(set(frame.dataset)):
        for g in seed_gaps(frame, dataset):
            d, lo, hi = g.gap
            out.append(
                Claim(
                    "splits",
                    f"{g.kind} on {dataset}: R² is lower on extrapolation than on random splits",
                    "R² random − R² extrapolation",
                    d,
                    (lo, hi),
                    "above",
                    (0.0,),
                    "all 17 models degrade out of distribution, most on extrapolation",
                    g.n_seeds,
                    "seeds",
                    f"random {g.easy_ci[0]:.2f} ({len(g.easy)} seeds), extrapolation {g.hard_ci[0]:.2f} "
                    f"({len(g.hard)} seeds); Welch's t",
                )
            )
    return out


def series_claims(zoo=None, folder: Path | None = None, stored_only: bool = False) -> list[Claim]:
    """PSA-GAN beats each ablation and the AR baseline on Context-FID, per bundled dataset and training budget."""
    from analysis.series.service import stored_report, zoo_budgets, zoo_datasets

    out = []
    for name in zoo_datasets(zoo):
        for budget in zoo_budgets(name, zoo):
            bundle = _refuse("series") if stored_only else None
            rep = stored_report(name, zoo, folder=folder, budget=budget, bundle=bundle)[0]
            out += series_report_claims(name if budget == "official" else f"{name} ({budget} budget)", rep)
    return out


def series_report_claims(name: str, report) -> list[Claim]:
    """The series claims on one dataset's scored report: PSA-GAN against each ablation and the AR baseline, as
    paired per-seed log-ratios of Context-FID with a bootstrap interval over seeds (above 0: PSA-GAN closer)."""
    from analysis.intervals import bootstrap_interval
    from analysis.series.compare import log_ratios
    from analysis.series.results import BASELINE, REAL

    others = [s.generator for s in report.scores if s.generator not in ("PSA-GAN", REAL)]
    out = []
    for other in others:
        r = log_ratios(report, other, "PSA-GAN")
        if r is None:
            continue
        est, lo, hi = bootstrap_interval(r)
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
                f"{len(r)} GAN seeds × {report.n_encoders} encoders; bootstrap over seeds",
                against=other,
            )
        )
    return out


def data_claims(path: str | Path, zoo=None, folder: Path | None = None, *, quick: bool = False) -> list[Claim]:
    """The claims on a researcher's file, by its kind: a `.npz` graph (Cold Brew: every model trained on it under
    the paper's protocol, 3 seeds), a `.csv` series (PSA-GAN and its baselines trained on it), else an ETH/UCY
    trajectory file (the zoo's pedestrian models compared on its scenes). `quick`: the quick training settings."""
    path = Path(path)
    name = path.stem
    suffix = path.suffix.lower()
    if suffix == ".npz":
        from analysis.coldstart.service import train_graph_bundle
        from data.coldstart_graphs import read_npz
        from models.coldstart_fit import UPLOAD_SEEDS, settings_for

        settings = settings_for("paper", quick=quick)
        bundle = train_graph_bundle(read_npz(path, name=name), seeds=UPLOAD_SEEDS, settings=settings)
        return coldstart_report_claims(name, bundle.report)
    if suffix == ".csv":
        from analysis.series.service import report, train_series_on
        from data.series import read_csv

        bundle = train_series_on(read_csv(path.read_bytes(), name=name), quick=quick)
        return series_report_claims(name, report(bundle))
    from analysis.trajectories.service import stored_domain_comparison
    from data.trajectories import load_file

    comp = stored_domain_comparison(load_file(path), "eth_ucy", zoo, folder=folder).comparison
    return comparison_claims(name, comp)


BUILDERS = {
    "trajectories": trajectories_claims,
    "diva": diva_claims,
    "splits": splits_claims,
    "series": series_claims,
    "coldstart": coldstart_claims,
}


class NotStored(Exception):
    """A claim's results are not in the store (and were asked for from the store only)."""


def _refuse(view: str):
    def compute():
        raise NotStored(view)

    return compute


def all_claims(zoo=None, folder: Path | None = None, views=None) -> list[Claim]:
    """Every view's claims, computing what the store does not hold."""
    return [c for v in (views or BUILDERS) for c in BUILDERS[v](zoo, folder)]


def stored_claims(zoo=None, folder: Path | None = None) -> tuple[list[Claim], list[str]]:
    """The claims whose results the store holds (nothing is computed: Home's scoreboard), and the views left out."""
    got, missing = [], []
    for v, build in BUILDERS.items():
        try:
            got += build(zoo, folder, stored_only=True)
        except NotStored:
            missing.append(v)
    return got, missing
