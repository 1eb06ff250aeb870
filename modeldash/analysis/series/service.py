"""The Synthetic series view's service: a dataset's generators and encoder from the zoo (or trained on an
upload), the scored report, samples per growth stage, and a 2-D map of real and synthetic windows."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from modeldash.analysis import store
from modeldash.analysis.projection import METHODS, project_jointly
from modeldash.data.series import SeriesSet, load_bundled
from modeldash.errors import InputError
from modeldash.models.zoo import build_from, code_version, list_zoo, load_model, model_parts, zoo_dir

if TYPE_CHECKING:  # torch and the models load only when a result is not in the store
    from modeldash.analysis.series.results import SeriesReport

STORE_VERSION = 4  # bump when the report's method changes: stored reports are then recomputed
# 3: scores as one row per metric of results.METRICS (means, intervals), no longer 18 positional fields
# 4: PSA-GAN's 2-epoch fade and a true no-fade ablation; a researcher's file keyed on the GAN settings too
BUDGET_LABELS = {"demo": "demo budget", "long": "longer budget"}  # demo: the release's run_gan.py; longer: 1.5×


@dataclass(frozen=True)
class SeriesBundle:
    data: SeriesSet
    encoders: list  # SeriesEncoder per encoder seed
    generators: dict  # label -> [PSAGAN per GAN seed]
    stages: dict  # stage -> PSAGAN (PSA-GAN's seed 0 after each growth stage)
    origin: str
    settings: dict = dataclasses.field(default_factory=dict)  # PSA-GAN's training settings (its manifest's)
    budget: str = "demo"

    def training_note(self) -> str:
        return _note(self.settings, len(next(iter(self.generators.values()), [])), len(self.encoders))


def _note(settings: dict, n_seeds: int, n_encoders: int) -> str:
    if not settings:
        return ""
    return (
        f"{settings['epochs']} epochs of {settings['batches_per_epoch']} batches of {settings['batch']} windows, "
        f"{n_seeds} GAN seeds per generator, {n_encoders} Context-FID encoders"
    )


def zoo_datasets(path=None) -> list[str]:
    good, _ = list_zoo(path)
    names = {m.dataset.get("name") for m in good if m.task == "series" and m.extra.get("role") == "encoder"}
    return sorted(n for n in names if n)


def _zoo_entries(name: str, path=None, budget: str | None = None):
    """A dataset's series entries: its encoders and (of `budget`, if given) its generators."""
    good, _ = list_zoo(path)
    mine = [m for m in good if m.task == "series" and m.dataset.get("name") == name]
    if budget is None:
        return mine
    return [m for m in mine if m.extra.get("role") == "encoder" or m.extra.get("budget", "demo") == budget]


def zoo_budgets(name: str, path=None) -> list[str]:
    """The training budgets the zoo has generators for on `name` (the demo budget first)."""
    have = {m.extra.get("budget", "demo") for m in _zoo_entries(name, path) if m.architecture == "PSAGAN"}
    return [b for b in BUDGET_LABELS if b in have]


def training_note(name: str, path=None, budget: str = "demo") -> str:
    """What the zoo's generators for `name` were trained for, read from the manifests (no weights loaded)."""
    mine = _zoo_entries(name, path, budget)
    finals = [m for m in mine if m.extra.get("final") and m.extra.get("role") == "psagan"]
    n_enc = sum(m.extra.get("role") == "encoder" for m in mine)
    return _note(finals[0].training, len(finals), n_enc) if finals else ""


def load_series(name: str, path=None, budget: str = "demo") -> SeriesBundle:
    """A bundled dataset with its encoders, every generator's seeds and PSA-GAN's per-stage checkpoints."""
    from modeldash.models.series_psagan_fit import LABELS, VARIANTS

    mine = _zoo_entries(name, path, budget)
    enc = sorted((m for m in mine if m.extra.get("role") == "encoder"), key=lambda m: m.seed)
    finals = [m for m in mine if m.architecture == "PSAGAN" and m.extra.get("final")]
    if not enc or not any(m.extra.get("role") == "psagan" for m in finals):
        raise InputError(
            f"the zoo has no series models for {name!r}; train them with `python -m modeldash.models.train series`"
        )
    gens = {
        LABELS[v]: [load_model(m.name, path)[1] for m in sorted(finals, key=lambda m: m.seed) if m.extra["role"] == v]
        for v in VARIANTS
    }
    stages = {
        m.extra["stage"]: load_model(m.name, path)[1]
        for m in mine
        if m.extra.get("role") == "psagan" and m.seed == 0 and not m.extra.get("final")
    }
    first = next(m for m in finals if m.extra["role"] == "psagan")
    stages[first.config["n_stages"]] = gens[LABELS["psagan"]][0]
    encoders = [load_model(m.name, path)[1] for m in enc]
    return SeriesBundle(
        load_bundled(name), encoders, {k: v for k, v in gens.items() if v}, stages, "zoo", first.training, budget
    )


