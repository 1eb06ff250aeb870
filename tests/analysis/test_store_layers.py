"""The app never writes into its checkout: for the bundled zoo, results go to the user's store (the cache folder)
and the shipped results are read beneath it; a lab's zoo keeps its results beside it; $DASH_STORE wins."""

from pathlib import Path

from modeldash.analysis import store
from modeldash.models.zoo import DEFAULT_ZOO


def test_the_bundled_zoo_writes_to_the_users_store_and_reads_the_shipped_results_beneath(tmp_path, monkeypatch):
    monkeypatch.delenv(store.STORE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = store.store_dir(DEFAULT_ZOO)
    assert folder == tmp_path / "cache" / "modeldash" / "results"
    shipped_keys = [p.stem for p in store.SHIPPED.glob("*.parquet")]
    before = sorted(p.name for p in store.SHIPPED.iterdir())
    obj, prov = store.fetch(folder, shipped_keys[0], lambda: 1 / 0)  # a shipped result: read, not computed
    assert prov.origin == "store" and obj is not None
    store.fetch(folder, "toy-new", lambda: {"x": 1.5})  # a new one: written to the user's store only
    assert (folder / "toy-new.parquet").exists() and sorted(p.name for p in store.SHIPPED.iterdir()) == before
    index = store.index(folder)
    assert {"toy-new", *shipped_keys} == set(index.key) and len(index) == len(shipped_keys) + 1


def test_a_labs_zoo_keeps_its_results_beside_it_and_dash_store_wins(tmp_path, monkeypatch):
    monkeypatch.delenv(store.STORE_ENV, raising=False)
    lab = tmp_path / "lab" / "zoo"
    lab.mkdir(parents=True)
    assert store.store_dir(lab) == tmp_path / "lab" / "results"
    assert store.read_object(tmp_path / "lab" / "results", next(store.SHIPPED.glob("*.parquet")).stem) is None
    monkeypatch.setenv(store.STORE_ENV, str(tmp_path / "mine"))
    assert store.store_dir(DEFAULT_ZOO) == Path(tmp_path / "mine")
