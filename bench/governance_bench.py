"""Governance: fairness with bootstrap intervals, and a data-subject erasure.

Fairness — binary predictions for N rows, two sensitive attributes (gender 2 levels, region
5 levels) and their intersection, five metrics per group (selection rate, TPR, FPR,
precision, accuracy) with 95 % bootstrap intervals from 200 resamples:
  (a) fairlearn 0.15 `MetricFrame(..., n_boot=200, ci_quantiles=[0.025, 0.975])`, once per
      attribute and once for the intersection (its documented way to get intervals)
  (b) Airlock's `engine.governance.fairness.assess` (the same point values; bootstrap
      vectorised over resamples)

Erasure — a dataset of R rows × 12 columns in two versions plus a derived (masked) dataset;
10 subjects erased:
  (c) the anchor: what any erasure must do at least, with pyarrow and no encryption: read
      each of the three versions, filter out the subjects, write the two new ones as
      zstd Parquet
  (d) Airlock's `GovernanceService.erase` (reads and scans every version, writes the new
      version, makes the derived dataset again with its recipe, shreds three versions, flags
      models, audits it)

    python bench/governance_bench.py [--rows 20000] [--erase-rows 1000000] [--reps 1]

fairlearn's bootstrap is slow (about 5 minutes at 20,000 rows), hence the defaults.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import median, scratch_workspace  # noqa: E402


def fairness_data(rows: int, seed: int = 3):
    import pandas as pd

    rng = np.random.default_rng(seed)
    gender = rng.choice(["F", "M"], rows)
    region = rng.choice(["n", "s", "e", "w", "c"], rows)
    truth = (rng.random(rows) < 0.4).astype(int)
    noise = rng.random(rows) < (0.25 + 0.1 * (gender == "F"))
    predicted = np.where(noise, 1 - truth, truth)
    return truth, predicted, pd.DataFrame({"gender": gender, "region": region})


def run_fairlearn(truth, predicted, sensitive) -> float:
    from fairlearn.metrics import (
        MetricFrame,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )
    from sklearn.metrics import accuracy_score, precision_score

    metrics = {
        "selection_rate": selection_rate,
        "tpr": true_positive_rate,
        "fpr": false_positive_rate,
        "precision": lambda t, p: precision_score(t, p, zero_division=0),
        "accuracy": accuracy_score,
    }
    start = time.perf_counter()
    for features in (sensitive["gender"], sensitive["region"], sensitive):
        MetricFrame(
            metrics=metrics,
            y_true=truth,
            y_pred=predicted,
            sensitive_features=features,
            n_boot=200,
            ci_quantiles=[0.025, 0.975],
            random_state=0,
        )
    return time.perf_counter() - start


def run_airlock(truth, predicted, sensitive) -> float:
    from engine.governance.fairness import assess

    start = time.perf_counter()
    assess(truth, predicted, sensitive, task="binary", positive=1)
    return time.perf_counter() - start


def erasure_table(rows: int, seed: int):
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    columns = {
        "customer_id": pa.array(np.arange(rows)),
        "segment": pa.array(rng.choice(["a", "b", "c", "d"], rows)),
    }
    for i in range(9):
        columns[f"x{i}"] = pa.array(rng.normal(size=rows).round(4))
    columns["label"] = pa.array(rng.choice(["yes", "no"], rows))
    return pa.table(columns)


def run_erasure(rows: int) -> tuple[float, float]:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    ws, admin = scratch_workspace()
    first = erasure_table(rows, 1)
    second = pa.concat_tables(
        [
            first,
            erasure_table(rows // 10, 2).set_column(
                0, "customer_id", pa.array(np.arange(rows, rows + rows // 10))
            ),
        ]
    )
    store = ws.data.store
    for table in (first, second):
        store.store(
            admin,
            action="data.import",
            name="customers",
            project=None,
            schema=table.schema,
            batches=table.to_batches(max_chunksize=65_536),
            describe={"source_name": "bench", "format": "bench"},
        )
    ws.data.prepare(
        admin,
        "customers@2",
        {
            "format": "airlock-recipe/v1",
            "name": "masked",
            "steps": [{"op": "mask", "column": "customer_id", "method": "hash"}],
        },
        name="customers_masked",
    )
    subjects = [str(i) for i in range(0, rows, rows // 10)][:10]
    folder = Path(tempfile.mkdtemp(prefix="erase-anchor-"))
    for name, table in (("v1", first), ("v2", second), ("m1", second)):
        pq.write_table(table, folder / f"{name}.parquet", compression="zstd")
    start = time.perf_counter()
    wanted = pa.array([int(s) for s in subjects])
    for name in ("v1", "v2", "m1"):
        table = pq.read_table(folder / f"{name}.parquet")
        kept = table.filter(pc.invert(pc.is_in(table.column("customer_id"), value_set=wanted)))
        if name != "v1":
            pq.write_table(kept, folder / f"{name}.new.parquet", compression="zstd")
    anchor = time.perf_counter() - start
    start = time.perf_counter()
    done = ws.governance.retention.erase(
        admin, "customers", "customer_id", subjects, reference="BENCH-1"
    )
    airlock = time.perf_counter() - start
    assert done.rows_removed == 10 and len(done.shredded) == 3, done
    ws.close()
    return anchor, airlock


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--erase-rows", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=1)
    args = parser.parse_args()
    truth, predicted, sensitive = fairness_data(args.rows)
    run_airlock(truth[:1000], predicted[:1000], sensitive[:1000])  # warm imports
    fl, al = [], []
    for _ in range(args.reps):  # interleaved
        fl.append(run_fairlearn(truth, predicted, sensitive))
        al.append(run_airlock(truth, predicted, sensitive))
    print(f"fairness, {args.rows:,} rows, 2 attributes + intersection, 200 resamples:")
    print(f"  (a) fairlearn MetricFrame n_boot=200: {median(fl):.2f} s")
    print(
        f"  (b) Airlock assess:                   {median(al):.2f} s   a/b "
        f"{median(fl) / median(al):.1f}x"
    )
    anchors, ours = [], []
    for _ in range(args.reps):
        anchor, airlock = run_erasure(args.erase_rows)
        anchors.append(anchor)
        ours.append(airlock)
    print(f"erasure of 10 subjects, {args.erase_rows:,} rows x 12 columns, 3 versions:")
    print(f"  (c) pyarrow read+filter+write, no encryption: {median(anchors):.2f} s")
    print(
        f"  (d) Airlock erase (scan, write, re-derive, shred, audit): {median(ours):.2f} s"
        f"   d/c {median(ours) / median(anchors):.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
