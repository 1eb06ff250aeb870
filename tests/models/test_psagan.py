"""PSA-GAN as the official code: conditional shapes per stage, the fade-in, the attention gate, the conditioning,
the per-sample moment loss, the schedule (stages, fade, D:G steps), training and the zoo."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from modeldash.data.series import Windows
from modeldash.models.series_psagan import BASE, PSAGAN, PSAGANConfig, SelfAttention, pool
from modeldash.models.series_psagan_fit import (
    BUDGETS,
    QUICK,
    VARIANTS,
    GANSettings,
    moment_loss,
    train_gan,
    variant_settings,
)

CFG = PSAGANConfig(n_stages=3, channels=8, n_features=3, n_series=4)


@pytest.fixture(scope="module")
def gan():
    torch.manual_seed(0)
    return PSAGAN(CFG).eval()


def _inputs(n=5, t=64, seed=1):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, 1, t, generator=g), torch.rand(n, 3, t, generator=g) - 0.5, torch.arange(n) % 4


@pytest.mark.parametrize("stage", range(4))
def test_each_stage_doubles_the_length_and_the_discriminator_scores_it(gan, stage):
    noise, f, ids = _inputs()
    with torch.no_grad():
        y = gan.generator(noise, f, ids, stage)
        score = gan.discriminator(y, f, ids, stage)
    assert y.shape == (5, 1, BASE * 2**stage) and score.shape == (5,)


@pytest.mark.parametrize("stage", [1, 2, 3])
def test_fade_in_mixes_the_new_path_with_the_upsampled_previous_features(gan, stage):
    """alpha = 0: the generator's output is the output convolution of the skip path only; the discriminator
    scores the average-pooled series through the input block at the lower length, as the official code."""
    noise, f, ids = _inputs()
    with torch.no_grad():
        g = gan.generator
        a0 = g(noise, f, ids, stage, alpha=0.0)
        a1 = g(noise, f, ids, stage, alpha=1.0)
        half = g(noise, f, ids, stage, alpha=0.5)
        torch.testing.assert_close(half, 0.5 * a0 + 0.5 * a1, atol=1e-5, rtol=1e-5)
        assert not torch.allclose(a0, a1)
        x = torch.rand(4, 1, BASE * 2**stage, generator=torch.Generator().manual_seed(2))
        d = gan.discriminator
        fd, idd = f[:4], ids[:4]
        # by hand: alpha = 0 leaves the pooled input's features after the first (skipped) block
        r = CFG.n_stages - stage
        cond = torch.cat([d.embedding(idd)[:, :, None].expand(-1, -1, 64), fd], 1)
        h = d.inp(torch.cat([pool(cond, 2 ** (r + 1)), pool(x, 2)], 1))
        for i in range(r + 1, CFG.n_stages):
            h = pool(d.blocks[i](h), 2)
        torch.testing.assert_close(d(x, fd, idd, stage, alpha=0.0), d.fc(d.last(h)[:, 0])[:, 0], atol=1e-5, rtol=1e-5)


def test_pool_is_average_pooling():
    x = torch.randn(3, 2, 64)
    torch.testing.assert_close(pool(x, 8), F.avg_pool1d(x, 8))


def test_the_generator_reads_its_conditioning_series_and_time_features(gan):
    noise, f, ids = _inputs()
    with torch.no_grad():
        base = gan.generator(noise, f, ids)
        assert not torch.allclose(base, gan.generator(noise, f, (ids + 1) % 4))
        assert not torch.allclose(base, gan.generator(noise, f.flip(-1), ids))
        assert not torch.allclose(base, gan.generator(torch.randn_like(noise), f, ids))


def test_self_attention_gate_starts_at_zero_so_a_new_block_is_the_identity():
    att = SelfAttention(6)
    x = torch.randn(3, 6, 16)
    assert att.gamma.item() == 0 and torch.equal(att(x), x)
    assert att.q.out_channels == att.k.out_channels == att.v.out_channels == 1  # the official run's widths
    with torch.no_grad():
        att.gamma.fill_(1.0)
    assert not torch.allclose(att(x), x)


def test_only_the_ablation_without_attention_has_no_attention_block():
    for v in VARIANTS:
        st = variant_settings(v)
        n_att = sum(isinstance(m, SelfAttention) for m in PSAGAN(PSAGANConfig(attention=st.attention)).modules())
        assert (n_att == 0) == (v == "no_attention")
    assert variant_settings("no_moment").moment == 0 and variant_settings("psagan").moment == 1
    assert variant_settings("no_fade").fade_epochs == 0 and variant_settings("psagan").fade_epochs == 2


def test_moment_loss_is_per_sample_by_hand():
    a = torch.tensor([[[0.0, 2.0]], [[1.0, 1.0]]])  # means 1, 1; stds sqrt(2), 0
    b = torch.tensor([[[1.0, 1.0]], [[0.0, 2.0]]])  # the same two samples, swapped
    assert moment_loss(a, a).item() == 0
    # the batch averages agree, so a batch-level loss would be 0; per sample each std differs by sqrt(2)
    assert moment_loss(a, b).item() == pytest.approx(2**0.5)
    assert moment_loss(a + 1, a).item() == pytest.approx(1.0)


def test_the_release_demo_schedule_by_hand():
    """run_gan.py: 20 epochs of 100 batches, stages after epochs 5, 10, 15, each fading in over 2 epochs; the last
    stage at full weight from epoch 18. Without the fade-in every new stage has weight 1 at once."""
    s = GANSettings()
    assert s.iterations == 2000 and s.lr == 5e-5 and BUDGETS["demo"] == s
    assert [s.stage_at(e) for e in (0, 5, 6, 10, 11, 15, 16, 19)] == [0, 0, 1, 1, 2, 2, 3, 3]
    assert [s.alpha_at(e) for e in (5, 6, 7, 8, 16, 17, 18)] == [1.0, 0.5, 1.0, 1.0, 0.5, 1.0, 1.0]
    none = variant_settings("no_fade")
    assert all(none.alpha_at(e) == 1.0 for e in range(20))
    assert BUDGETS["long"].iterations == 3000


def _windows(n=256, t=32, seed=0):
    rng = np.random.default_rng(seed)
    phase = rng.uniform(0, 2 * np.pi, (n, 1))
    x = 0.5 + 0.4 * np.sin(np.arange(t) / 3 + phase) + rng.normal(0, 0.05, (n, t))
    feats = np.stack([np.broadcast_to(np.linspace(-0.5, 0.5, t), (n, t)), np.full((n, t), 0.3)], 1)
    return Windows(x.astype(np.float32), feats.astype(np.float32), (np.arange(n) % 2).astype(np.int64))


def test_the_discriminator_and_generator_steps_follow_the_official_ratio(monkeypatch):
    """The first `warmup_g_steps` generator steps each follow `warmup_d_steps` discriminator steps, later ones
    `d_steps`: counted by wrapping the two optimisers' step."""
    steps = []
    real_step = torch.optim.Adam.step

    def spy(self, *a, **k):
        steps.append(self.param_groups[0]["params"][0])
        return real_step(self, *a, **k)

    monkeypatch.setattr(torch.optim.Adam, "step", spy)
    st = GANSettings(epochs=1, batches_per_epoch=20, schedule=(), warmup_d_steps=3, warmup_g_steps=2, batch=8)
    model = train_gan(_windows(), st)
    gen = {id(p) for p in model.generator.parameters()}
    pattern = "".join("G" if id(p) in gen else "D" for p in steps)
    assert pattern == "DDDGDDDGDDGDDGDDGDDG"


