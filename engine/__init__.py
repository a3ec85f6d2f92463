"""Airlock engine: the headless core (no Qt, no GUI, no network)."""

import os as _os

__version__ = "0.1.0"

# OpenMP threads (scikit-learn's gradient boosting) wait for work by spinning 300,000 times
# by default, which takes a busy 2-core machine down: a gradient boosting fit measured 4.1 s
# instead of 2.4 s with two other busy processes, and over a minute under heavier load (the
# demo took minutes, issue 20). A short spin, then sleep, costs nothing when the machine is
# idle (0.90 s against 0.93 s); waiting passively from the start cost 2.5× there
# (bench/demo_bench.py). Set before scikit-learn loads its OpenMP runtime; an
# administrator's own setting wins.
if "OMP_WAIT_POLICY" not in _os.environ:
    _os.environ.setdefault("GOMP_SPINCOUNT", "10000")
