"""Declared dependencies: every third-party package the project imports is pinned in requirements*.txt."""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# import name -> the distribution that provides it, where they differ
DISTRIBUTION = {"sklearn": "scikit-learn", "google": "protobuf", "yaml": "pyyaml"}


def test_every_imported_package_is_pinned():
    pinned = set()
    for f in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / f).read_text().splitlines():
            if line and not line.startswith(("#", "-r")):
                name, _, version = line.partition("==")
                assert version, f"{f}: {line} is not pinned"
                pinned.add(name.lower().replace("-", "_"))
    own = {"modeldash", "tests", "bench", "views", "conftest"}
    imported = set()
    for p in ROOT.rglob("*.py"):
        if {".git", "test-artifacts"} & set(p.parts):
            continue
        for n in ast.walk(ast.parse(p.read_text())):
            if isinstance(n, ast.Import):
                imported |= {a.name.split(".")[0] for a in n.names}
            elif isinstance(n, ast.ImportFrom) and n.module and n.level == 0:
                imported.add(n.module.split(".")[0])
    third = {m for m in imported if m not in sys.stdlib_module_names and m not in own}
    missing = sorted(m for m in third if DISTRIBUTION.get(m, m).lower().replace("-", "_") not in pinned)
    assert missing == []
