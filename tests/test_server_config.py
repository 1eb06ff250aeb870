"""The server's settings (.streamlit/config.toml), as `streamlit run app.py` reads them from the checkout."""

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def test_the_server_watches_no_files_shows_no_tracebacks_and_sends_nothing_out():
    c = tomllib.loads(CONFIG.read_text())
    # a watcher walks every imported module after every run: a third of a session's server work (bench/load.py)
    assert c["server"]["fileWatcherType"] == "none" and c["server"]["headless"] is True
    assert c["client"]["showErrorDetails"] == "none"  # a user never sees a stack trace
    assert c["browser"]["gatherUsageStats"] is False  # nothing leaves the machine


def test_streamlit_reads_the_settings_from_the_checkout(monkeypatch):
    from streamlit import config

    monkeypatch.chdir(CONFIG.parents[1])
    config.get_config_options(force_reparse=True)
    try:
        assert config.get_option("server.fileWatcherType") == "none"
    finally:
        config.get_config_options(force_reparse=True)
