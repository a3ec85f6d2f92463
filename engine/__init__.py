"""Airlock engine: the headless core (no Qt, no GUI, no network)."""

import os as _os

__version__ = "0.1.0"

# OpenMP threads (scikit-learn's gradient boosting, numpy's BLAS) that wait for work by
# spinning take a busy 2-core machine down: a gradient boosting fit measured 91 s instead
# of 4 s while other processes ran (issue 20, the demo took minutes). Waiting passively
# costs little when the machine is idle. Set before scikit-learn loads its OpenMP runtime;
# an administrator's own setting wins.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
