"""The catalogue of views: each view declared once, as a `ViewSpec`. Navigation, the sidebar, Home, the CLI
(`python -m modeldash <view>`), `precompute`, `claims`, `report`, `python -m modeldash.models.train`, the browser test and
`bench/load.py` iterate `views()`; none of them names a view.

A spec is plain data. Its entry points are references, "module:attribute" (or "module" for a module), imported
only when used, so this module imports nothing of the project and every layer may read it (like errors.py).
A view from elsewhere joins by `DASH_VIEWS=pkg.module:SPEC[,…]` (docs/developing.md: "Add a view").
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the checkout: app.py, views/, assets/


@dataclass(frozen=True)
class ViewSpec:
    task: str  # the view's one word: analysis/<task>/, views/<task>.py, the zoo's task, the CLI subcommand
    title: str  # navigation label
    icon: str
    url_path: str  # fixed, so shared links survive renames ("" for Home, the default page)
    heading: str  # the page's st.title and the report section's heading
    summary: str  # Home's paragraph: the question first, then how the view answers it
    prefix: str = ""  # widget keys and URL parameters start with f"{prefix}_"
    help: str = ""  # the CLI subcommand's one line
    charts: int = 0  # plotly charts the page draws at its defaults (browser test, bench/load.py)
    page: str = ""  # the page script; "" = views/<task>.py
    cli: str = ""  # module with add_options(parser) and run(args) -> rows (`python -m modeldash <task>`)
    precompute: str = ""  # module with units(settings) -> [what] and compute(what, settings) -> Provenance (or
    # fan_out, for a view that spreads one unit over the executor), and optionally add_options(parser)
    claims: str = (
        ""  # "module:function" (zoo, folder) -> list[Claim] (store.reading_only() around it: Home's scoreboard)
    )
    data_claims: str = ""  # "module:function" (path, zoo, folder, quick=False) -> list[Claim] for `claims --data`
    data_suffixes: tuple[str, ...] = ()  # which user files data_claims takes ("*" = any not taken by another view)
    report: str = ""  # "module:function" (zoo, folder, **options) -> report Section
    compare: str = ""  # "module:function" (WHAT) -> options for report's `--compare <task>=WHAT`
    compare_help: str = ""  # what `--compare <task>=WHAT` takes
    recipes: tuple[str, ...] = ()  # "module:function" zoo recipes (quick, zoo, progress) -> ModelInfo
    recipe_data: str = ""  # "module:function" (path, quick, zoo, progress) -> [ModelInfo]: models.train --data
    model_upload: bool = False  # the page analyses a model uploaded in the sidebar (manifest + weights)
    onnx: bool = False  # the view's analyses take a researcher's ONNX model (models/onnx_model.py); else outputs

    @property
    def message(self) -> str:
        """The view's one key message (presentation mode): the question its summary opens with."""
        return self.summary.split("? ")[0] + "?" if "? " in self.summary else self.summary

    @property
    def file(self) -> str:
        """The page script, relative to the project root when it lies inside it."""
        return self.page or f"views/{self.task}.py"

    @property
    def path(self) -> Path:
        return ROOT / self.file


def resolve(ref: str):
    """The object a "module:attribute" reference names (the module itself for "module")."""
    module, _, attr = ref.partition(":")
    mod = importlib.import_module(module)
    return getattr(mod, attr) if attr else mod


HOME = ViewSpec(
    "home",
    "Home",
    ":material/home:",
    "",
    "Model analysis dashboard",
    "What each view answers, and every model in the zoo.",
)

