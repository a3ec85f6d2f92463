"""Four-eyes beyond "not the requester, not the trainer" (issue 18, docs/roles.md).

One administrator could approve alone: create a validator (whose first password they chose),
approve with it, disable it. The approval's signature is valid, so `model verify` said so.
An approval is now flagged — it still holds, and every reader sees why it may not be a second
pair of eyes — when the approver's account, as the signed log records it:

- was added after the request was made;
- was added less than the cooling-off period (`four_eyes_cooling_days`, default 7; the value
  in force is read from the signed log, not the settings table) before the decision;
- was added by whoever requested or trained the version;
- had not chosen its own password: no password change signed by the approver after the
  administrator set it (user.add, or a reset).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit.record import parse_time
from engine.store.schema import AuditEntryRow

COOLING_SETTING = "four_eyes_cooling_days"
DEFAULT_COOLING_DAYS = 7


@dataclass(frozen=True)
class Approver:
    """Who added the approver's account and when, from the signed log."""

    added_by: str  # user id ("" when the log has no user.add for them)
    added: str  # time
    own_password_since: str  # time of their own last password change after it was set; ""


def approver(session: Session, user_id: str, before: str) -> Approver:
    """The approver `user_id` as the log records them up to the time `before`."""
    rows = session.scalars(
        select(AuditEntryRow)
        .where(
            AuditEntryRow.target == f"user:{user_id}",
            AuditEntryRow.action.in_(("user.add", "user.passwd", "user.recover")),
        )
        .order_by(AuditEntryRow.seq)
    ).all()
    added_by = added = own = ""
    for row in rows:
        if parse_time(row.time) > parse_time(before):
            break
        if row.action == "user.add":
            added_by, added = row.actor_user_id or "", row.time
        elif row.action == "user.passwd" and row.actor_user_id == user_id:
            own = row.time  # chosen by the user themselves
        else:
            own = ""  # an administrator's reset, or a recovery: set by someone else
    return Approver(added_by, added, own)


def cooling_days(session: Session) -> int:
    """The cooling-off period the signed log last set (the default when never set)."""
    row = session.scalars(
        select(AuditEntryRow)
        .where(
            AuditEntryRow.action == "workspace.settings",
            AuditEntryRow.target == f"setting:{COOLING_SETTING}",
        )
        .order_by(AuditEntryRow.seq.desc())
    ).first()
    if row is None:
        return DEFAULT_COOLING_DAYS
    value = json.loads(row.details).get("to")
    return value if type(value) is int and value >= 0 else DEFAULT_COOLING_DAYS


def flags(
    session: Session,
    *,
    approver_id: str,
    requested: str,
    decided: str,
    requested_by: str,
    trained_by: str,
    names: dict[str, str],
) -> list[str]:
    """Why an approval by `approver_id` may not be a second pair of eyes (empty: none)."""
    who = approver(session, approver_id, decided)
    if not who.added:
        return ["the signed log does not record the approver's account being added"]
    out = []
    by = names.get(who.added_by, who.added_by)
    if parse_time(who.added) > parse_time(requested):
        out.append(
            f"the approver's account was added by {by} on {who.added}, after the "
            f"request ({requested})"
        )
    else:
        days = cooling_days(session)
        age = parse_time(decided) - parse_time(who.added)
        if age < timedelta(days=days):
            out.append(
                f"the approver's account was added by {by} {_age(age)} before the "
                f"decision, within the {days}-day cooling-off"
            )
    if who.added_by and who.added_by in (requested_by, trained_by):
        role = "requested" if who.added_by == requested_by else "trained"
        out.append(f"the approver's account was added by {by}, who {role} this version")
    if not who.own_password_since:
        out.append(f"the approver had not chosen their own password: it was still the one {by} set")
    return out


def _age(delta: Any) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return "less than an hour"
    return f"{hours:.0f} hours" if hours < 48 else f"{hours / 24:.0f} days"