UPLOAD_SEEDS = 3


def train_series_on(data: SeriesSet, *, seeds: int = UPLOAD_SEEDS, quick: bool = False, progress=None) -> SeriesBundle:
    """PSA-GAN and its ablations at `seeds` GAN seeds with the release's demo budget (`quick`: a smoke test) and the
    Context-FID encoders trained as long as the bundled ones, on a researcher's series."""
    from modeldash.models.series_embed import ENCODER_ITERS, ENCODER_SEEDS, EmbedConfig, train_encoder
    from modeldash.models.series_psagan_fit import BUDGETS, LABELS, QUICK, VARIANTS, train_gan, variant_settings

    base = QUICK if quick else BUDGETS["demo"]
    windows = data.training_window_set()
    parts = len(VARIANTS) * seeds + 1
    gens: dict[str, list] = {}
    stages: dict = {}
    done = 0
    for v in VARIANTS:
        for s in range(seeds):
            sub = (lambda f, _d=done: progress((_d + f) / parts)) if progress else None
            keep = (
                (lambda st, m: stages.__setitem__(st, copy.deepcopy(m).eval())) if (v == "psagan" and s == 0) else None
            )
            st = variant_settings(v, dataclasses.replace(base, seed=s))
            gens.setdefault(LABELS[v], []).append(
                train_gan(windows, st, n_series=len(data.series), on_stage=keep, progress=sub)
            )
            done += 1
    encoders = [
        train_encoder(windows.values, EmbedConfig(), iters=20 if quick else ENCODER_ITERS, seed=e)
        for e in range(2 if quick else ENCODER_SEEDS)
    ]
    if progress:
        progress(1.0)
    return SeriesBundle(data, encoders, gens, stages, "trained here", dataclasses.asdict(base))


def train_series_job(raw: bytes, name: str, quick: bool = False, progress=None) -> dict:
    """A job's body: read an uploaded CSV's bytes (data, on the worker), train on it, and return the bundle as
    plain data (`unpack_bundle` rebuilds it: spectrally normalised modules do not pickle between processes)."""
    from modeldash.data.series import read_csv

    return pack_bundle(train_series_on(read_csv(raw, name=name), quick=quick, progress=progress))


def pack_bundle(b: SeriesBundle) -> dict:
    """A SeriesBundle as plain data: configs and weights (state dicts), the series, the settings."""
    return {
        "data": b.data,
        "encoders": [model_parts(e) for e in b.encoders],
        "generators": {k: [model_parts(g) for g in v] for k, v in b.generators.items()},
        "stages": {s: model_parts(g) for s, g in b.stages.items()},
        "origin": b.origin,
        "settings": b.settings,
        "budget": b.budget,
    }


def unpack_bundle(d: dict) -> SeriesBundle:
    return SeriesBundle(
        d["data"],
        [build_from(*e) for e in d["encoders"]],
        {k: [build_from(*g) for g in v] for k, v in d["generators"].items()},
        {s: build_from(*g) for s, g in d["stages"].items()},
        d["origin"],
        d["settings"],
        d["budget"],
    )


def report(bundle: SeriesBundle, *, seed: int = 0) -> SeriesReport:
    """Every generator's seeds, the AR baseline and the real floor scored against held-out real windows."""
    from modeldash.analysis.series.report import series_report

    return series_report(bundle.data, bundle.encoders, bundle.generators, seed=seed, budget=bundle.budget)


def data_digest(data: SeriesSet) -> str:
    """The digest of a SeriesSet's values and timestamps (the windows' features come from them)."""
    return store.digest(
        *(
            k.encode() + np.ascontiguousarray(v).tobytes() + data.timestamps(k).asi8.tobytes()
            for k, v in sorted(data.series.items())
        )
    )


def _weight_digests(entries, path=None) -> dict[str, str]:
    """{name: digest of its weights file} of zoo entries: what a stored result computed from them is keyed on."""
    return {m.name: store.digest((zoo_dir(path) / f"{m.name}.safetensors").read_bytes()) for m in entries}


