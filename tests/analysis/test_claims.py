"""The verdict rules on constructed intervals (above, below and across each threshold), the seed interval against
scipy's, and the claims computed from the bundled zoo and its stored results."""

import math

import numpy as np
import pytest

from modeldash.analysis import claims
from modeldash.analysis.claims import FAILS, HOLDS, OPEN, verdict
from modeldash.analysis.intervals import t_interval
from modeldash.analysis.splits.claims import claims as splits_claims
from modeldash.catalogue import views

NAN = float("nan")


@pytest.mark.parametrize(
    "test, threshold, ci, expected",
    [
        ("above", (0.0,), (0.1, 0.3), HOLDS),  # wholly above
        ("above", (0.0,), (-0.3, -0.1), FAILS),  # wholly below
        ("above", (0.0,), (-0.1, 0.2), OPEN),  # across
        ("above", (0.0,), (-0.2, 0.0), FAILS),  # touching from below: not above
        ("below", (0.01,), (-0.02, 0.005), HOLDS),
        ("below", (0.01,), (0.02, 0.03), FAILS),
        ("below", (0.01,), (0.0, 0.02), OPEN),
        ("within", (-2.0, 2.0), (-1.0, 1.5), HOLDS),
        ("within", (-2.0, 2.0), (2.5, 4.0), FAILS),
        ("within", (-2.0, 2.0), (-5.0, -2.5), FAILS),
        ("within", (-2.0, 2.0), (0.2, 5.0), OPEN),
        ("above", (0.0,), (NAN, NAN), OPEN),  # one seed: no interval, no verdict
    ],
)
def test_each_rule_on_an_interval_above_below_and_across(test, threshold, ci, expected):
    assert verdict(test, threshold, ci) == expected


def test_the_seed_interval_is_students_t():
    from scipy import stats

    x = np.array([0.91, 0.95, 0.93, 0.97, 0.92])
    m, lo, hi = t_interval(x)
    want = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert m == pytest.approx(x.mean()) and (lo, hi) == pytest.approx(want)
    assert all(map(math.isnan, t_interval([0.9])[1:]))


def test_the_bundled_claims_have_rows_for_every_view(shipped_store):
    import os
    from pathlib import Path

    got = claims.all_claims(folder=Path(os.environ["DASH_STORE"]))
    assert {c.view for c in got} == {v.task for v in views() if v.claims}
    for c in got:
        row = c.row()
        assert row["verdict"] in (HOLDS, FAILS, OPEN) and len(row["ci"]) == 2
        assert row["over"].split(" × ")[0] in ("seeds", "scenes") and row["n"] >= 1 and row["n_seeds"] >= 1
    (d,) = [c for c in got if c.view == "diva"]
    assert d.n == 5 and d.verdict == HOLDS  # AUROC ≈ 0.99 over five label-noise seeds
    splits = [c for c in got if c.view == "splits"]
    assert len(splits) == 2 * 4 and all(c.n == 3 for c in splits)  # two datasets × four kinds, three seeds
    series = [c for c in got if c.view == "series"]
    # per dataset and budget (ETTh1 at two): PSA-GAN against three ablations and the AR baseline, five GAN seeds
    assert len(series) == 3 * 4 and all(c.n == 5 and c.ci[0] <= c.estimate <= c.ci[1] for c in series)
    traj = [c for c in got if c.view == "trajectories"]
    # every kind that sees its neighbours at three training seeds, crossed with the 300 scenes: the social score on
    # the two held-out files (4 kinds), the team game (2 kinds), and Table 1 (3 claims × 2 per file)
    assert len(traj) == 2 * 4 + 2 + 2 * 3 * 2
    assert all(c.n == 3 and c.over == "seeds × 300 scenes" and c.ci[0] <= c.estimate <= c.ci[1] for c in traj)


def test_the_splits_claim_is_welchs_interval_over_the_manifests_seeds():
    """Recomputed from the zoo's manifests with scipy: per dataset and kind, the random split's test R² at each
    training seed against the extrapolation split's."""
    import json

    from scipy import stats

    from modeldash.models.zoo import DEFAULT_ZOO

    r2 = {}
    for f in DEFAULT_ZOO.glob("splits_*.json"):
        m = json.loads(f.read_text())
        key = (m["dataset"]["name"], m["config"]["kind"], m["dataset"]["split"])
        r2.setdefault(key, []).append(m["metrics"]["r2_test"])
    got = {c.claim.split(":")[0]: c for c in splits_claims()}
    for (dataset, kind, split), easy in r2.items():
        if split != "random":
            continue
        hard = r2[(dataset, kind, "extrapolation")]
        want = stats.ttest_ind(easy, hard, equal_var=False).confidence_interval(0.95)
        c = got[f"{kind} on {dataset}"]
        assert c.estimate == pytest.approx(np.mean(easy) - np.mean(hard))
        assert c.ci == pytest.approx((want.low, want.high))
        assert c.verdict == (HOLDS if want.low > 0 else FAILS if want.high <= 0 else OPEN)


def test_a_claim_refuses_a_percentile_bootstrap_over_fewer_than_ten_values():
    """Over 5 values a percentile bootstrap's interval is too narrow (it made a series verdict 'does not hold' that
    Student's t calls inconclusive): a claim built that way is refused, one over enough scenes is kept."""
    from modeldash.analysis.claims import MIN_BOOTSTRAP, Claim

    args = ("v", "c", "q", 0.1, (0.05, 0.2), "above", (0.0,), "paper")
    with pytest.raises(ValueError, match="percentile bootstrap over 5 seeds is too narrow"):
        Claim(*args, 5, "seeds", method="percentile bootstrap")
    assert Claim(*args, MIN_BOOTSTRAP, "scenes", method="paired percentile bootstrap").row()["interval"] == (
        "paired percentile bootstrap over 10 scenes"
    )
    assert Claim(*args, 5, "seeds").row()["interval"] == "Student's t over 5 seeds"


def test_every_shipped_claim_names_its_interval_and_none_is_a_small_bootstrap(shipped_store):
    import os
    from pathlib import Path

    for c in claims.all_claims(folder=Path(os.environ["DASH_STORE"])):
        row = c.row()
        assert row["interval"].endswith(f"over {c.n} {c.over}")
        assert "bootstrap" not in c.method or c.n >= 10, row["claim"]


def test_the_scoreboard_computes_nothing_on_an_empty_store(tmp_path):
    """Home's scoreboard (stored_claims) reads the store only: the views whose claims rest on stored results are
    left out of an empty store, nothing is written, and the views whose claims rest on the zoo's records stay."""
    from modeldash.analysis.claims import stored_claims

    got, missing = stored_claims(folder=tmp_path)
    assert set(missing) == {"trajectories", "diva", "series"} and list(tmp_path.iterdir()) == []
    assert {c.view for c in got} == {"splits", "coldstart"}
