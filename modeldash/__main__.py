"""`python -m modeldash <command> …`: the command line (modeldash/cli.py)."""

from modeldash.cli import main

raise SystemExit(main())
