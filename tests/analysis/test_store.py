"""The results store: round trip, keys that change with what a result depends on, and damaged files ignored."""

import json

from analysis import store


def test_round_trip_and_keys():
    k = store.result_key("v", 1, models={"a": "d1"}, data="x", settings={"s": 1})
    assert k == store.result_key("v", 1, models={"a": "d1"}, data="x", settings={"s": 1})
    others = [
        store.result_key("v", 2, models={"a": "d1"}, data="x", settings={"s": 1}),
        store.result_key("v", 1, models={"a": "d2"}, data="x", settings={"s": 1}),
        store.result_key("v", 1, models={"a": "d1"}, data="y", settings={"s": 1}),
        store.result_key("v", 1, models={"a": "d1"}, data="x", settings={"s": 2}),
    ]
    assert len({k, *others}) == 5


def test_write_read_and_damaged_files_are_ignored(tmp_path):
    store.write(tmp_path, "k", {"x": [1.5, 2], "y": None}, code_version="abc")
    got = store.read(tmp_path, "k")
    assert got.payload == {"x": [1.5, 2], "y": None} and got.code_version == "abc"
    assert store.read(tmp_path, "missing") is None
    doc = json.loads((tmp_path / "k.json").read_text())
    doc["payload"]["x"][0] = 9.9  # altered after writing
    (tmp_path / "k.json").write_text(json.dumps(doc))
    assert store.read(tmp_path, "k") is None
    (tmp_path / "k.json").write_text('{"payload": {"x": [1.5')  # partial
    assert store.read(tmp_path, "k") is None
    assert not list(tmp_path.glob("*.tmp"))  # atomic writes leave no temporaries


def test_an_unwritable_store_is_skipped(tmp_path):
    f = tmp_path / "file"
    f.write_text("not a folder")
    store.write(f / "sub", "k", {"x": 1})  # no exception: the store is a cache
    assert store.read(f / "sub", "k") is None
