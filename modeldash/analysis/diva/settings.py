"""The Example weights view's settings, with their defaults in one place: the page's controls (and URL), the
cache and store keys, the CLI's options and the report all take a `DivaSettings`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

LAMBDAS = (0.001, 0.01, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0)  # the ridge strengths the page offers


@dataclass(frozen=True)
class DivaSettings:
    noise: float = 0.2  # share of training labels flipped, by `seed` (the paper's 20%); a user's file: 0
    lam: float = 1.0  # ridge strength of the last-layer refit
    steps: int = 2  # projected gradient steps from alpha = 1 (the paper takes 1-3; more overfit the LOO loss)
    step_size: float = 0.1  # in units of weight per step (each step's gradient scaled to unit max-norm)
    seed: int = 0

    def __post_init__(self):
        object.__setattr__(self, "noise", float(self.noise))
        object.__setattr__(self, "lam", float(self.lam))
        object.__setattr__(self, "steps", int(self.steps))
        object.__setattr__(self, "step_size", float(self.step_size))
        object.__setattr__(self, "seed", int(self.seed))

    def as_dict(self) -> dict:
        """The settings by name: the store key's settings, the report's and the CLI's rows."""
        return asdict(self)

    def with_(self, **changes) -> DivaSettings:
        return replace(self, **changes)
