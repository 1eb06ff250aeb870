"""The Trajectories view's settings, with their defaults in one place: the page's controls (and URL), the cache
and store keys, the CLI's options, precompute and the report all take a `TrajSettings`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from modeldash.errors import InputError

# the value functions (models.trajectories.errors; which apply to which output: METRICS_BY_OUTPUT there)
METRICS = ("ade", "fde", "min_ade", "min_fde", "nll")
LABELS = {"ade": "ADE", "fde": "FDE", "min_ade": "minADE_K", "min_fde": "minFDE_K", "nll": "NLL"}
# which value function the paper's code uses for each kind of model's output
PAPER_METRIC = {"future": "ade", "samples": "min_ade", "gaussian": "nll"}


def unit(metric: str) -> str:
    """The unit of a value function's values: nats per step for NLL, metres for the displacement errors."""
    return "nats" if metric == "nll" else "m"


def label(metric: str) -> str:
    return LABELS.get(metric, metric)


def allowed_metrics(outputs) -> list[str]:
    """The value functions that apply to at least one of these output kinds, in METRICS' order."""
    from modeldash.models.trajectories_config import METRICS_BY_OUTPUT

    return [m for m in METRICS if any(m in METRICS_BY_OUTPUT[k] for k in outputs)]


REMOVALS = ("remove", "random")  # a removed player leaves the scene, or is replaced by a random agent's track


@dataclass(frozen=True)
class TrajSettings:
    metric: str = "ade"
    removal: str = "remove"
    seed: int = 0  # the scene sample and each scene's game (random control, random replacements)

    def __post_init__(self):
        if self.metric not in METRICS:
            raise InputError(f"metric must be one of {', '.join(METRICS)}, not {str(self.metric)[:20]!r}")
        if self.removal not in REMOVALS:
            raise InputError(f"removal must be one of {', '.join(REMOVALS)}, not {str(self.removal)[:20]!r}")
        object.__setattr__(self, "seed", int(self.seed))

    def as_dict(self) -> dict:
        return asdict(self)

    def with_(self, **changes) -> TrajSettings:
        return replace(self, **changes)


@dataclass(frozen=True)
class SceneRequest:
    """One scene of one model as the page asks for it (what the scene view is cached by)."""

    dataset: str  # a bundled dataset's name, or an upload's key
    domain: str  # which zoo models fit it: "eth_ucy" or "team"
    model: str  # the model's label in the page's picker
    scene: int
    removed: tuple[int, ...] = ()  # the counterfactual's removed neighbours
    settings: TrajSettings = TrajSettings()