def report_key(name: str, path=None, *, seed: int = 0, budget: str = "demo", data: SeriesSet | None = None) -> str:
    """The store key of a zoo dataset's report: its encoders' and the budget's generators' weights, the data, the
    seed."""
    models = _weight_digests(_zoo_entries(name, path, budget), path)
    digest = data_digest(data or load_bundled(name))
    return store.result_key(
        "series", STORE_VERSION, models=models, data=digest, settings={"seed": seed, "budget": budget}
    )


def stored_report(
    name: str, path=None, *, folder: Path | None = None, seed: int = 0, budget: str = "demo", bundle=None
) -> tuple[SeriesReport, store.Provenance]:
    """A zoo dataset's report from the results store when it was computed before, else computed (from `bundle`,
    or the zoo's models) and written there. The store keeps the scores and samples; the real windows are cut
    from the data again."""
    from modeldash.analysis.series.results import with_real, without_real

    def compute():
        b = bundle() if callable(bundle) else bundle or load_series(name, path, budget)
        return without_real(report(b, seed=seed))

    data = load_bundled(name)
    key = report_key(name, path, seed=seed, budget=budget, data=data)
    slim, origin = store.fetch(folder, key, compute, code_version=code_version())
    return with_real(slim, data, seed=seed), origin


def curve_key(name: str, variant: str, seed: int, path=None) -> str:
    """The store key of one learning-curve unit: the dataset, its encoders' weights, the variant, seed and
    multiples (the generators are trained in the unit, so their settings are the key)."""
    from modeldash.analysis.series.curve import CURVE_RUNS, MULTIPLES
    from modeldash.models.series_psagan_fit import BUDGETS, variant_settings

    encoders = _weight_digests([m for m in _zoo_entries(name, path) if m.extra.get("role") == "encoder"], path)
    settings = {
        "curve": variant,
        "seed": seed,
        "multiples": list(MULTIPLES),
        "runs": CURVE_RUNS,
        "base": dataclasses.asdict(variant_settings(variant, BUDGETS["demo"])),
    }
    return store.result_key(
        "series", STORE_VERSION, models=encoders, data=data_digest(load_bundled(name)), settings=settings
    )


def stored_curve_unit(name: str, variant: str, seed: int, path=None, *, folder: Path | None = None):
    """One (variant, seed)'s learning-curve points on a zoo dataset, from the store or trained and scored here."""
    from modeldash.analysis.series.curve import curve_rows

    key = curve_key(name, variant, seed, path)

    def compute():
        from modeldash.models.series_psagan_fit import BUDGETS, variant_settings

        entries = _zoo_entries(name, path)
        encoders = [load_model(m.name, path)[1] for m in entries if m.extra.get("role") == "encoder"]
        want = dataclasses.asdict(variant_settings(variant, dataclasses.replace(BUDGETS["demo"], seed=seed)))
        zoo = [  # the zoo's generator at the demo budget with exactly the curve's settings: its 1× point
            m
            for m in entries
            if m.extra.get("role") == variant and m.extra.get("final") and m.seed == seed
            and {k: m.training.get(k) for k in want} == {k: list(v) if isinstance(v, tuple) else v for k, v in want.items()}
        ]  # fmt: skip
        trained = {1.0: load_model(zoo[0].name, path)[1]} if zoo else None
        return pd.DataFrame(curve_rows(load_bundled(name), encoders, variant, seed, trained=trained))

    return store.fetch(folder, key, compute, code_version=code_version())


def stored_curve(name: str, path=None, *, folder: Path | None = None):
    """The learning curve of a zoo dataset from the store (nothing trained here: `precompute series --curve`
    fills it), or None while any unit is missing."""
    from modeldash.analysis.series.curve import CURVE_SEEDS, LearningCurve
    from modeldash.models.series_psagan_fit import VARIANTS

    try:
        with store.reading_only():
            parts = [
                stored_curve_unit(name, v, k, path, folder=folder)[0] for v in VARIANTS for k in range(CURVE_SEEDS)
            ]
    except store.NotStored:
        return None
    return LearningCurve(name, pd.concat(parts, ignore_index=True))


@dataclass(frozen=True)
class WindowDraw:
    """Real held-out windows and one generator's samples, in the same seeded random order."""

    generator: str
    seed: int
    real: np.ndarray  # (n_real, T)
    fake: np.ndarray  # (n_fake, T)


