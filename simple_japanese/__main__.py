"""`python -m simple_japanese …` runs the command line (see simple_japanese/cli.py)."""

from simple_japanese.cli import main

raise SystemExit(main())
