"""precompute --check: which results a store holds, computing nothing; the shipped store holds every unit."""

import json
import subprocess
import sys

from modeldash import catalogue
from modeldash.analysis import store
from modeldash.analysis.precompute import Settings, check


def test_a_store_read_only_raises_for_a_missing_result_and_writes_nothing(tmp_path):
    with store.reading_only():
        try:
            store.fetch(tmp_path, "splits-x", lambda: 1 / 0)
        except store.NotStored as e:
            assert e.key == "splits-x"
        else:
            raise AssertionError("computed under reading_only")
    assert list(tmp_path.iterdir()) == []
    assert store.fetch(tmp_path, "splits-x", lambda: {"a": 1})[1].origin == "computed"  # outside: computes again
    with store.reading_only():
        assert store.fetch(tmp_path, "splits-x", lambda: 1 / 0)[1].origin == "store"


def test_the_shipped_store_holds_every_unit_the_pages_open():
    """The zoo, the renderers or a method's version changed without `precompute` refreshing the shipped results:
    the pages would compute on first visit (and the CLI's tests that read the store fail much later)."""
    views = [v.task for v in catalogue.views() if v.precompute]
    s = Settings(None, str(store.SHIPPED), options=(("curve", True),))
    got = check(views, s)
    assert {u.view for u, _ in got} == set(views)
    missing = [f"{u.view} {u.what}" for u, o in got if o is None]
    assert not missing, f"run python -m modeldash precompute for: {missing}"
    assert {o.origin for _, o in got} == {"store"}


def test_check_on_an_empty_store_lists_every_unit_missing_and_fails(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "modeldash", "precompute", "diva", "--check", "--store", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 1, out.stderr
    rows = json.loads(out.stdout)["rows"]
    assert rows and {r["origin"] for r in rows} == {"missing"} and list(tmp_path.iterdir()) == []