def draw_windows(rep: SeriesReport, generator: str, *, seed: int = 0) -> WindowDraw:
    if generator not in rep.samples:
        raise InputError(f"no samples of {generator!r}; choose one of {', '.join(rep.samples)}")
    rng = np.random.default_rng(seed)
    fake = rep.samples[generator]
    return WindowDraw(
        generator, seed, rep.real_test[rng.permutation(len(rep.real_test))], fake[rng.permutation(len(fake))]
    )


@dataclass(frozen=True)
class WindowMap:
    """The encoder's embeddings of real and synthetic windows, projected jointly to 2-D."""

    generator: str
    method: str  # "PCA" or "t-SNE"
    real_xy: np.ndarray  # (k, 2)
    fake_xy: np.ndarray  # (k, 2)


def window_map(bundle: SeriesBundle, draw: WindowDraw, *, method: str = "pca", k: int = 600) -> WindowMap:
    """Project the first `k` real and synthetic windows of a draw (seconds for t-SNE on 2 cores: cache it)."""
    k = min(k, len(draw.real), len(draw.fake))
    enc = bundle.encoders[0]
    xy_r, xy_f = project_jointly(enc.embed(draw.real[:k]), enc.embed(draw.fake[:k]), method)
    return WindowMap(draw.generator, METHODS[method], xy_r, xy_f)


def stage_samples(bundle: SeriesBundle, *, n: int = 3, seed: int = 0) -> dict[int, np.ndarray]:
    """{stage: (n, 8·2^stage)} samples of PSA-GAN after each growth stage, each from the conditioning of the same
    `n` held-out windows (seeded) and the same noise."""
    held = bundle.data.window_set("test")
    idx = np.random.default_rng(seed).choice(len(held), min(n, len(held)), replace=False)
    return {
        s: g.generate(held.features[idx], held.ids[idx], seed=seed, stage=s) for s, g in sorted(bundle.stages.items())
    }


def with_samples(rep: SeriesReport, bundle: SeriesBundle, samples: dict[str, np.ndarray], *, seed: int = 0):
    """The report with a researcher's own generators' samples scored beside the bundled ones, exactly as they are
    (the same encoders, runs of real windows, probes and seed); their rows come before the AR baseline and the
    real floor. Their samples are unconditional: each run compares a fresh subset of them."""
    from modeldash.analysis.series.report import series_report
    from modeldash.analysis.series.results import BASELINE, REAL

    mine = series_report(
        bundle.data,
        bundle.encoders[: rep.n_encoders],
        {},
        seed=seed,
        n_runs=rep.n_runs,
        size=rep.run_size,
        extra=samples,
        references=False,
    )
    ours = tuple(s for s in rep.scores if s.generator not in (BASELINE, REAL))
    rest = tuple(s for s in rep.scores if s.generator in (BASELINE, REAL))
    scores = ours + mine.scores + rest
    merged = {**rep.samples, **mine.samples}
    order = [s.generator for s in scores]
    return dataclasses.replace(
        rep,
        scores=scores,
        runs=pd.concat([rep.runs, mine.runs], ignore_index=True),
        seeds=pd.concat([rep.seeds, mine.seeds], ignore_index=True),
        samples={k: merged[k] for k in order if k in merged},
    )


def stored_file_report(
    raw: bytes, name: str, *, folder: Path | None, seed: int = 0, quick: bool = False, progress=None
) -> tuple[SeriesReport, store.Provenance]:
    """A researcher's CSV: the generators trained on it (`train_series_on`) and scored, kept in the results store
    under the file's bytes and the settings, so a second identical run is a read (the CLI and `claims --data`)."""
    from modeldash.analysis.series.results import with_real, without_real
    from modeldash.data.series import read_csv

    data = read_csv(raw, name=name)  # a bad file is one sentence before anything is trained
    from modeldash.models.series_psagan_fit import BUDGETS, QUICK

    gan = dataclasses.asdict(QUICK if quick else BUDGETS["demo"])  # the generators' training: a change retrains
    key = store.file_key(
        "series-file",
        STORE_VERSION,
        raw,
        {"seed": seed, "quick": quick, "seeds": UPLOAD_SEEDS, "name": name, "gan": gan},
    )
    slim, origin = store.fetch(
        folder,
        key,
        lambda: without_real(report(train_series_on(data, quick=quick, progress=progress), seed=seed)),
        code_version=code_version(),
    )
    return with_real(slim, data, seed=seed), origin
