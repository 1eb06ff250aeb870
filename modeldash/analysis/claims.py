"""Each paper's headline claims as computed verdicts: our estimate, its 95% interval, what it rests on (seeds,
scenes), the paper's own number, and a verdict from the interval by one of three rules:

- "above t":    holds when the whole interval is above t; does not hold when it is all at or below t.
- "below t":    holds when the whole interval is below t; does not hold when it is all at or above t.
- "within a–b": holds when the whole interval lies in [a, b]; does not hold when it lies wholly outside.

Anything else — an interval across the threshold, or no interval at all (one seed) — is inconclusive.
Intervals over scenes are paired percentile bootstraps (1,000 resamples, seeded); over seeds, Student's t (few
seeds) — Welch's t for the splits' difference of two independently trained sets. A claim refuses a percentile
bootstrap over fewer than MIN_BOOTSTRAP values: it is too narrow there. Every row names its interval's method
and what it resamples.
Each view's builders live in analysis/<view>/claims.py (named by its spec in catalogue.py).
`python -m modeldash claims --json` prints them; Home shows the scoreboard.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from modeldash import catalogue
from modeldash.analysis import store
from modeldash.catalogue import resolve

HOLDS, FAILS, OPEN = "holds", "does not hold", "inconclusive"
MIN_BOOTSTRAP = 10  # fewer values than this: a percentile bootstrap's interval is too narrow (use t or BCa)


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
    method: str = "Student's t"  # how the interval is made: "Student's t", "Welch's t", "percentile bootstrap"

    def __post_init__(self):
        if "bootstrap" in self.method and "percentile" in self.method and self.n < MIN_BOOTSTRAP:
            raise ValueError(
                f"{self.claim}: a percentile bootstrap over {self.n} {self.over} is too narrow (it needs at least "
                f"{MIN_BOOTSTRAP} values); use Student's t or BCa"
            )

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
            "n_seeds": self.n
            if self.over.startswith("seeds")
            else 1,  # one trained model behind an interval over scenes
            "n": self.n,
            "over": self.over,
            "interval": f"{self.method} over {self.n} {self.over}",
            "note": self.note,
        }


def _builders() -> dict:
    return {v.task: resolve(v.claims) for v in catalogue.views() if v.claims}


def all_claims(zoo=None, folder: Path | None = None, views=None) -> list[Claim]:
    """Every view's claims, computing what the store does not hold."""
    builders = _builders()
    return [c for v in (views or builders) for c in builders[v](zoo, folder)]


def stored_claims(zoo=None, folder: Path | None = None) -> tuple[list[Claim], list[str]]:
    """The claims whose results the store holds (nothing is computed: Home's scoreboard), and the views left out."""
    got, missing = [], []
    for v, build in _builders().items():
        try:
            with store.reading_only():
                got += build(zoo, folder)
        except store.NotStored:
            missing.append(v)
    return got, missing


def data_claims(path: str | Path, zoo=None, folder: Path | None = None, *, quick: bool = False) -> list[Claim]:
    """The claims on a researcher's file, by the view that takes its kind (catalogue.for_file: a `.npz` graph,
    a `.csv` series, else an ETH/UCY trajectory file). `quick`: the quick training settings."""
    view = catalogue.for_file(str(path))
    if view is None:
        from modeldash.errors import InputError

        raise InputError(f"no view takes {Path(path).name!r} for claims")
    return resolve(view.data_claims)(path, zoo, folder, quick=quick)