def test_training_calls_back_every_stage_and_is_reproducible():
    seen = []
    a = train_gan(_windows(), QUICK, on_stage=lambda s, m: seen.append(s))
    b = train_gan(_windows(), QUICK)
    w = _windows(8, seed=1)
    assert seen == [0, 1, 2] and a.cfg.length == 32
    np.testing.assert_allclose(a.generate(w.features, w.ids, seed=3), b.generate(w.features, w.ids, seed=3))
    assert not a.training and a.generate(w.features, w.ids, seed=0).shape == (8, 32)


@pytest.mark.slow
def test_a_short_training_learns_each_series_level_from_its_conditioning():
    """Series 0 lives around 0.25, series 1 around 0.75 (sines on top): the generator, told each window's series,
    learns to put its samples at that series' level; an untrained one does not."""
    w = _windows()
    values = w.values - 0.5 + np.where(w.ids == 0, 0.25, 0.75)[:, None].astype(np.float32)
    real = Windows(values, w.features, w.ids)
    st = GANSettings(epochs=3, batches_per_epoch=100, schedule=(0, 1), fade_epochs=1, warmup_g_steps=5, lr=1e-3)
    st = GANSettings(**{**st.__dict__, "warmup_d_steps": 5, "batch": 32})

    def levels(x):
        return np.array([x[real.ids == 0].mean(), x[real.ids == 1].mean()])

    untrained = PSAGAN(PSAGANConfig(n_stages=2, n_features=2, n_series=2)).generate(real.features, real.ids)
    trained = train_gan(real, st).generate(real.features, real.ids)
    err_trained = np.abs(levels(trained) - [0.25, 0.75]).max()
    assert err_trained < 0.1 and err_trained < np.abs(levels(untrained) - [0.25, 0.75]).max() / 2


def test_the_zoo_has_five_seeds_of_each_generator_three_encoders_and_stage_checkpoints():
    from modeldash.analysis.series.service import load_series

    b = load_series("etth1")
    assert {k: len(v) for k, v in b.generators.items()} == {
        "PSA-GAN": 5,
        "PSA-GAN w/o self-attention": 5,
        "PSA-GAN w/o moment loss": 5,
        "PSA-GAN w/o fade-in": 5,
    }
    assert len(b.encoders) == 3 and sorted(b.stages) == [0, 1, 2, 3]
    held = b.data.window_set("test").take(slice(0, 2))
    assert [b.stages[s].generate(held.features, held.ids, stage=s).shape[1] for s in range(4)] == [8, 16, 32, 64]
    assert b.settings["epochs"] == 20 and b.settings["batches_per_epoch"] == 100
    seeds = [g.generator.embedding.weight.sum().item() for g in b.generators["PSA-GAN"]]
    assert len(set(seeds)) == 5  # five different trainings
