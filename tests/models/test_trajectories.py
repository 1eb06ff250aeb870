"""Trajectory predictors: the shared interface, constant velocity, and what each kind can see."""

import pytest
import torch

from modeldash.errors import InputError
from modeldash.models.trajectories import (
    KINDS,
    ConstantVelocity,
    TrajConfig,
    TrajPredictor,
    call,
    noise_shape,
    output_kind,
)


def _batch(b=5, n=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    past = torch.cumsum(torch.randn(b, 8, 2, generator=g) * 0.3, 1)
    nb = past[:, None] + torch.randn(b, n, 8, 2, generator=g)
    return past, nb, torch.ones(b, n, 8, dtype=torch.bool)


def test_constant_velocity_by_hand():
    past = torch.stack([torch.arange(8.0), torch.zeros(8)], -1)[None]  # 1 m per step along x
    out = ConstantVelocity()(past)
    assert torch.allclose(out[0, :, 0], torch.arange(8.0, 20.0)) and (out[0, :, 1] == 0).all()


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_keeps_the_interface_and_is_translation_invariant(kind):
    torch.manual_seed(0)
    m = TrajPredictor(TrajConfig(kind=kind)).eval()
    past, nb, mask = _batch()
    noise = torch.randn(5, 20, 8) if noise_shape(m) else None
    with torch.no_grad():
        out = call(m, past, nb, mask, noise)
        shifted = call(m, past + 5.0, nb + 5.0, mask, noise)
    assert out.shape == {"future": (5, 12, 2), "gaussian": (5, 12, 5), "samples": (5, 20, 12, 2)}[output_kind(m)]
    assert torch.allclose(shifted[..., :2] - 5.0, out[..., :2], atol=1e-4)  # positions move, spreads do not
    assert torch.allclose(shifted[..., 2:], out[..., 2:], atol=1e-4)


def test_only_social_kinds_see_neighbours_and_masked_ones_are_ignored():
    past, nb, mask = _batch()
    for kind, sees in (("ego_lstm", False), ("social_attn", True), ("stgcnn", True)):
        torch.manual_seed(0)
        m = TrajPredictor(TrajConfig(kind=kind)).eval()
        with torch.no_grad():
            a, b = m(past, nb, mask), m(past, nb + 1.0, mask)
            masked = mask.clone()
            masked[:, 0] = False
            c = m(past, nb, masked)
        assert (not torch.allclose(a, b)) == sees, kind
        moved = nb.clone()
        moved[:, 0] += 10.0
        with torch.no_grad():
            assert torch.allclose(m(past, moved, masked), c, atol=1e-5), kind  # a cut neighbour has no effect


def test_bad_shapes_and_configs():
    m = TrajPredictor(TrajConfig(kind="ego_lstm"))
    with pytest.raises(InputError):
        m(torch.zeros(2, 7, 2), torch.zeros(2, 1, 8, 2), torch.ones(2, 1, 8, dtype=torch.bool))
    with pytest.raises(InputError):
        TrajConfig(kind="transformer")
