"""Experiment tracking: (1) 100 runs each logging 20 params and 50 metrics, each run
committed and audited, against MLflow with a local SQLite backend doing the same through
its batched log_batch API, and a bare SQLite transaction per run, in the same run;
(2) a tracked fit against a bare scikit-learn fit of the same pipeline on 1,000,000 x 25.

MLflow is not an Airlock dependency: give the python of a separate environment that has it
(`python -m venv /tmp/mlflow-venv && /tmp/mlflow-venv/bin/pip install mlflow`).

    python bench/tracking_bench.py [--runs 100] [--reps 5] [--mlflow-python PATH]
                                   [--fit-rows 1000000] [--fit-reps 2]
    python bench/tracking_bench.py --api [--model-rows 1000000]   # the Python API (3)

(3) the Python API (`with ws.start_run(...)`, log_params, log_metrics) against MLflow's
fluent API (mlflow.start_run, log_params, log_metrics), interleaved; and log_model of a
HistGradientBoosting trained on 1,000,000 rows against a bare skops dump.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from common import median, scratch_workspace

PARAMS = {f"param_{i:02d}": (i * 0.5 if i % 2 else f"choice_{i}") for i in range(20)}


def metrics_of(run: int) -> dict[str, float]:
    return {f"metric_{i:02d}": float(np.sin(run + i)) for i in range(50)}


MLFLOW_CHILD = r"""
import sys, time, json, math
import mlflow
from mlflow.entities import Metric, Param
from mlflow.tracking import MlflowClient
db, runs = sys.argv[1], int(sys.argv[2])
mlflow.set_tracking_uri("sqlite:///" + db)
client = MlflowClient()
experiment = client.create_experiment("bench")
params = {f"param_{i:02d}": (i * 0.5 if i % 2 else f"choice_{i}") for i in range(20)}
# warm-up: the first run creates the schema
with mlflow.start_run(experiment_id=experiment) as run:
    pass
start = time.perf_counter()
for r in range(runs):
    with mlflow.start_run(experiment_id=experiment) as run:
        now = int(time.time() * 1000)
        client.log_batch(run.info.run_id,
                         metrics=[Metric(f"metric_{i:02d}", math.sin(r + i), now, 0)
                                  for i in range(50)],
                         params=[Param(k, str(v)) for k, v in params.items()])
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


MLFLOW_FLUENT = r"""
import sys, time, json, math
import mlflow
db, runs = sys.argv[1], int(sys.argv[2])
mlflow.set_tracking_uri("sqlite:///" + db)
experiment = mlflow.set_experiment("bench").experiment_id
params = {f"param_{i:02d}": (i * 0.5 if i % 2 else f"choice_{i}") for i in range(20)}
with mlflow.start_run():  # warm-up: the first run creates the schema
    pass
start, cpu = time.perf_counter(), time.process_time()
for r in range(runs):
    with mlflow.start_run():
        mlflow.log_params(params)
        mlflow.log_metrics({f"metric_{i:02d}": math.sin(r + i) for i in range(50)})
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}))
"""


def mlflow_runs(python: str, runs: int, child: str = MLFLOW_CHILD, key: str = "seconds") -> float:
    folder = Path(tempfile.mkdtemp(prefix="airlock-bench-mlflow-"))
    env = dict(
        os.environ,
        MLFLOW_TRACKING_URI="",
        GIT_PYTHON_REFRESH="quiet",
        MLFLOW_DISABLE_TELEMETRY="true",
        DO_NOT_TRACK="true",
    )
    out = subprocess.run(
        [python, "-c", child, str(folder / "mlflow.db"), str(runs)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=folder,
    ).stdout
    found = json.loads(out.strip().splitlines()[-1])
    return found if key == "both" else found[key]


def sqlite_runs(runs: int) -> float:
    """The floor: one row per run in its own fsynced transaction (WAL, synchronous=FULL)."""
    path = Path(tempfile.mkdtemp(prefix="airlock-bench-sqlite-")) / "bare.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, params TEXT, metrics TEXT)")
    start = time.perf_counter()
    for run in range(runs):
        db.execute("BEGIN IMMEDIATE")
        db.execute(
            "INSERT INTO runs (params, metrics) VALUES (?, ?)",
            (json.dumps(PARAMS), json.dumps(metrics_of(run))),
        )
        db.execute("COMMIT")
    seconds = time.perf_counter() - start
    db.close()
    return seconds