_BUILT_IN = (
    ViewSpec(
        "trajectories",
        "Trajectories",
        ":material/route:",
        "trajectories",
        "Trajectories · You Mostly Walk Alone",
        "Do trajectory predictors use the other agents, or mostly the target's own past? Shapley values of the "
        "past and of each neighbour on the prediction error, with a random-agent control (Makansi et al., "
        "*You Mostly Walk Alone*).",
        prefix="traj",
        help="Shapley attributions of neighbours and the past",
        charts=2,
        cli="modeldash.analysis.trajectories.cli",
        precompute="modeldash.analysis.trajectories.batch",
        claims="modeldash.analysis.trajectories.claims:claims",
        data_claims="modeldash.analysis.trajectories.claims:data_claims",
        data_suffixes=("*",),
        report="modeldash.analysis.trajectories.section:section",
        recipes=("modeldash.models.training.trajectories:train_trajectories",),
        onnx=True,
    ),
    ViewSpec(
        "diva",
        "Example weights",
        ":material/scale:",
        "example-weights",
        "Example weights · DIVA",
        "Which training examples help and which hurt? DIVA's dataset derivative gives every example a weight "
        "in closed form — no retraining — and the lowest weights pick out mislabelled examples "
        "(Dukler et al., *DIVA: Dataset Derivative of a Learning Task*).",
        prefix="diva",
        help="DIVA's per-example weights",
        charts=4,
        cli="modeldash.analysis.diva.cli",
        precompute="modeldash.analysis.diva.batch",
        claims="modeldash.analysis.diva.claims:claims",
        report="modeldash.analysis.diva.section:section",
        compare="modeldash.analysis.diva.section:compare_option",
        compare_help="diva=SEED or diva=MODEL@SEED (a second run)",
        model_upload=True,
        recipes=("modeldash.models.training.diva:train_digits_cnn",),
        onnx=True,
    ),
    ViewSpec(
        "splits",
        "Compositional splits",
        ":material/grid_view:",
        "compositional-splits",
        "Compositional splits",
        "Do vision models recover the factors behind an image on combinations and values they never saw? "
        "Four architectures on random, composition, interpolation and extrapolation splits of rendered "
        "sprites and scenes (Schott et al., *Visual representation learning does not generalize strongly "
        "within the same domain*).",
        prefix="splits",
        help="R² on compositional splits, re-evaluated live",
        charts=6,
        cli="modeldash.analysis.splits.cli",
        precompute="modeldash.analysis.splits.batch",
        claims="modeldash.analysis.splits.claims:claims",
        report="modeldash.analysis.splits.section:section",
        compare="modeldash.analysis.splits.section:compare_option",
        compare_help="splits=KIND_A,KIND_B (two architectures)",
        recipes=("modeldash.models.training.splits:train_splits",),
        onnx=True,
    ),
    ViewSpec(
        "series",
        "Synthetic series",
        ":material/show_chart:",
        "synthetic-series",
        "Synthetic vs real series · PSA-GAN",
        "How close do a progressive self-attention GAN's synthetic series come to real ones? Context-FID, "
        "discriminative and predictive scores, against ablations, a simple baseline and held-out real data "
        "(Jeha et al., *PSA-GAN*).",
        prefix="series",
        help="PSA-GAN and baselines against real series",
        charts=7,
        cli="modeldash.analysis.series.cli",
        precompute="modeldash.analysis.series.batch",
        claims="modeldash.analysis.series.claims:claims",
        data_claims="modeldash.analysis.series.claims:data_claims",
        data_suffixes=(".csv",),
        report="modeldash.analysis.series.section:section",
        compare="modeldash.analysis.series.section:compare_option",
        compare_help="series=GENERATOR (against PSA-GAN)",
        recipes=("modeldash.models.training.series:train_series",),
    ),
    ViewSpec(
        "coldstart",
        "Cold-start graphs",
        ":material/hub:",
        "cold-start",
        "Cold-start graphs · Cold Brew",
        "How do GNNs fare on nodes with few or no edges? A GCN teacher distilled into an MLP student that needs "
        "no edges, against GCN, GraphSAGE, an MLP and label propagation, per degree group "
        "(Zheng et al., *Cold Brew*).",
        prefix="cold",
        help="Cold Brew against GNNs per degree group",
        charts=3,
        cli="modeldash.analysis.coldstart.cli",
        precompute="modeldash.analysis.coldstart.batch",
        claims="modeldash.analysis.coldstart.claims:claims",
        data_claims="modeldash.analysis.coldstart.claims:data_claims",
        data_suffixes=(".npz",),
        report="modeldash.analysis.coldstart.section:section",
        compare="modeldash.analysis.coldstart.section:compare_option",
        compare_help="coldstart=ours (the other protocol)",
        recipes=("modeldash.models.training.coldstart:train_coldstart",),
        recipe_data="modeldash.models.training.coldstart:train_npz",
    ),
)


def views() -> tuple[ViewSpec, ...]:
    """Every view, in navigation order: the built-in five, then any named by $DASH_VIEWS."""
    extra = [resolve(r.strip()) for r in os.environ.get("DASH_VIEWS", "").split(",") if r.strip()]
    out = (*_BUILT_IN, *extra)
    words = [v.task for v in out]
    if len(set(words)) != len(words) or HOME.task in words:
        raise ValueError(f"two views share a task word: {words}")
    return out


def tasks() -> list[str]:
    return [v.task for v in views()]


def by_task(task: str) -> ViewSpec:
    return HOME if task == HOME.task else next(v for v in views() if v.task == task)


def for_file(path: str) -> ViewSpec | None:
    """The view whose data_claims takes a user's file of this name (by suffix; "*" takes the rest)."""
    suffix = Path(path).suffix.lower()
    with_claims = [v for v in views() if v.data_claims]
    return next((v for v in with_claims if suffix in v.data_suffixes), None) or next(
        (v for v in with_claims if "*" in v.data_suffixes), None
    )
