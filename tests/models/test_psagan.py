"""PSA-GAN: shapes per stage, the fade-in, the self-attention gate, scaling, the moment loss, training."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from models.psagan import BASE, PSAGAN, PSAGANConfig, SelfAttention, minmax_scale
from models.psagan_fit import QUICK, VARIANTS, GANSettings, moment_loss, train_gan


@pytest.fixture(scope="module")
def gan():
    torch.manual_seed(0)
    return PSAGAN(PSAGANConfig(n_stages=3, channels=8, z_dim=4)).eval()


def _z(n=5, cfg=PSAGANConfig(n_stages=3, channels=8, z_dim=4)):
    return torch.randn(n, cfg.z_dim, BASE, generator=torch.Generator().manual_seed(1))


@pytest.mark.parametrize("stage", range(4))
def test_each_stage_doubles_the_length_and_is_scaled_like_the_data(gan, stage):
    with torch.no_grad():
        y = gan.generator(_z(), stage)
        score = gan.discriminator(y, stage)
    assert y.shape == (5, 1, BASE * 2**stage) and score.shape == (5,)
    np.testing.assert_allclose(y.amin(-1).numpy(), 0, atol=1e-6)
    np.testing.assert_allclose(y.amax(-1).numpy(), 1, atol=1e-6)


@pytest.mark.parametrize("stage", [1, 2, 3])
def test_fade_in_starts_from_the_previous_stage(gan, stage):
    """alpha = 0: the generator's output is the previous stage's, each step repeated twice (nearest upsampling);
    the discriminator scores the average-pooled series with the previous stage's network."""
    with torch.no_grad():
        new = gan.generator(_z(), stage, alpha=0.0)
        old = gan.generator(_z(), stage - 1).repeat_interleave(2, dim=-1)
        torch.testing.assert_close(new, old, atol=1e-5, rtol=1e-5)
        x = torch.rand(4, 1, BASE * 2**stage, generator=torch.Generator().manual_seed(2))
        torch.testing.assert_close(
            gan.discriminator(x, stage, alpha=0.0),
            gan.discriminator(F.avg_pool1d(x, 2), stage - 1),
            atol=1e-5,
            rtol=1e-5,
        )
        full = gan.generator(_z(), stage, alpha=1.0)
        assert not torch.allclose(full, new)


def test_self_attention_gate_starts_at_zero_so_a_new_block_is_the_identity():
    att = SelfAttention(6)
    x = torch.randn(3, 6, 16)
    assert att.gamma.item() == 0 and torch.equal(att(x), x)
    with torch.no_grad():
        att.gamma.fill_(1.0)
    assert not torch.allclose(att(x), x)


def test_the_ablation_without_attention_has_no_attention_block():
    cfgs = {name: PSAGANConfig(n_stages=2, attention=attention) for name, (attention, _, _) in VARIANTS.items()}
    for name, cfg in cfgs.items():
        n_att = sum(isinstance(m, SelfAttention) for m in PSAGAN(cfg).modules())
        assert (n_att == 0) == (name == "no_attention")


def test_minmax_scale_and_moment_loss_by_hand():
    x = torch.tensor([[[1.0, 3.0, 2.0]]])
    assert minmax_scale(x).tolist() == [[[0.0, 1.0, 0.5]]]
    a = torch.tensor([[[0.0, 2.0]]])  # mean 1, std (ddof 1) sqrt(2)
    b = torch.tensor([[[1.0, 1.0]]])  # mean 1, std 0
    assert moment_loss(a, a).item() == 0
    assert moment_loss(a, b).item() == pytest.approx(2**0.5)
    assert moment_loss(a + 1, a).item() == pytest.approx(1.0)


def _sines(n=256, t=32, seed=0):
    rng = np.random.default_rng(seed)
    phase = rng.uniform(0, 2 * np.pi, (n, 1))
    x = np.sin(np.arange(t) / 3 + phase) + rng.normal(0, 0.1, (n, t))
    return ((x - x.min(1, keepdims=True)) / np.ptp(x, 1, keepdims=True)).astype(np.float32)


def test_training_calls_back_every_stage_and_is_reproducible():
    seen = []
    a = train_gan(_sines(), "psagan", QUICK, on_stage=lambda s, m: seen.append((s, m.cfg.length)))
    b = train_gan(_sines(), "psagan", QUICK)
    assert [s for s, _ in seen] == [0, 1, 2] and a.cfg.length == 32
    torch.testing.assert_close(a.sample(4, seed=3), b.sample(4, seed=3))
    assert not a.training and a.sample(6, seed=0).shape == (6, 32)


def test_a_short_training_learns_the_period_of_sines():
    """Real windows are sines of period 6π ≈ 19 steps; an untrained generator has no such rhythm. After 200
    steps per stage the samples' autocorrelation at half a period (lag 9) is negative, as the data's (a short
    run gets part of the way: about -0.3 against the data's -0.7 and the untrained generator's -0.1)."""
    real = _sines()

    def acf9(x):
        x = x - x.mean(1, keepdims=True)
        return float(((x[:, 9:] * x[:, :-9]).sum(1) / (x * x).sum(1)).mean())

    untrained = PSAGAN(PSAGANConfig(n_stages=2)).sample(200, seed=0).numpy()
    trained = train_gan(real, "psagan", GANSettings(stage_iters=(200,), lr=5e-4)).sample(200, seed=0).numpy()
    assert acf9(real) < -0.5
    assert abs(acf9(trained) - acf9(real)) < abs(acf9(untrained) - acf9(real))
    assert acf9(trained) < -0.2


def test_the_zoo_psagan_is_far_closer_to_real_data_than_an_untrained_one():
    from analysis.series.metrics import context_fid
    from analysis.series.service import load_series

    b = load_series("etth1")
    real = b.data.windows("train")
    trained = b.generators["PSA-GAN"].sample(1000, seed=0).numpy()
    untrained = PSAGAN(b.generators["PSA-GAN"].cfg).sample(1000, seed=0).numpy()
    fid_trained, _ = context_fid(b.encoder, real, trained)
    fid_untrained, _ = context_fid(b.encoder, real, untrained)
    assert fid_trained < fid_untrained / 5
    assert sorted(b.stages) == [0, 1, 2, 3]
    assert [b.stages[s].sample(2, stage=s).shape[1] for s in range(4)] == [8, 16, 32, 64]
    assert b.stage_iters == GANSettings().stage_iters
