"""The README is a short front door and every page behind it is reachable; every command written in the README or
docs/ is exercised: `python -m modeldash …` and `python -m modeldash.models.train …` are parsed by the real parsers (so an
option that was renamed or removed fails here), each other module's `--help` runs, and every subcommand's
`--help` prints."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from modeldash import catalogue

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# a placeholder in a written command, and what the parser is given for it
PLACEHOLDERS = {"N": "5", "G": "cora", "<view>": "diva", "<task>": "diva", "VIEW=WHAT": "diva=1", "...": None}


def _commands() -> list[tuple[str, str]]:
    """(file, command) for every `python -m …` in a code block or inline code of the README and docs/."""
    out = []
    for f in DOCS:
        text = f.read_text()
        spans = re.findall(r"```(?:bash)?\n(.*?)```", text, re.S)
        blocks = [line for s in spans for line in s.splitlines()]
        inline = re.findall(r"`([^`]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
        for cmd in blocks + inline:
            cmd = " ".join(cmd.split("#")[0].split())
            if cmd.startswith("python -m ") and not cmd.startswith("python -m pytest"):
                out.append((f.name, cmd))
    return sorted(set(out))


def _argv(cmd: str) -> list[str]:
    """The command's arguments as a parser gets them: brackets dropped, the first of a|b|c, placeholders filled."""
    words = []
    for w in shlex.split(cmd)[3:]:
        w = w.strip("[]")
        if "|" in w and not w.startswith("-"):
            w = next(a for a in w.split("|") if "<" not in a)
        w = PLACEHOLDERS.get(w, w)
        if w and w not in ("…", "...") and not w.endswith("…"):
            words.append(w)
    return words


def test_the_readme_is_a_short_front_door_to_every_page_of_the_docs():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 150
    for page in (ROOT / "docs").glob("*.md"):
        assert f"docs/{page.name}" in readme, f"{page.name} is not linked from the README"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_relative_link_and_image_resolves(doc):
    for target in re.findall(r"\]\(([^)#\s]+)", doc.read_text()):
        if "://" not in target:
            assert (doc.parent / target).exists(), f"{doc.name} links to a missing {target}"


@pytest.mark.slow
def test_every_written_command_parses_with_the_real_parser():
    from modeldash.cli import _parser as analysis_parser
    from modeldash.models.train import parser as train_parser

    parsers = {"modeldash": analysis_parser(), "modeldash.models.train": train_parser()}
    others, seen = set(), 0
    for where, cmd in _commands():
        module = cmd.split()[2]
        argv = _argv(cmd)
        if module in parsers:
            if not argv:
                continue
            try:
                parsers[module].parse_args(argv)
            except SystemExit as e:
                if e.code != 0:  # --help exits 0
                    pytest.fail(f"{where}: `{cmd}` does not parse (as {argv})")
            seen += 1
        else:
            others.add(module)
    assert seen >= 20
    for module in sorted(others):
        out = subprocess.run([sys.executable, "-m", module, "--help"], cwd=ROOT, capture_output=True, timeout=120)
        assert out.returncode == 0 and b"usage:" in out.stdout, f"{module} --help: {out.stderr[-300:]!r}"


def test_the_cli_and_every_subcommand_print_their_help():
    from modeldash.cli import _parser

    subcommands = [*(v.task for v in catalogue.views() if v.cli), "precompute", "claims", "report", "store"]
    out = subprocess.run([sys.executable, "-m", "modeldash", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and all(s in out.stdout for s in subcommands)
    parser = _parser()
    for s in subcommands:
        with pytest.raises(SystemExit) as e:
            parser.parse_args([s, "--help"])
        assert e.value.code == 0, s
