#!/usr/bin/env python
"""Django's command-line utility. site/ holds the project package `config` (see README)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def main() -> None:
    # site/ is a folder, not a package (the stdlib owns the name `site`): put it on the path.
    sys.path.insert(0, str(ROOT / "site"))
    sys.path.insert(1, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
