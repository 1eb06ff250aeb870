"""ETH/UCY reader and scene construction."""

import numpy as np
import pytest

from modeldash.data.trajectories import MAX_NEIGHBOURS, OBS, PRED, bundled_files, load_file, make_scenes, read_eth_ucy
from modeldash.errors import InputError


def _rows(agents=2, steps=25, start=0):
    out = []
    for a in range(agents):
        for t in range(steps):
            out.append(f"{(start + t) * 10}\t{a + 1}.0\t{0.5 * t + a}\t{float(a)}")
    return "\n".join(out).encode()


def test_bundled_files_read_and_make_scenes():
    assert set(bundled_files()) == {
        "biwi_eth",
        "biwi_hotel",
        "crowds_zara01",
        "crowds_zara03",
        "students001",
        "uni_examples",
    }
    s = load_file("crowds_zara01")
    assert len(s) > 2000 and s.past.shape[1:] == (OBS, 2) and s.future.shape[1:] == (PRED, 2)
    assert s.nb_past.shape[1] == MAX_NEIGHBOURS and (s.n_neighbours <= MAX_NEIGHBOURS).all()
    # the target's 20 positions are consecutive recorded positions of one agent
    rows = read_eth_ucy(load_file.__globals__["BUNDLED"] / "crowds_zara01.txt")
    a, fr = s.agent[0], s.frame[0]
    track = rows[rows[:, 1] == a]
    at = {int(f): p for f, p in zip(track[:, 0], track[:, 2:])}
    np.testing.assert_allclose(s.past[0][-1], at[int(fr)])
    np.testing.assert_allclose(s.future[0][0], at[int(fr) + 10])


def test_neighbours_are_present_at_the_last_step_nearest_first():
    s = make_scenes(read_eth_ucy(_rows(agents=4)), name="toy")
    first = s.take(np.flatnonzero(s.agent == 1)[0])
    assert first.n_neighbours[0] == 3
    d = np.linalg.norm(first.nb_past[0, :3, -1] - first.past[0, -1], axis=1)
    assert (np.diff(d) >= 0).all()


def test_a_neighbour_with_a_short_past_is_masked():
    text = _rows(agents=1) + b"\n" + b"\n".join(f"{t * 10}\t9\t5.0\t{t * 0.1}".encode() for t in range(5, 8))
    s = make_scenes(read_eth_ucy(text), name="toy")
    i = np.flatnonzero(s.frame == 70)[0]
    assert s.nb_mask[i, 0].tolist() == [False] * 5 + [True] * 3 and (s.nb_past[i, 0, :5] == 0).all()


@pytest.mark.parametrize(
    "raw, match",
    [
        (b"", "empty"),
        (b"\xff\xfe\x00bin", "not text"),
        (b"1 2 3\n4 5 6", "columns"),
        (b"0 1 a b\n10 1 2 3", "text where numbers"),
        (b"0 1 nan 2\n10 1 2 3", "NaN"),
        (b"0 1 1 2\n0 1 1 2", "twice"),
        (b"0 1 1 2\n30 1 2 3", "gap"),
        (b"0.5 1 1 2", "whole numbers"),
        (b"0 1 1 2\n10 1 1 2\n20 1 1 2", "no agent is present for 20"),
    ],
)
def test_malformed_files_get_one_sentence(raw, match):
    with pytest.raises(InputError, match=match):
        make_scenes(read_eth_ucy(raw), name="bad")


def test_commas_and_spaces_are_accepted():
    s = make_scenes(read_eth_ucy(_rows().replace(b"\t", b", ")), name="toy")
    assert len(s) == 2 * (25 - 20 + 1)
