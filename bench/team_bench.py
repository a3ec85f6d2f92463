"""Team-mode load test: N writer processes on one workspace for a fixed time, on SQLite and
on PostgreSQL; each alternates a signed audit entry of its own and a tracked run
(`training.log_run`, one audited transaction). Afterwards `audit verify` must be clean and
the log gap-free.

Anchor (same run, same N processes, same time): the database's own commit rate — one
single-row INSERT of an audit-entry-sized row per transaction through the bare driver
(sqlite3 with WAL and synchronous=FULL; psycopg), nothing signed, no lock beyond the
database's own.

    .venv/bin/python bench/team_bench.py --writers 4 --seconds 15
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import PASSWORD

ROW = "x" * 600  # about an audit entry's stored size


def airlock_writer(path: str, password: str, start: float, stop: float, out) -> None:
    os.environ.setdefault("AIRLOCK_UNSAFE_FAST_KDF", "1")
    if password:
        os.environ["PGPASSWORD"] = password
    from engine.workspace import Workspace

    ws = Workspace.open(path)
    actor = ws.login("admin", PASSWORD)
    time.sleep(max(0.0, start - time.time()))
    done = 0
    while time.time() < stop:
        if done % 2:
            ws.training.log_run(
                actor,
                "load",
                {"writer": os.getpid(), "i": done},
                {"auc": 0.5 + (done % 100) / 1000},
            )
        else:
            with ws.db.transaction() as session:
                ws.audit_log.append(
                    session,
                    actor,
                    "object.put",
                    f"object:{os.getpid()}-{done}",
                    {"i": done, "note": "load test"},
                )
        done += 1
    ws.close()
    out.put(done)


def raw_writer(target: str, password: str, start: float, stop: float, out) -> None:
    if target.startswith("postgresql"):
        import psycopg

        connection = psycopg.connect(target.replace("+psycopg", ""), password=password)
        statement = "INSERT INTO raw (body) VALUES (%s)"
    else:
        connection = sqlite3.connect(target, isolation_level=None, timeout=60)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        statement = "INSERT INTO raw (body) VALUES (?)"
    time.sleep(max(0.0, start - time.time()))
    done = 0
    while time.time() < stop:
        if target.startswith("postgresql"):
            with connection.transaction():
                connection.execute(statement, (ROW,))
        else:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(statement, (ROW,))
            connection.execute("COMMIT")
        done += 1
    connection.close()
    out.put(done)


def measure(worker, target: str, password: str, writers: int, seconds: float) -> float:
    context = mp.get_context("spawn")
    out = context.Queue()
    start = time.time() + 8.0  # every process imported, opened and signed in by then
    processes = [
        context.Process(target=worker, args=(target, password, start, start + seconds, out))
        for _ in range(writers)
    ]
    for process in processes:
        process.start()
    total = sum(out.get(timeout=seconds + 300) for _ in processes)
    for process in processes:
        process.join()
    return total / seconds


def run_backend(name: str, writers: int, seconds: float, server) -> dict:
    from engine.workspace import Workspace

    folder = Path(tempfile.mkdtemp(prefix="airlock-team-bench-"))
    password = ""
    if server is None:
        ws, _ = Workspace.create(folder / "ws", "admin", PASSWORD)
        raw_target = str(folder / "raw.db")
        connection = sqlite3.connect(raw_target)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE raw (id INTEGER PRIMARY KEY, body TEXT)")
        connection.close()
    else:
        from tests.pgserver import create_database

        password = server.password
        os.environ["PGPASSWORD"] = password
        ws, _ = Workspace.create(
            folder / "ws", "admin", PASSWORD, metadata=create_database(server.url())
        )
        raw_target = create_database(server.url())
        import psycopg

        with psycopg.connect(raw_target.replace("+psycopg", ""), autocommit=True) as c:
            c.execute("CREATE TABLE raw (id BIGSERIAL PRIMARY KEY, body TEXT)")
    admin = ws.login("admin", PASSWORD)
    before = len(ws.audit.entries(admin))
    ws.close()
    ours = measure(airlock_writer, str(folder / "ws"), password, writers, seconds)
    anchor = measure(raw_writer, raw_target, password, writers, seconds)
    with Workspace.open(folder / "ws") as ws:
        admin = ws.login("admin", PASSWORD)
        started = time.perf_counter()
        report = ws.audit.verify(admin)
        verify_s = time.perf_counter() - started
        entries = ws.audit.entries(admin)
    gap_free = [e.seq for e in entries] == list(range(1, len(entries) + 1))
    return {
        "backend": name,
        "ops": ours,
        "anchor": anchor,
        "ratio": ours / anchor,
        "entries": len(entries) - before,
        "verify_s": verify_s,
        "ok": report.ok,
        "gap_free": gap_free,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()
    from tests.pgserver import Server

    server = Server()
    try:
        rows = [
            run_backend("SQLite", args.writers, args.seconds, None),
            run_backend("PostgreSQL 15", args.writers, args.seconds, server),
        ]
    finally:
        server.stop()
    print(f"{args.writers} writers, {args.seconds:.0f} s each backend")
    print(
        "| backend | Airlock changes/s (audit entry or tracked run) | raw driver commits/s "
        "(anchor) | ratio | entries written | verify | verify time |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['backend']} | {r['ops']:.0f} | {r['anchor']:.0f} | {r['ratio']:.2f} | "
            f"{r['entries']} | {'clean, gap-free' if r['ok'] and r['gap_free'] else 'FAILED'}"
            f" | {r['verify_s']:.1f} s |"
        )


if __name__ == "__main__":
    main()
