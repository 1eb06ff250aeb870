"""The cold-start training job says what it does: with Quick chosen it said "with the protocol's full settings
(about 2 minutes per seed…)" — the wrong settings and an unmeasured time."""

from modeldash.ui.cache.coldstart import training_message


def test_the_job_names_the_settings_it_uses_and_promises_no_time():
    assert "quick settings" in training_message(True) and "full" not in training_message(True)
    assert "full settings" in training_message(False)
    assert not any(w in training_message(q) for q in (True, False) for w in ("minute", " s "))
