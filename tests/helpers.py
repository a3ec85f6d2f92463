"""Shared test helpers: filling a log, raw database access, reading reports."""

from __future__ import annotations

import os
import random
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engine.audit.checks import Report


def fill_log(ws, actors: list, n: int, seed: int = 1) -> None:
    """Append `n` varied, validly signed entries of actions any analyst or administrator
    may take (as real services would)."""
    rng = random.Random(seed)
    with ws.db.transaction() as session:
        for i in range(n):
            actor = actors[i % len(actors)]
            action = rng.choice(["object.put", "project.edit", "data.tag"])
            ws.audit_log.append(
                session,
                actor,
                action,
                f"object:{rng.getrandbits(64):016x}",
                {"i": i, "size": rng.randrange(10**6), "note": "x" * (i % 7)},
            )


def raw_db(ws_path: Path) -> Any:
    """A plain connection that bypasses the app, as an attacker with file access (SQLite) or
    the database owner's password (PostgreSQL) would; the append-only triggers (hygiene, not
    a control) are dropped first. `execute(sql, params)` takes `?` placeholders on both."""
    import tomllib

    config = tomllib.loads((ws_path / "airlock.toml").read_text())
    if "metadata" in config:
        return _RawPostgres(config["metadata"]["url"])
    connection = sqlite3.connect(ws_path / "metadata.db", isolation_level=None)
    connection.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
    connection.execute("DROP TRIGGER IF EXISTS audit_entries_no_delete")
    return connection


class _RawPostgres:
    def __init__(self, url: str) -> None:
        import psycopg

        self.connection = psycopg.connect(url.replace("+psycopg", ""), autocommit=True)
        self.connection.execute("ALTER TABLE audit_entries DISABLE TRIGGER USER")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.connection.execute(sql.replace("?", "%s"), params)  # type: ignore

    def commit(self) -> None:
        pass

    def close(self) -> None:
        self.connection.close()


def invalid_seqs(report: Report) -> set[int]:
    return {f.seq for f in report.findings if f.invalid and f.seq is not None}


def lines(report: Report) -> str:
    return "\n".join(f.line() for f in report.findings)


def flip_char(text: str, rng: random.Random) -> str:
    """Change one character of `text` to a different printable ASCII character."""
    pos = rng.randrange(len(text))
    alphabet = (
        "0123456789abcdef"
        if all(c in "0123456789abcdef" for c in text)
        else ('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=_.:{}"')
    )
    replacement = rng.choice([c for c in alphabet if c != text[pos]])
    return text[:pos] + replacement + text[pos + 1 :]


def copy_tree(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


def env_with(**values: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(values)
    return env


def entries_before_stored_digests(monkeypatch) -> None:
    """Audit entries written from now on leave out `stored_sha256`, as Airlock wrote them
    before entries recorded the digest of a stored report (engine/audit/bound.py): tests of
    `airlock upgrade` re-sealing an older workspace's plaintext need those older entries."""
    from engine.audit.log import AuditLog

    original = AuditLog.append

    def append(self, session, actor, action, target, details=None, *args, **kwargs):
        if isinstance(details, dict):
            details = {k: v for k, v in details.items() if k != "stored_sha256"}
        return original(self, session, actor, action, target, details, *args, **kwargs)

    monkeypatch.setattr(AuditLog, "append", append)
