"""The results store: round trip, keys that change with what a result depends on, and damaged files ignored."""

import json

from modeldash.analysis import store


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


def _flip_a_bit(path, at: int) -> None:
    blob = bytearray(path.read_bytes())
    blob[at] ^= 1
    path.write_bytes(bytes(blob))


def test_write_read_and_damaged_files_are_ignored(tmp_path):
    store.write(tmp_path, "k", {"x": [1.5, 2], "y": None}, code_version="abc")
    got = store.read(tmp_path, "k")
    assert got.payload == {"x": [1.5, 2], "y": None} and got.code_version == "abc"
    assert store.read(tmp_path, "missing") is None
    f = tmp_path / "k.parquet"
    f.write_bytes(f.read_bytes().replace(b"1.5", b"9.5"))  # the structure altered after writing
    assert store.read(tmp_path, "k") is None
    store.write(tmp_path, "k", {"x": [1.5, 2], "y": None})
    f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])  # partial
    assert store.read(tmp_path, "k") is None
    assert not list(tmp_path.glob("*.tmp"))  # atomic writes leave no temporaries


def test_an_unwritable_store_is_skipped(tmp_path):
    f = tmp_path / "file"
    f.write_text("not a folder")
    store.write(f / "sub", "k", {"x": 1})  # no exception: the store is a cache
    assert store.read(f / "sub", "k") is None


def test_objects_round_trip_with_their_arrays(tmp_path):
    import math

    import numpy as np
    import pandas as pd

    from modeldash.analysis.series.results import SeriesReport, SeriesScores

    nan, inf = float("nan"), float("inf")
    means = dict(context_fid_norm=0.1, context_fid=0.2, raw_fid=0.3, discriminative_score=0.4, predictive_mae=0.5)
    means |= dict(acf_distance=0.01, spectrum_distance=0.02, marginal_distance=inf)
    intervals = dict(context_fid_norm=(nan, nan), raw_fid=(0.25, 0.35), discriminative_score=(0.3, 0.5))
    s = SeriesScores("g", means, intervals, 5, 10, 64)
    runs = pd.DataFrame({"generator": ["g", "g"], "seed": [0, 1], "context_fid": [0.1, nan]})
    rep = SeriesReport(
        "d",
        (s,),
        runs,
        runs[["generator", "seed"]],
        {"g": np.arange(6.0).reshape(2, 3), 7: np.array([True, False])},
        np.ones((2, 2)),
        np.zeros((0, 0)),
    )
    obj = {"report": rep, "frame": pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}), "t": (1, "two", None), "l": [1.5]}
    store.write_object(tmp_path, "k", obj, code_version="abc")
    got, hit = store.read_object(tmp_path, "k")
    assert hit.code_version == "abc"
    r = got["report"]
    assert isinstance(r, SeriesReport) and isinstance(r.scores[0], SeriesScores)
    assert math.isnan(r.scores[0].intervals["context_fid_norm"][0]) and r.scores[0].means["marginal_distance"] == inf
    assert r.scores[0].intervals["raw_fid"] == (0.25, 0.35)
    assert r.scores[0].n_windows == 10 and r.dataset == "d" and r.scores[0].n_seeds == 5
    pd.testing.assert_frame_equal(r.runs, runs)
    np.testing.assert_array_equal(r.samples["g"], rep.samples["g"])
    np.testing.assert_array_equal(r.samples[7], rep.samples[7])  # non-string keys survive
    assert r.samples[7].dtype == bool and r.real_test.shape == (0, 0)
    pd.testing.assert_frame_equal(got["frame"], obj["frame"])
    assert got["t"] == (1, "two", None) and got["l"] == [1.5]


def test_damaged_or_foreign_objects_are_ignored(tmp_path):
    import numpy as np
    import pyarrow.parquet as pq

    store.write_object(tmp_path, "k", {"x": np.arange(1000.0)})
    f = tmp_path / "k.parquet"
    _flip_a_bit(f, 200)  # one bit of the arrays' pages changed
    assert store.read_object(tmp_path, "k") is None
    # a structure naming a class outside our packages is never rebuilt, even with valid checksums
    store.write_object(tmp_path, "f", {"x": 1})
    t = pq.read_table(tmp_path / "f.parquet")
    meta = json.loads(t.schema.metadata[b"dash-result"])
    meta["structure"] = json.dumps({"__dataclass__": "subprocess:Popen", "fields": {}})
    meta["sha256"] = store._checksum(meta["structure"], {})
    pq.write_table(t.replace_schema_metadata({b"dash-result": json.dumps(meta).encode()}), tmp_path / "f.parquet")
    assert store.read_object(tmp_path, "f") is None
    try:
        store.write_object(tmp_path, "o", {"x": np.array([object()])})
    except TypeError:
        pass
    else:
        raise AssertionError("object arrays must be refused")
    assert not list(tmp_path.glob("*.tmp"))


def test_arrays_are_typed_parquet_columns_and_the_footers_are_the_index(tmp_path):
    import numpy as np
    import pyarrow.parquet as pq

    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    store.write_object(tmp_path, "diva-abc", {"w": x, "names": np.array(["a", "bb"]), "ok": np.array([True])})
    col = pq.read_table(tmp_path / "diva-abc.parquet").column("a0")  # readable by any Parquet tool
    assert str(col.type) == "list<element: float>" and col[0].as_py() == list(map(float, range(12)))
    got, _ = store.read_object(tmp_path, "diva-abc")
    assert got["w"].dtype == np.float32 and got["w"].shape == (3, 4) and got["names"].tolist() == ["a", "bb"]
    store.write(tmp_path, "trajectories-def", {"v": 1}, code_version="c9")
    (tmp_path / "series-bad.parquet").write_bytes(b"PAR1 not really")
    idx = store.index(tmp_path)
    assert list(idx.key) == ["diva-abc", "series-bad", "trajectories-def"]
    assert list(idx.view) == ["diva", "unreadable", "trajectories"] and idx.code_version.iloc[2] == "c9"
    assert idx.arrays.tolist() == [3, 0, 0] and (idx.bytes > 0).all()


def test_the_shipped_store_reads_back():
    from conftest import SHIPPED_STORE

    idx = store.index(SHIPPED_STORE)
    assert len(idx) >= 13 and "unreadable" not in set(idx.view)
    assert all(store.read_object(SHIPPED_STORE, k) is not None for k in idx.key)


def test_fetch_computes_once_then_reads(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return {"v": 1.25}

    a, pa = store.fetch(tmp_path, "k", compute, code_version="c1")
    b, pb = store.fetch(tmp_path, "k", compute, code_version="c2")
    assert a == b == {"v": 1.25} and len(calls) == 1
    assert pa.origin == "computed" and pb.origin == "store" and pb.code_version == "c1"
    assert "results store" in pb.sentence()
    c, pc = store.fetch(None, "k", compute)  # no store: always computed
    assert pc.origin == "computed" and len(calls) == 2