def airlock_runs(ws, actor, runs: int, experiment: str) -> float:
    ws.training.log_run(actor, experiment, PARAMS, metrics_of(-1))  # warm-up
    start = time.perf_counter()
    for run in range(runs):
        ws.training.log_run(actor, experiment, PARAMS, metrics_of(run))
    return time.perf_counter() - start


def fit_data(rows: int, seed: int = 5):
    import pandas as pd

    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({f"x{i:02d}": rng.normal(0, 1 + i % 3, rows) for i in range(20)})
    for i, levels in enumerate((4, 8, 3, 12, 5)):
        frame[f"c{i}"] = rng.choice([f"v{j}" for j in range(levels)], rows)
    logit = frame["x00"] - 0.5 * frame["x01"] + 0.3 * (frame["c0"] == "v1") - 1.0
    frame["target"] = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    return frame


def tracked_fit(ws, actor, rows: int, reps: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from engine.training.pipeline import build
    from engine.training.spec import RunSpec

    frame = fit_data(rows)
    source = Path(tempfile.mkdtemp(prefix="airlock-bench-fit-")) / "fit.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), source)
    ws.data.import_file(actor, source, "fitdata")
    spec = RunSpec(
        "fitdata@1",
        "target",
        model="hist_gradient_boosting",
        scheme="none",
        test_size=0.0,
        explain=False,
        learning_curve=False,
        experiment="fit",
    )
    X, y = frame.drop(columns=["target"]), frame["target"]
    bare, tracked = [], []
    for rep in range(reps):
        start = time.perf_counter()
        build(spec.check(), "binary").fit(X, y)
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        run = ws.training.train(actor, RunSpec(**spec.as_json()))
        tracked.append(time.perf_counter() - start)
        print(
            f"  fit rep {rep + 1}: bare {bare[-1]:.2f} s, tracked {tracked[-1]:.2f} s "
            f"(the run's own fit {run.metrics['fit_seconds']:.2f} s)"
        )
    b, t = median(bare), median(tracked)
    print(
        f"bare scikit-learn fit of the same pipeline (HistGradientBoosting, {rows:,} x 25): "
        f"{b:.2f} s"
    )
    print(
        f"tracked fit (`airlock train --cv 0 --test-size 0 --no-explain`): {t:.2f} s "
        f"→ overhead {t - b:.2f} s = {100 * (t - b) / b:.1f} % (goal ≤ 10 %)"
    )


def api_runs(api_ws, runs: int, experiment: str) -> dict[str, float]:
    """The same runs through the Python API: start_run + log_params + log_metrics + end."""

    def one(run_number: int) -> None:
        with api_ws.start_run(experiment) as run:
            run.log_params(PARAMS)
            run.log_metrics(metrics_of(run_number))

    one(-1)  # warm-up
    start, cpu = time.perf_counter(), time.process_time()
    for run in range(runs):
        one(run)
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}


