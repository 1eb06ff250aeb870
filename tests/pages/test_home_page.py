"""AppTest for Home: no exception, key elements present, reruns clean."""

import streamlit as st

from tests.pages.apptest import open_app


def test_home_lists_the_models_and_links_the_views():
    st.cache_data.clear()  # the board another test cached from the shipped store would hide the empty one
    at = open_app()  # an empty results store: the scoreboard holds what the manifests record and names the rest
    assert not at.exception
    assert at.title[0].value == "Model analysis dashboard"
    assert "digits_cnn" in at.dataframe[-1].value["name"].tolist()
    assert set(at.dataframe[0].value["view"]) == {"Compositional splits", "Cold-start graphs"}
    assert "Not in the results store yet" in at.info[0].value and "precompute all" in at.info[0].value
    assert not at.error


def test_home_scoreboard_reads_every_views_claims_from_the_shipped_store(shipped_store):
    at = open_app()
    board = at.dataframe[0].value
    assert not at.exception and not at.info and len(set(board["view"])) == 5
    assert set(board["verdict"]) <= {"holds", "does not hold", "inconclusive"}
    diva = board[board["view"] == "Example weights"].iloc[0]
    assert diva["verdict"] == "holds" and diva["interval over"] == "Student's t over 5 seeds"
