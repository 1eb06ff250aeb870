"""The cold-start service on the bundled Cora entry: the record re-evaluated, and the map and inspector it
serves equal the study's functions called directly."""

import numpy as np
import pytest

from modeldash.analysis.coldstart import study
from modeldash.analysis.coldstart.service import (
    embedding_map,
    inspect_node,
    load_graph_bundle,
    node_predictions,
    sbm_graph,
    zoo_graphs,
)


@pytest.fixture(scope="module")
def bundle():
    if "cora" not in zoo_graphs():
        pytest.skip("no cold-start models in the zoo")
    return load_graph_bundle("cora")


def test_zoo_bundle_matches_its_record(bundle):
    assert bundle.origin == "zoo" and bundle.report.seeds == 5
    assert bundle.live_gap <= 0.5  # points; CPUs and thread counts may differ from the training machine


def test_map_and_inspector_equal_the_study_functions(bundle):
    m = embedding_map(bundle, "pca")
    ref = study.embedding_map(bundle.models["teacher"], bundle.models["coldbrew"], bundle.split, method="pca")
    assert m.method == "PCA" and np.allclose(m.teacher_xy, ref.teacher_xy) and np.allclose(m.student_xy, ref.student_xy)
    node = int(bundle.split.isolated[0])
    ins = inspect_node(bundle.graph, bundle.split, node_predictions(bundle), node)
    assert ins.degree == 0 and ins.original_degree == bundle.split.original_degree[node]
    assert ins.sub_cut.any() == (ins.original_degree > 0)


def test_sbm_graph_is_named_for_its_settings():
    g = sbm_graph(0.4, 0.7)
    assert g.name == "dc-sbm-low0.40-h0.70" and g.n_nodes > 0


def test_the_shipped_store_holds_each_zoo_graphs_embedding_map(tmp_path):
    """The map is read from the store without loading a model, and equals projecting the zoo's models now."""
    import shutil

    import numpy as np

    from conftest import SHIPPED_STORE
    from modeldash.analysis.coldstart.service import embedding_map, load_graph_bundle, stored_embedding_map

    for f in SHIPPED_STORE.glob("coldstart-*.parquet"):
        shutil.copy(f, tmp_path)
    stored, origin = stored_embedding_map("cora", method="pca", folder=tmp_path, bundle=lambda: 1 / 0)
    assert origin.origin == "store"
    fresh = embedding_map(load_graph_bundle("cora"), "pca")
    np.testing.assert_array_equal(stored.nodes, fresh.nodes)
    np.testing.assert_array_equal(stored.group, fresh.group)
    np.testing.assert_allclose(np.abs(stored.teacher_xy), np.abs(fresh.teacher_xy), atol=1e-4)  # PCA sign aside


def test_the_shipped_store_holds_each_zoo_graphs_node_predictions(tmp_path):
    """The inspector's table is read from the store without loading a model, and equals predicting now."""
    import shutil

    from conftest import SHIPPED_STORE
    from modeldash.analysis.coldstart.service import stored_node_predictions

    for f in SHIPPED_STORE.glob("coldstart-*.parquet"):
        shutil.copy(f, tmp_path)
    for graph in zoo_graphs():
        stored, origin = stored_node_predictions(graph, folder=tmp_path, bundle=lambda: 1 / 0)
        assert origin.origin == "store"
        fresh = node_predictions(load_graph_bundle(graph))
        assert stored.models == fresh.models
        for f in ("pred_with", "pred_cold"):
            assert (getattr(stored, f) == getattr(fresh, f)).mean() > 0.999  # CPUs may break a near tie
        np.testing.assert_allclose(stored.p_with, fresh.p_with, atol=1e-3)


@pytest.mark.slow
def test_a_users_graph_is_trained_once_then_read_from_the_store(tmp_path):
    """`claims --data` and `coldstart --data` keep what they train on a user's file in the results store under the
    file's bytes and the settings: the second identical run is a read, another setting trains again."""
    from modeldash.analysis.coldstart.service import stored_file_report
    from modeldash.data.coldstart_graphs import write_npz
    from modeldash.data.coldstart_sim import SBMConfig, dc_sbm_graph

    raw = write_npz(dc_sbm_graph(SBMConfig(n_nodes=200, n_features=40, signature_words=8), seed=1))
    first, made = stored_file_report(raw, "mine", folder=tmp_path, seeds=1, quick=True)
    again, read = stored_file_report(raw, "mine", folder=tmp_path, seeds=1, quick=True)
    assert made.origin == "computed" and read.origin == "store"
    assert again.rows.equals(first.rows) and again.n_isolated == first.n_isolated
    _, other = stored_file_report(raw, "mine", folder=tmp_path, seeds=1, quick=True, protocol="ours")
    assert other.origin == "computed"
