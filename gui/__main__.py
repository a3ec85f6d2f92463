"""`python -m gui [--workspace DIR] [--demo]` and the installed `airlock-desktop` command:
the desktop app (main.py does the same from a checkout)."""

from __future__ import annotations

import sys


def main() -> int:
    from gui.app import run

    return run(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
