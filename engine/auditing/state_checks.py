"""What verifying the workspace's log adds to checking the log itself: the keys, users and
configuration the database holds must be the ones the signed log establishes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit.checks import Finding, LogVerifier, Report
from engine.audit.log import (
    row_to_checkable,
)
from engine.audit.record import b64
from engine.jobs import CancelToken, Progress, check, report
from engine.store.schema import SigningKeyRow, UserRow

if TYPE_CHECKING:
    from engine.auditing.service import AuditService


def check_against_state(
    service: AuditService,
    session: Session,
    trusted_checkpoint: str | None,
    progress: Progress | None,
    cancel: CancelToken | None,
) -> Report:
    """Verify the log as `session` sees it (one snapshot: entries and checkpoints)."""
    total = max(service._log.size(session), 1)
    verifier = LogVerifier()
    for row in service._log.rows(session):
        verifier.add_entry(row_to_checkable(row))
        if verifier.report.entries_checked % 2000 == 0:
            check(cancel)
            report(
                progress,
                0.95 * verifier.report.entries_checked / total,
                f"checked {verifier.report.entries_checked} entries",
            )
    for stored in service._log.checkpoints(session):
        verifier.add_checkpoint(stored.label, stored.note)
    if trusted_checkpoint is not None:
        verifier.add_trusted_checkpoint(trusted_checkpoint)
    key_rows = session.scalars(select(SigningKeyRow)).all()
    user_rows = session.scalars(select(UserRow)).all()
    result = verifier.finish()
    compare_keys(result, key_rows)
    compare_users(result, user_rows)
    compare_config(service, result)
    return result


def compare_keys(result: Report, rows: Any) -> None:
    """The key table must hold exactly the keys the log introduced, with their ranges."""
    from_log = {(k.key_id, k.valid_from): k for k in result.keys}
    for row in rows:
        known = from_log.pop((row.key_id, row.valid_from_seq), None)
        if known is None:
            result.add(
                Finding(
                    "keys", f"key {row.key_id} in the key table was never introduced by the log"
                )
            )
        elif known.public_key != row.public_key or known.valid_to != row.valid_to_seq:
            result.add(
                Finding(
                    "keys",
                    f"key {row.key_id} in the key table differs from the key the log introduced",
                )
            )
    for key_id, _ in from_log:
        result.add(
            Finding("keys", f"key {key_id} introduced by the log is missing from the key table")
        )


def compare_users(result: Report, rows: Any) -> None:
    """The user table must give each user the role and status the log gives them (the
    engine takes them from the log at sign-in: engine/audit/membership.py)."""
    for row in rows:
        state = result.users.get(row.id)
        if state is None:
            result.add(
                Finding("users", f"{row.name} in the user table was never established by the log")
            )
            continue
        if state.role != row.role:
            result.add(
                Finding(
                    "users",
                    f"{row.name} is {row.role} in the user table, but {state.role} in the log",
                )
            )
        if state.enabled == bool(row.disabled):
            table, log = ("disabled", "enabled") if row.disabled else ("enabled", "disabled")
            result.add(
                Finding("users", f"{row.name} is {table} in the user table, but {log} in the log")
            )


def compare_config(service: AuditService, result: Report) -> None:
    if result.log_key is not None and (
        (result.log_key.key_id, b64(result.log_key.public_key)) != service._configured_log_key
    ):
        result.add(
            Finding(
                "keys",
                "the log key in airlock.toml differs from the log key the log introduced",
            )
        )
