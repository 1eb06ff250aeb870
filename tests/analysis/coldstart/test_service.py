"""The cold-start service on the bundled Cora entry: the record re-evaluated, and the map and inspector it
serves equal the study's functions called directly."""

import numpy as np
import pytest

from analysis.coldstart import study
from analysis.coldstart.service import embedding_map, inspect_node, load_graph_bundle, sbm_graph, zoo_graphs


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
    ins = inspect_node(bundle, node)
    assert ins.degree == 0 and ins.original_degree == bundle.split.original_degree[node]
    assert ins.sub_cut.any() == (ins.original_degree > 0)


def test_sbm_graph_is_named_for_its_settings():
    g = sbm_graph(0.4, 0.7)
    assert g.name == "dc-sbm-low0.40-h0.70" and g.n_nodes > 0
