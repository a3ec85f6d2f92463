"""The scoring service: `airlock serve` against the anchor — `mlflow models serve` of the same
scikit-learn pipeline (loaded from the same skops file), in its own venv — with the same load
generator over loopback, interleaved in the same run. Prediction logging is on (every
prediction becomes a row of the `bench_served` dataset, written every 10,000 rows).

    python -m venv /tmp/mlflow-venv && /tmp/mlflow-venv/bin/pip install mlflow skops
    python bench/serving_bench.py [--requests 1500] [--reps 2] [--mlflow-python PATH]

The load generator is Python threads with one keep-alive connection each (http.client) on
the same two cores as the server: it costs both servers the same, and it bounds what either
can show at concurrency 32.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring_bench import frame

from common import PASSWORD, scratch_workspace

ROOT = Path(__file__).resolve().parents[1]
MLFLOW_SAVE = """
import sys, skops.io as sio, mlflow.sklearn
model = sio.load(sys.argv[1], trusted=sio.get_untrusted_types(file=sys.argv[1]))
mlflow.sklearn.save_model(model, sys.argv[2], serialization_format="cloudpickle")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, path: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on {port} exited ({process.returncode})")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", path)
            if c.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server on {port} did not start")


class Target:
    def __init__(self, name: str, port: int, path: str, wrap, headers: dict[str, str]):
        self.name, self.port, self.path, self.wrap, self.headers = name, port, path, wrap, headers

    def load(self, rows: list[dict], requests: int, concurrency: int) -> dict[str, float]:
        body = json.dumps(self.wrap(rows)).encode()
        latencies: list[float] = []
        errors = []
        per = max(1, requests // concurrency)

        def worker() -> None:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            mine = []
            for _ in range(per):
                start = time.perf_counter()
                c.request("POST", self.path, body=body, headers=self.headers)
                response = c.getresponse()
                response.read()
                mine.append(time.perf_counter() - start)
                if response.status != 200:
                    errors.append(response.status)
            latencies.extend(mine)

        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
        latencies.sort()
        if errors:
            raise SystemExit(f"{self.name}: {len(errors)} failed requests ({errors[:3]})")
        return {
            "rps": len(latencies) / elapsed,
            "rows_s": len(latencies) * len(rows) / elapsed,
            "p50": latencies[len(latencies) // 2] * 1000,
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--mlflow-python", default="/tmp/mlflow-venv/bin/python")
    args = parser.parse_args()
    import pyarrow as pa
    import pyarrow.parquet as pq
    import skops.io as sio

    from engine.training.spec import RunSpec

    folder = Path(tempfile.mkdtemp(prefix="airlock-bench-serve-"))
    ws, admin = scratch_workspace()
    ws.settings.set(admin, "default_gates", False)
    ws.users.add(admin, "ana", "analyst", PASSWORD)
    ws.users.add(admin, "val", "validator", PASSWORD)
    analyst, validator = ws.login("ana", PASSWORD), ws.login("val", PASSWORD)
    data = frame(50_000, 1)
    pq.write_table(pa.Table.from_pandas(data, preserve_index=False), folder / "train.parquet")
    ws.data.import_file(analyst, folder / "train.parquet", "train")
    spec = RunSpec(
        "train@1", "target", model="logistic", scheme="none", explain=False, learning_curve=False
    )
    run = ws.training.train(analyst, spec)
    ws.registry.versions.register(analyst, run.ref, "bench")
    ws.registry.versions.set_stage(analyst, "bench@1", "staging")
    ws.registry.approvals.request(analyst, "bench@1")
    ws.registry.approvals.approve(validator, "bench@1", password=PASSWORD, reason="bench")
    secret = ws.serving.tokens.create(admin, "bench", ["bench"]).secret
    _, model = ws.registry.versions.load(analyst, "bench@1")
    sio.dump(model, folder / "model.skops")
    ws_path = ws.path
    ws.close()
    inputs = data.drop(columns=["target"])
    one = json.loads(inputs.head(1).to_json(orient="records"))
    thousand = json.loads(inputs.head(1000).to_json(orient="records"))

    env = {
        **os.environ,
        "AIRLOCK_WORKSPACE": str(ws_path),
        "AIRLOCK_USER": "ana",
        "AIRLOCK_PASSWORD": PASSWORD,
        "PYTHONPATH": str(ROOT),
    }
    port = free_port()
    ours = subprocess.Popen(
        [sys.executable, "-m", "engine", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    wait_until_up(port, "/healthz", ours)
    targets = [
        Target(
            "airlock",
            port,
            "/v1/models/bench/predict",
            lambda r: {"rows": r},
            {"Content-Type": "application/json", "Authorization": f"Bearer {secret}"},
        )
    ]
    theirs = None
    if Path(args.mlflow_python).exists():
        subprocess.run(
            [
                args.mlflow_python,
                "-c",
                MLFLOW_SAVE,
                str(folder / "model.skops"),
                str(folder / "mlflow-model"),
            ],
            check=True,
        )
        mport = free_port()
        mlflow_bin = Path(args.mlflow_python).parent / "mlflow"
        theirs = subprocess.Popen(
            [
                str(mlflow_bin),
                "models",
                "serve",
                "-m",
                str(folder / "mlflow-model"),
                "--env-manager",
                "local",
                "-h",
                "127.0.0.1",
                "-p",
                str(mport),
            ],
            # its venv's uvicorn runs the scoring server (`bash -c exec uvicorn ...`)
            env={**os.environ, "PATH": f"{mlflow_bin.parent}:{os.environ['PATH']}"},
            # to a file: its access log fills a pipe nobody reads and the server blocks
            stdout=(folder / "mlflow.log").open("w"),
            stderr=subprocess.STDOUT,
            text=True,
        )
        wait_until_up(mport, "/ping", theirs)
        targets.append(
            Target(
                "mlflow",
                mport,
                "/invocations",
                lambda r: {"dataframe_records": r},
                {"Content-Type": "application/json"},
            )
        )
    else:
        print("MLflow not found: pass --mlflow-python (only airlock is measured)")
    print(
        f"# serving bench: logistic pipeline on 13 columns, {args.requests} requests per "
        f"cell, {args.reps} interleaved repetitions, prediction logging on"
    )
    cells = [("1 row", one, c) for c in (1, 8, 32)] + [("1,000 rows", thousand, 1)]
    results: dict[tuple[str, str, int], list[dict[str, float]]] = {}
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for target in targets:  # warm up
        target.load(one, 200, 1)
    for rep in range(args.reps):
        for label, rows, concurrency in cells:
            count = args.requests if len(rows) == 1 else max(20, args.requests // 30)
            for target in targets:
                got = target.load(rows, count, concurrency)
                results.setdefault((target.name, label, concurrency), []).append(got)
                print(
                    f"  rep {rep + 1} {target.name:<7} {label:>10} c={concurrency:<2} "
                    f"{got['rps']:8.0f} req/s {got['rows_s']:10.0f} rows/s "
                    f"p50 {got['p50']:6.2f} ms p99 {got['p99']:6.2f} ms"
                )
    print("median of the repetitions:")
    for label, _rows, concurrency in cells:
        line = f"  {label:>10} c={concurrency:<2}"
        best = {}
        for target in targets:
            found = results[(target.name, label, concurrency)]
            med = {k: sorted(r[k] for r in found)[len(found) // 2] for k in found[0]}
            best[target.name] = med
            line += (
                f" | {target.name}: {med['rps']:.0f} req/s, {med['rows_s']:.0f} rows/s, "
                f"p50 {med['p50']:.2f} ms, p99 {med['p99']:.2f} ms"
            )
        if "mlflow" in best:
            ratio = best["airlock"]["rows_s"] / best["mlflow"]["rows_s"]
            line += f" | airlock/mlflow throughput {ratio:.1f}x"
        print(line)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for process in (ours, theirs):
        if process is not None:
            process.terminate()
            process.wait(timeout=60)
    print(ours.stdout.read().strip().splitlines()[-1])


if __name__ == "__main__":
    main()
