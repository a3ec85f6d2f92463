"""First start: how long the demo workspace takes to build, stage by stage, and what the two
OpenMP changes of issue 20 buy, each against its anchor in the same run.

    .venv/bin/python bench/demo_bench.py --reps 3 [--load 2]

1. Explaining a gradient boosting model (permutation importance + partial dependence, as a
   run does) with OpenMP threads as scikit-learn sets them (the anchor) and single-threaded
   (what Airlock does since issue 20).
2. A gradient boosting fit with GOMP_SPINCOUNT unset (the anchor: threads spin 300,000
   times before they sleep), 10000 (what engine/__init__.py sets) and OMP_WAIT_POLICY=PASSIVE
   (no spinning), each in a fresh process.
3. The whole demo, as `make run ARGS=--demo` builds it, with the time of each stage.

--load N runs N busy processes meanwhile (the first user's machine was busy); the load average
is printed either way.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIT = """
import time, numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
rng = np.random.default_rng(0); X = rng.normal(size=(12000, 15))
y = (X[:, 0] + rng.normal(size=12000) > 0).astype(int)
t = time.perf_counter()
HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, early_stopping=False).fit(X, y)
print(time.perf_counter() - t)
"""


def burn(stop: float) -> None:
    while time.time() < stop:
        sum(i * i for i in range(10_000))


def explain_times(reps: int) -> tuple[list[float], list[float]]:
    import numpy as np
    import pandas as pd
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    from engine.training import explain

    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(12000, 15)), columns=[f"x{i}" for i in range(15)])
    y = pd.Series((X["x0"] + rng.normal(size=12000) > 0).astype(int))
    model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05).fit(X, y)
    test = X.iloc[:2400], y.iloc[:2400]

    def once() -> float:
        start = time.perf_counter()
        found = explain.importance(model, test[0], test[1], "binary", 42)
        explain.dependence(model, test[0], found["features"][:3], "binary", 42)
        return time.perf_counter() - start

    threaded, single = [], []
    for _ in range(reps):  # interleaved
        threaded.append(once())
        with threadpool_limits(limits=1, user_api="openmp"):
            single.append(once())
    return threaded, single


def fit_time(setting: str | None) -> float:
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}
    if setting:
        name, value = setting.split("=")
        env[name] = value
    out = subprocess.run(
        [sys.executable, "-c", FIT], env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def demo_time() -> tuple[float, list[tuple[float, str]]]:
    from engine.demo import open_or_create_demo

    stages: list[tuple[float, str]] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        open_or_create_demo(
            Path(tmp) / "demo",
            progress=lambda f, m="": stages.append((time.perf_counter() - start, m)),
        )
    return time.perf_counter() - start, stages


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--load", type=int, default=0, help="busy processes meanwhile")
    args = parser.parse_args()
    busy = [
        multiprocessing.Process(target=burn, args=(time.time() + 3600,), daemon=True)
        for _ in range(args.load)
    ]
    for process in busy:
        process.start()
    try:
        threaded, single = explain_times(args.reps)
        t, s = statistics.median(threaded), statistics.median(single)
        print(
            f"explain (importance + dependence), threaded OpenMP (anchor): {t:.2f} s; "
            f"single-threaded: {s:.2f} s; ratio {s / t:.2f}"
        )
        anchor = statistics.median([fit_time(None) for _ in range(args.reps)])
        print(f"gradient boosting fit, OpenMP defaults (anchor): {anchor:.2f} s")
        for setting in ("GOMP_SPINCOUNT=10000", "OMP_WAIT_POLICY=PASSIVE"):
            took = statistics.median([fit_time(setting) for _ in range(args.reps)])
            print(f"  {setting}: {took:.2f} s; ratio {took / anchor:.2f}")
        total, stages = demo_time()
        print(f"demo build: {total:.1f} s")
        for (at, message), nxt in zip(stages, [*stages[1:], (total, "")], strict=True):
            print(f"  {at:6.1f} s  +{nxt[0] - at:5.1f} s  {message}")
        print(f"load average: {os.getloadavg()[0]:.2f} (with {args.load} busy processes)")
    finally:
        for process in busy:
            process.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
