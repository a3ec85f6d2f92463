"""Starts the Airlock desktop app: python main.py [--workspace DIR] [--demo]."""

from __future__ import annotations

import sys


def main() -> int:
    if getattr(sys, "frozen", False):  # the PyInstaller bundle (installer/airlock.spec)
        import multiprocessing
        import os

        multiprocessing.freeze_support()
        # the bundle's executable is the app, not a Python that joblib's process workers
        # could start with `-c CODE`: fits run on threads instead
        os.environ.setdefault("JOBLIB_MULTIPROCESSING", "0")
    try:
        from gui.app import run
    except ImportError:
        # The desktop shell is built in its own issue; until then the engine is used
        # through the `airlock` command.
        print(
            "The Airlock desktop app is not built yet. Use the `airlock` command "
            "(see README.md): `.venv/bin/airlock --help`.",
            file=sys.stderr,
        )
        return 1
    return run(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
