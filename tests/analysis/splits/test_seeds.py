"""The splits claim over training seeds: each split's interval, Welch's interval of the drop, the chart, the
table's verdicts, the sentence, and the zoo's first seed as the page's model."""

import dataclasses

import numpy as np
import plotly.graph_objects as go
import pytest
from scipy import stats

from modeldash.analysis.claims import FAILS, HOLDS, OPEN
from modeldash.analysis.intervals import welch_interval
from modeldash.analysis.splits import plots, readings
from modeldash.analysis.splits.scores import scores_frame
from modeldash.analysis.splits.seeds import gaps_frame, seed_gaps
from tests.analysis.splits.test_scores import _manifest

# constructed R² per (kind, split, seed): the MLP drops clearly, the CNN's drop is within its seed spread, the
# ResNet does better on extrapolation beyond the spread
R2 = {
    ("mlp", "random"): [0.80, 0.82, 0.84],
    ("mlp", "extrapolation"): [0.20, 0.25, 0.15],
    ("cnn", "random"): [0.60, 0.90, 0.30],
    ("cnn", "extrapolation"): [0.50, 0.10, 0.70],
    ("resnet", "random"): [0.10, 0.12, 0.11],
    ("resnet", "extrapolation"): [0.50, 0.52, 0.51],
}


def _frame(r2=R2):
    ms = []
    for (kind, split), vals in r2.items():
        for seed, v in enumerate(vals):
            m = _manifest(kind, split, v)
            ms.append(dataclasses.replace(m, name=f"{m.name}_s{seed}", seed=seed))
    ms.append(_manifest("mlp", "composition", 0.5))  # a split outside the claim is left out
    return scores_frame(ms)


def test_welch_interval_is_scipys():
    a, b = np.array([0.80, 0.82, 0.84]), np.array([0.20, 0.25, 0.15, 0.3])
    d, lo, hi = welch_interval(a, b)
    want = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert d == pytest.approx(a.mean() - b.mean()) and (lo, hi) == pytest.approx((want.low, want.high))
    assert np.isnan(welch_interval([0.8], b)[1]) and welch_interval([1, 1], [0, 0]) == (1.0, 1.0, 1.0)


def test_each_architectures_gap_by_hand():
    gaps = {g.kind: g for g in seed_gaps(_frame(), "dsprites")}
    assert list(gaps) == ["mlp", "cnn", "resnet"]  # the zoo's kind order
    mlp = gaps["mlp"]
    assert mlp.easy_seeds == (0, 1, 2) and mlp.n_seeds == 3
    assert mlp.easy_ci[0] == pytest.approx(0.82) and mlp.hard_ci[0] == pytest.approx(0.20)
    half = stats.t.ppf(0.975, 2) * 0.02 / np.sqrt(3)  # t-interval of 0.80, 0.82, 0.84 by hand
    assert mlp.easy_ci[1:] == pytest.approx((0.82 - half, 0.82 + half))
    assert mlp.gap[0] == pytest.approx(0.62) and mlp.gap[1] > 0
    table = plots.seed_gaps_table(tuple(gaps.values())).set_index("architecture")
    assert list(table.verdict) == [HOLDS, OPEN, FAILS]
    assert table.loc["MLP", "R² random"].startswith("0.820 [")


def test_the_chart_has_every_seed_and_the_sentence_names_who_drops():
    gaps = seed_gaps(_frame(), "dsprites")
    fig = plots.seed_gaps_chart(gaps)
    assert isinstance(fig, go.Figure)
    dots = [t for t in fig.data if t.type == "scatter"]
    assert sorted(len(t.y) for t in dots) == [9, 9] and sorted(dots[0].customdata) == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    bars = [t for t in fig.data if t.type == "bar"]
    assert list(bars[0].y) == pytest.approx([0.82, 0.60, 0.11])
    text = readings.seed_gaps(gaps)
    assert "for 1 of 3 architectures (MLP)" in text and "ResNet score higher on extrapolation" in text
    assert "MLP 0.82 → 0.20 (+0.62" in text
    assert len(gaps_frame(gaps)) == 18


def test_one_seed_says_there_is_no_interval():
    one = {k: v[:1] for k, v in R2.items()}
    gaps = seed_gaps(_frame(one), "dsprites")
    assert all(np.isnan(g.gap[1]) for g in gaps)
    assert "no interval" in readings.seed_gaps(gaps)
    assert set(plots.seed_gaps_table(gaps).verdict) == {OPEN}
    assert readings.seed_gaps(()).startswith("No architecture")
    with pytest.raises(TypeError):
        plots.seed_gaps_chart(())


def test_the_page_and_the_zoo_listing_use_each_kinds_first_seed(tmp_path):
    from modeldash.analysis.splits.service import seed_scores, zoo_scores
    from modeldash.models.zoo import DEFAULT_ZOO

    for kind in ("mlp", "cnn", "resnet", "vae"):  # seed 0 of each, and one more seed of the MLP below
        for ext in ("json", "safetensors"):
            (tmp_path / f"splits_dsprites_random_{kind}.{ext}").symlink_to(
                DEFAULT_ZOO / f"splits_dsprites_random_{kind}.{ext}"
            )
    mlp = tmp_path / "splits_dsprites_random_mlp.json"
    raw = mlp.read_text().replace('"splits_dsprites_random_mlp"', '"splits_dsprites_random_mlp_s7"')
    (tmp_path / "splits_dsprites_random_mlp_s7.json").write_text(raw.replace('"seed": 0', '"seed": 7'))
    (tmp_path / "splits_dsprites_random_mlp_s7.safetensors").symlink_to(DEFAULT_ZOO / f"{mlp.stem}.safetensors")
    everything, page = seed_scores(tmp_path), zoo_scores(tmp_path)
    assert len(everything) == len(page) + 1 and sorted(everything.seed) == [0, 0, 0, 0, 7]
    assert set(page.model) == {f.stem for f in tmp_path.glob("*.json")} - {"splits_dsprites_random_mlp_s7"}
