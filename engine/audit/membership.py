"""Who the log says a user is, checked at every sign-in (issue 18).

The users table is a cache: an insider with write access to the database can turn an analyst
into an administrator with one UPDATE. The authority lives in the signed log (workspace.init,
the user.* entries and recovery-key rotations, which are never pruned: docs/audit-format.md
§4–§6), so a sign-in replays those entries — their hashes, signatures and the authority
behind each — and refuses an account whose role, status or signing key in the table is not
the one the log gives.

The replay covers only that subset (a few entries per user, well under a millisecond each);
the chain between them, the format-1 boundary and the checkpoints are what `airlock audit
verify` checks over the whole log.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit.actions import ACTIONS
from engine.audit.authority import Authority, KeyInfo
from engine.audit.checks import LogVerifier
from engine.audit.log import row_to_checkable
from engine.errors import IntegrityError
from engine.store.schema import AuditEntryRow, UserRow

# an IN list, not LIKE 'user.%': SQLite uses the action index only for the former
_ACTIONS = sorted(
    {"workspace.init", "keys.rotate_recovery", *(a for a in ACTIONS if a.startswith("user."))}
)
_MEMBERSHIP = (
    select(AuditEntryRow).where(AuditEntryRow.action.in_(_ACTIONS)).order_by(AuditEntryRow.seq)
)
_LAST_SEQ = select(AuditEntryRow.seq).order_by(AuditEntryRow.seq.desc()).limit(1)


class LogDamaged(IntegrityError):
    """An entry that establishes users or keys does not check out (the log was damaged or
    forged): no role in the table can be confirmed."""


class _MembershipReplay(LogVerifier):
    """The log verifier over workspace.init and the user.* entries only."""

    def _check_prev(self, entry: dict[str, Any], seq: int) -> None:
        """Neighbours in the subset are not neighbours in the log: the chain is verify's."""

    def _check_boundary(self, entry: dict[str, Any], seq: int, signer: KeyInfo | None) -> None:
        """The format-1 digest covers every format-1 entry: verify's job too."""

    def add_entry(self, entry: Any, problems: Any = (), parts: Any = None) -> None:
        # the unsigned entries a signed one adopts (failed sign-ins) are not in the subset
        if isinstance(entry, dict) and entry.get("v") == 2 and entry.get("sig"):
            adopts = entry.get("adopts")
            self._unsigned = list(range(adopts)) if type(adopts) is int and adopts > 0 else []
        super().add_entry(entry, problems, parts)


def authority_from_log(session: Session) -> Authority:
    """The users and keys the signed log establishes; IntegrityError if an entry that
    establishes them does not check out."""
    replay = _MembershipReplay()
    for row in session.scalars(_MEMBERSHIP):
        replay.add_entry(row_to_checkable(row))
    bad = [f for f in replay.report.findings if f.invalid]
    if bad or replay.report.entries_checked == 0:
        why = bad[0].line() if bad else "the log has no workspace.init entry"
        raise LogDamaged(
            f"The audit log's record of users does not check out ({why}).",
            hint="Run `airlock audit verify` and restore the workspace from a backup.",
        )
    return replay.authority


def check_account(session: Session, row: UserRow) -> None:
    """Refuse `row` unless the log gives it the same role, status and signing key."""
    authority = authority_from_log(session)
    state = authority.users.get(row.id)
    edited = "The user table was edited outside Airlock"
    hint = "Run `airlock audit verify`, and restore metadata.db from a backup."
    if state is None:
        raise IntegrityError(f"{edited}: the audit log never added {row.name}.", hint=hint)
    if state.role != row.role:
        raise IntegrityError(
            f"{edited}: {row.name} is {row.role} there, but {state.role} in the signed audit log.",
            hint=hint,
        )
    if state.enabled == bool(row.disabled):
        said = "enabled" if state.enabled else "disabled"
        raise IntegrityError(
            f"{edited}: {row.name} is {said} in the signed audit log, but not there.", hint=hint
        )
    if not state.enabled:
        return  # refused as disabled by the sign-in itself (its keys were retired)
    last = session.scalar(_LAST_SEQ) or 0
    if row.signing_key_id not in authority.user_keys(row.id, last + 1):
        raise IntegrityError(
            f"{edited}: the signing key of {row.name} is not one the audit log gave them.",
            hint=hint,
        )