def api_bench(ws, admin, args: argparse.Namespace) -> None:
    """The Python API against MLflow's fluent API, interleaved; then log_model of a
    gradient boosting model trained on many rows against a bare skops dump."""
    from airlock._session import Workspace as ApiWorkspace

    api_ws = ApiWorkspace(ws, admin, None)
    print(
        f"# Python API: {args.runs} runs x (20 params + 50 metrics), {args.reps} reps; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    have_mlflow = Path(args.mlflow_python).exists()
    ours, theirs = [], []
    for rep in range(args.reps):
        ours.append(api_runs(api_ws, args.runs, f"api{rep}"))
        if have_mlflow:
            theirs.append(mlflow_runs(args.mlflow_python, args.runs, MLFLOW_FLUENT, "both"))
        print(
            f"  rep {rep + 1}: airlock API {ours[-1]['seconds']:.2f} s "
            f"(cpu {ours[-1]['cpu']:.2f} s)"
            + (
                f", mlflow fluent {theirs[-1]['seconds']:.2f} s (cpu {theirs[-1]['cpu']:.2f} s)"
                if theirs
                else ""
            )
        )
    for what in ("seconds", "cpu"):
        per_ours = 1000 * median([o[what] for o in ours]) / args.runs
        line = f"per run ({'wall' if what == 'seconds' else 'cpu'}): airlock API {per_ours:.2f} ms"
        if theirs:
            per_theirs = 1000 * median([t[what] for t in theirs]) / args.runs
            line += (
                f", MLflow fluent {per_theirs:.2f} ms: airlock is "
                f"{per_theirs / per_ours:.1f}x faster (goal ≥ 10x)"
            )
        print(line)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if args.model_rows:
        log_model_bench(api_ws, args.model_rows, args.fit_reps)


def log_model_bench(api_ws, rows: int, reps: int) -> None:
    import skops.io as sio
    from sklearn.ensemble import HistGradientBoostingClassifier

    frame = fit_data(rows)
    X, y = frame[[c for c in frame.columns if c.startswith("x")]], frame["target"]
    model = HistGradientBoostingClassifier(max_iter=100, random_state=0).fit(X, y)
    example = X.head(200)
    bare, ours = [], []  # (wall, cpu) of each repetition
    for rep in range(reps + 1):
        start, cpu = time.perf_counter(), time.process_time()
        sio.dumps(model)
        dumped = (time.perf_counter() - start, time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        with api_ws.start_run(f"logmodel{rep}") as run:
            run.log_model(model, input_example=example)
        logged = (time.perf_counter() - start, time.process_time() - cpu)
        if rep:  # the first of each is a warm-up
            bare.append(dumped)
            ours.append(logged)
    wall = median([b[0] for b in bare]), median([o[0] for o in ours])
    cpu_s = median([b[1] for b in bare]), median([o[1] for o in ours])
    print(
        f"# log_model of a HistGradientBoosting trained on {rows:,} rows (load average "
        f"{os.getloadavg()[0]:.2f}): bare skops dump {wall[0]:.3f} s (cpu {cpu_s[0]:.3f} s), "
        f"run with log_model {wall[1]:.3f} s (cpu {cpu_s[1]:.3f} s): +{wall[1] - wall[0]:.3f} s "
        "wall (type check, load back, identical predictions, encryption, the run's "
        "transaction; goal < 0.5 s over the dump)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--mlflow-python", default="/tmp/mlflow-venv/bin/python")
    parser.add_argument("--fit-rows", type=int, default=1_000_000)
    parser.add_argument("--fit-reps", type=int, default=2)
    parser.add_argument("--api", action="store_true", help="the Python API mode (issue 23)")
    parser.add_argument("--model-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    ws, admin = scratch_workspace()
    if args.api:
        if args.runs:
            api_bench(ws, admin, args)
        else:
            from airlock._session import Workspace as ApiWorkspace

            log_model_bench(ApiWorkspace(ws, admin, None), args.model_rows, args.fit_reps)
        return
    print(
        f"# tracking bench: {args.runs} runs x (20 params + 50 metrics), {args.reps} "
        "interleaved repetitions"
    )
    have_mlflow = Path(args.mlflow_python).exists()
    ours, bare, theirs = [], [], []
    for rep in range(args.reps):
        ours.append(airlock_runs(ws, admin, args.runs, f"bench{rep}"))
        bare.append(sqlite_runs(args.runs))
        if have_mlflow:
            theirs.append(mlflow_runs(args.mlflow_python, args.runs))
        print(
            f"  rep {rep + 1}: airlock {ours[-1]:.2f} s, sqlite {bare[-1]:.2f} s"
            + (f", mlflow {theirs[-1]:.2f} s" if theirs else "")
        )
    per = {
        name: 1000 * median(v) / args.runs
        for name, v in (("airlock", ours), ("sqlite", bare), ("mlflow", theirs))
        if v
    }
    print(
        f"per run: airlock {per['airlock']:.2f} ms (committed, signed, audited), bare sqlite "
        f"transaction {per['sqlite']:.2f} ms"
        + (f", MLflow log_batch {per['mlflow']:.2f} ms" if theirs else "")
    )
    if theirs:
        print(f"airlock is {per['mlflow'] / per['airlock']:.1f}x faster than MLflow (goal ≥ 10x)")
    else:
        print("MLflow not found: pass --mlflow-python")
    if args.fit_rows:
        tracked_fit(ws, admin, args.fit_rows, args.fit_reps)


if __name__ == "__main__":
    main()
