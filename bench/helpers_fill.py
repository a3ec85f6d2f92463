"""Filling a scratch workspace's log quickly (1,000 signed entries per transaction)."""

from __future__ import annotations


def fill(ws, actor, n: int, batch: int = 1000) -> None:
    done = 0
    while done < n:
        with ws.db.transaction() as session:
            for i in range(done, min(n, done + batch)):
                ws.audit_log.append(
                    session,
                    actor,
                    "object.put",
                    f"object:{i:064x}",
                    {"kind": "blob", "size": i, "sha256": f"{i:064x}"},
                )
        done = min(n, done + batch)
