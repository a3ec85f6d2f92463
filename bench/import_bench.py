"""Dataset import: `airlock data import` of a 1,000,000 x 25 CSV (20 float, 5 string columns)
against the faster of pandas' default `read_csv` and pyarrow's CSV reader on the same file
plus Cobblestone-256 encryption of its Parquet form, in the same run; the peak memory of each
in a fresh process; and profiling the imported version.

    python bench/import_bench.py [--rows 1000000] [--reps 3]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from cryptography.cobblestone import Cobblestone256Encryptor

from common import PASSWORD, median, scratch_workspace

PIECE = 1 << 20
CITIES = ["Riyadh", "Jeddah", "Dammam", "Makkah", "Madinah", "Abha", "Tabuk", "Hail"]


def make_csv(path: Path, rows: int, seed: int = 7) -> None:
    """20 float columns (varied scales) and 5 string columns (categories, codes, dates)."""
    rng = np.random.default_rng(seed)
    columns: dict[str, pa.Array] = {}
    for i in range(20):
        columns[f"x{i:02d}"] = pa.array(rng.normal(10 ** (i % 5), 3 ** (i % 4), rows))
    columns["city"] = pa.array(rng.choice(CITIES, rows))
    columns["segment"] = pa.array(rng.choice(["retail", "sme", "private", "staff"], rows))
    columns["channel"] = pa.array(rng.choice(["branch", "online", "agent"], rows))
    columns["code"] = pa.array([f"C{v:08d}" for v in rng.integers(0, 10**8, rows)])
    days = rng.integers(0, 365, rows).astype("timedelta64[D]") + np.datetime64("2025-01-01")
    columns["date"] = pa.array(days.astype(str))
    pacsv.write_csv(pa.table(columns), path)


def anchor_read(path: Path) -> tuple[float, float]:
    start = time.perf_counter()
    pd.read_csv(path)
    t_pandas = time.perf_counter() - start
    start = time.perf_counter()
    pacsv.read_csv(path)
    return t_pandas, time.perf_counter() - start


def anchor_encrypt_parquet(path: Path) -> tuple[float, float, int]:
    """(time to write the table as Parquet in memory, time to encrypt those bytes, size)."""
    table = pacsv.read_csv(path)
    start = time.perf_counter()
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    t_parquet = time.perf_counter() - start
    data = sink.getvalue()
    view = memoryview(data)
    start = time.perf_counter()
    enc = Cobblestone256Encryptor(Cobblestone256Encryptor.generate_key(), b"bench")
    for i in range(0, len(data), PIECE):
        enc.update(view[i : i + PIECE])
    enc.finalize()
    return t_parquet, time.perf_counter() - start, len(data)


CHILD = """
import os, sys, time
sys.path.insert(0, {root!r})
os.environ["AIRLOCK_UNSAFE_FAST_KDF"] = "1"
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
mode = {mode!r}
if mode == "airlock":
    from engine.workspace import Workspace
    ws = Workspace.open({ws!r})
    actor = ws.login("admin", {password!r})
    ws.data  # the data service and its imports
    import pyarrow, pandas
    base = hwm()
    ws.data.import_file(actor, {source!r}, "mem-" + str(os.getpid()))
elif mode == "pandas":
    import pandas as pd
    base = hwm()
    pd.read_csv({source!r})
else:
    import pyarrow.csv as pacsv
    base = hwm()
    pacsv.read_csv({source!r})
print(round(base), round(hwm()))
"""


def child_rss(mode: str, ws_path: str, source: str) -> tuple[int, int]:
    code = CHILD.format(
        root=str(Path(__file__).resolve().parents[1]),
        ws=ws_path,
        password=PASSWORD,
        mode=mode,
        source=source,
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), int(out[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="airlock-bench-import-"))
    source = tmp / "applications.csv"
    make_csv(source, args.rows)
    size = source.stat().st_size
    print(
        f"# import bench: {args.rows:,} x 25 CSV, {size / 1e6:,.0f} MB, "
        f"{args.reps} interleaved repetitions"
    )
    ws, admin = scratch_workspace()
    pandas_t, arrow_t, parquet_t, encrypt_t, imports, profiles = [], [], [], [], [], []
    parquet_size = 0
    for rep in range(args.reps):
        t_pandas, t_arrow = anchor_read(source)
        t_parquet, t_encrypt, parquet_size = anchor_encrypt_parquet(source)
        pandas_t.append(t_pandas)
        arrow_t.append(t_arrow)
        parquet_t.append(t_parquet)
        encrypt_t.append(t_encrypt)
        start = time.perf_counter()
        stored = ws.data.import_file(admin, source, f"applications{rep}")
        imports.append(time.perf_counter() - start)
        start = time.perf_counter()
        profile = ws.data.profile(admin, stored.version.ref)
        profiles.append(time.perf_counter() - start)
        print(
            f"  rep {rep + 1}: pandas {t_pandas:.2f} s, pyarrow {t_arrow:.2f} s, "
            f"parquet {t_parquet:.2f} s, encrypt {t_encrypt:.3f} s, "
            f"import {imports[-1]:.2f} s, profile {profiles[-1]:.2f} s"
        )
    assert stored.version.rows == args.rows and len(profile.columns) == 25
    read = min(median(pandas_t), median(arrow_t))
    anchor = read + median(encrypt_t)
    fuller = anchor + median(parquet_t)
    t_import = median(imports)
    print(
        f"pandas read_csv (default C engine) {median(pandas_t):.2f} s; "
        f"pyarrow.csv.read_csv {median(arrow_t):.2f} s"
    )
    print(
        f"Parquet (zstd) in memory {median(parquet_t):.2f} s, {parquet_size / 1e6:.0f} MB; "
        f"Cobblestone-256 over it {median(encrypt_t):.3f} s"
    )
    print(
        f"anchor = faster reader + encrypt = {anchor:.2f} s (+ writing the Parquet: {fuller:.2f} s)"
    )
    print(
        f"airlock data import {t_import:.2f} s ({args.rows / t_import:,.0f} rows/s, "
        f"{size / t_import / 1e6:,.0f} MB/s): {t_import / anchor:.2f}x the anchor "
        f"(goal <= 1.5x), {t_import / fuller:.2f}x the fuller anchor"
    )
    print(f"profile of the version {median(profiles):.2f} s")
    for mode in ("airlock", "pandas", "pyarrow"):
        base, peak = child_rss(mode, str(ws.path), str(source))
        print(f"peak RSS {mode:<8} {peak} MiB (after imports {base} MiB, +{peak - base} MiB)")


if __name__ == "__main__":
    main()
