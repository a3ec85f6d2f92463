"""Data drift, 1,000,000 rows x 25 columns (20 numeric, 5 categorical), reference against a
current frame with shifts in some columns (the data of reference/performance-anchors.md):

  (a) Evidently 0.7.23 `Report([DataDriftPreset()])`, in its own virtual environment
      (its pandas < 3 clashes with ours): python3 -m venv /tmp/evidently-venv &&
      /tmp/evidently-venv/bin/pip install evidently==0.7.23 "pandas<3"
  (b) Airlock's engine: profile the reference and compare (b1), and compare against a
      cached profile (b2: the profile read back from its bytes, then compare)
  (c) the lower bound: one np.sort of every numeric column of both frames plus
      value_counts of the categorical ones

Each runs in a fresh child process that first loads the frames (not timed); time and peak
memory above that baseline are reported. Repetitions are interleaved.

    python bench/drift_bench.py [--rows 1000000] [--reps 3] [--evidently-python PATH]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def make(rows: int, seed: int, shifted: bool):
    import pandas as pd

    rng = np.random.default_rng(seed)
    data = {}
    for i in range(20):
        family = i % 6
        if family == 0:
            values = rng.normal(0.5 if shifted and i == 0 else 0.0, 1.0, rows)
        elif family == 1:
            values = rng.normal(0, 1.5 if shifted and i == 1 else 1.0, rows)
        elif family == 2:
            values = rng.lognormal(0, 0.8 if shifted and i == 2 else 0.6, rows)
        elif family == 3:
            values = rng.exponential(1.4 if shifted and i == 3 else 1.0, rows)
        elif family == 4:
            values = rng.uniform(0.2 if shifted and i == 4 else 0.0, 1.0, rows)
        else:
            values = np.where(
                rng.random(rows) < 0.5,
                rng.normal(-2, 1, rows),
                rng.normal(2 + (0.03 if shifted and i == 5 else 0), 1, rows),
            )
        if i in (7, 13):
            values = rng.poisson(3, rows).astype(float)
        data[f"num_{i:02d}"] = values
    for j, levels in enumerate((3, 8, 12, 30, 100)):
        names = np.array([f"c{j}_{k}" for k in range(levels)], dtype=object)
        if j == 0:
            p = np.array([0.25, 0.35, 0.40]) if shifted else np.array([0.5, 0.3, 0.2])
        else:
            p = np.full(levels, 1 / levels)
        values = names[rng.choice(levels, rows, p=p)]
        if shifted and j == 1:
            values[rng.random(rows) < 0.15] = "c1_new"
        data[f"cat_{j}"] = values
    return pd.DataFrame(data)


CHILD = r"""
import json, resource, sys, time
which, folder = sys.argv[1], sys.argv[2]
import pandas as pd
ref = pd.read_parquet(folder + "/ref.parquet")
cur = pd.read_parquet(folder + "/cur.parquet")
def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
if which == "evidently":
    from evidently import Report
    from evidently.presets import DataDriftPreset
    base = rss()
    start = time.perf_counter()
    snapshot = Report([DataDriftPreset()]).run(reference_data=ref, current_data=cur)
    seconds = time.perf_counter() - start
    drifted = None
    for metric in snapshot.dict()["metrics"]:
        if "DriftedColumnsCount" in str(metric.get("metric_id", "")):
            drifted = metric["value"]["count"]
    print(json.dumps({"seconds": seconds, "extra_mib": rss() - base, "drifted": drifted}))
elif which == "lower":
    import numpy as np
    numeric = [c for c in ref.columns if c.startswith("num_")]
    categorical = [c for c in ref.columns if c.startswith("cat_")]
    arrays = [f[c].to_numpy() for f in (ref, cur) for c in numeric]
    base = rss()
    start = time.perf_counter()
    for a in arrays:
        np.sort(a)
    for f in (ref, cur):
        for c in categorical:
            f[c].value_counts()
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "extra_mib": rss() - base}))
else:
    sys.path.insert(0, sys.argv[3])
    import pyarrow as pa
    from engine.monitoring.drift import ReferenceProfile, compare, profile
    import scipy.spatial.distance, scipy.stats  # imported before timing, as Evidently is
    ref_t = pa.Table.from_pandas(ref, preserve_index=False)
    cur_t = pa.Table.from_pandas(cur, preserve_index=False)
    del ref, cur
    cached = None
    if which == "airlock-cached":
        cached = profile(ref_t, "ref").to_bytes()
    base = rss()
    start = time.perf_counter()
    if cached is None:
        report = compare(profile(ref_t, "ref"), cur_t, "cur")
    else:
        report = compare(ReferenceProfile.from_bytes(cached), cur_t, "cur")
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "extra_mib": rss() - base,
                      "drifted": len(report.drifted),
                      "columns": report.drifted}))
"""


def run(which: str, python: str, folder: Path) -> dict:
    out = subprocess.run(
        [python, "-c", CHILD, which, str(folder), str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--evidently-python", default="/tmp/evidently-venv/bin/python")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="airlock-bench-drift-"))
    make(args.rows, 1, False).to_parquet(folder / "ref.parquet")
    make(args.rows, 2, True).to_parquet(folder / "cur.parquet")
    have_evidently = Path(args.evidently_python).exists()
    kinds = ["lower", "airlock", "airlock-cached"] + (["evidently"] if have_evidently else [])
    results: dict[str, list[dict]] = {k: [] for k in kinds}
    print(f"# drift bench: {args.rows:,} rows x 25 columns, {args.reps} interleaved reps")
    for rep in range(args.reps):
        for kind in kinds:
            python = args.evidently_python if kind == "evidently" else sys.executable
            results[kind].append(run(kind, python, folder))
        print(
            f"  rep {rep + 1}: "
            + ", ".join(f"{k} {results[k][-1]['seconds']:.2f} s" for k in kinds)
        )
    med = {k: float(np.median([r["seconds"] for r in v])) for k, v in results.items()}
    mem = {k: float(np.median([r["extra_mib"] for r in v])) for k, v in results.items()}
    for kind in kinds:
        extra = results[kind][-1].get("drifted")
        print(
            f"{kind:<15} {med[kind]:8.2f} s   peak +{mem[kind]:,.0f} MiB"
            + (f"   drifted columns: {extra}" if extra is not None else "")
        )
    print(
        f"airlock / lower bound: {med['airlock'] / med['lower']:.2f} (goal ≤ 1.5); "
        f"cached / lower bound: {med['airlock-cached'] / med['lower']:.2f} (goal < 1)"
    )
    if have_evidently:
        print(f"Evidently / airlock: {med['evidently'] / med['airlock']:.1f}x (goal ≥ 40x)")
    print("airlock drifted: " + ", ".join(results["airlock"][-1]["columns"]))


if __name__ == "__main__":
    main()
