"""The app's --zoo option, parsed from the script's argv."""

import sys

from modeldash.ui.settings import zoo_path


def test_zoo_option_in_both_spellings_and_the_default(monkeypatch, tmp_path):
    from modeldash.models.zoo import zoo_dir

    monkeypatch.setattr(sys, "argv", ["app.py", "--zoo", str(tmp_path)])
    assert zoo_path() == str(tmp_path.resolve())
    monkeypatch.setattr(sys, "argv", ["app.py", f"--zoo={tmp_path}", "--other", "x"])
    assert zoo_path() == str(tmp_path.resolve())
    monkeypatch.setattr(sys, "argv", ["app.py"])
    assert zoo_path() == str(zoo_dir())
