"""Batch scoring: `airlock score` (verify the manifest signature and approval, decrypt and
hash the model, skops load with the recorded types, read the file, check every column
against the signature, predict, write the output atomically, audit) against the anchor — a
bare scikit-learn script that reads the same CSV with pandas, loads the same model from a
plain skops file and writes predictions and probabilities — in the same run.

    python bench/scoring_bench.py [--rows 1000000] [--reps 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from common import median, scratch_workspace


def frame(rows: int, seed: int):
    import pandas as pd

    rng = np.random.default_rng(seed)
    data = pd.DataFrame({f"x{i:02d}": rng.normal(0, 1 + i % 3, rows) for i in range(10)})
    for i, levels in enumerate((4, 8, 3)):
        data[f"c{i}"] = rng.choice([f"v{j}" for j in range(levels)], rows)
    logit = data["x00"] - 0.5 * data["x01"] + 0.3 * (data["c0"] == "v1") - 1.0
    data["target"] = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    return data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq
    import skops.io as sio

    from engine.training.spec import RunSpec

    folder = Path(tempfile.mkdtemp(prefix="airlock-bench-score-"))
    ws, admin = scratch_workspace()
    train = folder / "train.parquet"
    pq.write_table(pa.Table.from_pandas(frame(50_000, 1), preserve_index=False), train)
    ws.data.import_file(admin, train, "train")
    run = ws.training.train(
        admin,
        RunSpec(
            "train@1",
            "target",
            model="logistic",
            scheme="none",
            test_size=0.2,
            explain=False,
            learning_curve=False,
        ),
    )
    ws.registry.versions.register(admin, run.ref, "bench")
    _, model = ws.registry.versions.load(admin, "bench@1")
    plain_model = folder / "model.skops"
    sio.dump(model, plain_model)
    types = sio.get_untrusted_types(file=plain_model)
    source = folder / "score.csv"
    frame(args.rows, 2).drop(columns=["target"]).to_csv(source, index=False)
    print(
        f"# scoring bench: {args.rows:,} rows x 13 columns, logistic pipeline, "
        f"{args.reps} interleaved repetitions"
    )

    def bare() -> float:
        start = time.perf_counter()
        data = pd.read_csv(source)
        loaded = sio.load(plain_model, trusted=types)
        out = data.copy()
        out["prediction"] = loaded.predict(data)
        proba = np.round(loaded.predict_proba(data), 4)
        for i, label in enumerate(loaded.classes_):
            out[f"probability_{label}"] = proba[:, i]
        out.to_csv(folder / "bare.csv", index=False)
        return time.perf_counter() - start

    def airlock() -> float:
        start = time.perf_counter()
        ws.registry.deploy.score(admin, "bench@1", source, folder / "airlock.csv")
        return time.perf_counter() - start

    ours, theirs = [], []
    for rep in range(args.reps):
        ours.append(airlock())
        theirs.append(bare())
        print(f"  rep {rep + 1}: airlock {ours[-1]:.2f} s, bare scikit-learn {theirs[-1]:.2f} s")
    a, b = median(ours), median(theirs)
    same = (
        pd.read_csv(folder / "airlock.csv")["prediction"]
        == pd.read_csv(folder / "bare.csv")["prediction"]
    ).all()
    print(
        f"airlock score: {a:.2f} s ({args.rows / a:,.0f} rows/s); bare read-load-predict-"
        f"write: {b:.2f} s ({args.rows / b:,.0f} rows/s); ratio {a / b:.2f}; identical "
        f"predictions: {bool(same)}"
    )


if __name__ == "__main__":
    main()
