"""The audit log as users see it: list, verify, checkpoints, proofs, export."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from engine.audit.authority import DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS
from engine.audit.bundle_check import render
from engine.audit.checks import Finding, Report
from engine.audit.export import AuditBundle, write_bundle
from engine.audit.log import (
    AuditEntry,
    AuditLog,
    row_to_entry,
)
from engine.audit.record import format_time
from engine.auditing.proofs import consistency_proof, inclusion_proof, save_checkpoint
from engine.auditing.state_checks import (
    check_against_state,
)
from engine.errors import AirlockError, IntegrityError, ValidationError
from engine.jobs import CancelToken, Progress, report, sub_progress
from engine.security.users import user_names
from engine.store.db import Database
from engine.store.schema import AuditEntryRow, SettingRow, UserRow

if TYPE_CHECKING:
    from engine.security.access import AccessControl
    from engine.security.actor import Actor


@dataclass(frozen=True)
class EntryFilter:
    actor: str | None = None  # user name or id
    action: str | None = None  # exact, or a prefix ending in "." such as "user."
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None  # free text in target or details
    after_seq: int = 0
    limit: int | None = None


@dataclass(frozen=True)
class Pruned:
    """What `prune` dropped: the content of entries 2…through_seq, recorded as `entry`."""

    through_seq: int
    pruned: int  # entries whose target and details were dropped
    entry: int  # the seq of the audit.prune entry


@dataclass(frozen=True)
class Changes:
    """How far the log has grown, and who else changed the workspace since a given seq."""

    seq: int
    by: list[str]  # other users' names (sign-ins and locks do not count)


class AuditService:
    def __init__(
        self,
        configured_log_key: tuple[str, str],
        db: Database,
        access: AccessControl,
        log: AuditLog,
        clock: Callable[[], datetime],
    ) -> None:
        # (key id, base64 public key) of the log key as airlock.toml states it
        self._configured_log_key = configured_log_key
        self._db = db
        self._access = access
        self._log = log
        self._clock = clock

    # -- reading ---------------------------------------------------------------------------
    def entries(self, actor: Actor, where: EntryFilter | None = None) -> list[AuditEntry]:
        where = where or EntryFilter()
        with self._access.reading(actor, "audit.read", "audit") as session:
            query = select(AuditEntryRow).where(AuditEntryRow.seq > where.after_seq)
            if where.actor:
                ids = list(
                    session.scalars(
                        select(UserRow.id).where(
                            or_(UserRow.name == where.actor, UserRow.id == where.actor)
                        )
                    )
                )
                query = query.where(AuditEntryRow.actor_user_id.in_(ids or [where.actor]))
            if where.action:
                if where.action.endswith("."):
                    query = query.where(AuditEntryRow.action.startswith(where.action))
                else:
                    query = query.where(AuditEntryRow.action == where.action)
            if where.since:
                query = query.where(AuditEntryRow.time >= format_time(where.since))
            if where.until:
                query = query.where(AuditEntryRow.time <= format_time(where.until))
            if where.text:
                pattern = f"%{where.text}%"
                query = query.where(
                    or_(AuditEntryRow.target.like(pattern), AuditEntryRow.details.like(pattern))
                )
            query = query.order_by(AuditEntryRow.seq)
            if where.limit:
                query = query.limit(where.limit)
            return [row_to_entry(row) for row in session.scalars(query)]

    def user_names(self, actor: Actor) -> dict[str, str]:
        """user id -> name, to show entries (the log itself holds ids only)."""
        with self._access.reading(actor, "audit.read", "users") as session:
            return user_names(session)

    # -- other users' changes (the desktop app's poll) ---------------------------------------
    def changes(self, actor: Actor, since: int) -> Changes:
        """The log's size now and the other users who changed something after `since`: the
        desktop app polls this to refresh its view when a colleague changes the workspace
        (team mode). Any signed-in user may ask (it tells who and when, not what); it reads
        two indexed rows and is not audited itself."""
        with self._access.reading(actor, "project.read", "workspace") as session:
            size = self._log.size(session)
            if since <= 0 or size <= since:
                return Changes(size, [])
            names = session.execute(
                select(UserRow.name)
                .distinct()
                .join(AuditEntryRow, AuditEntryRow.actor_user_id == UserRow.id)
                .where(
                    AuditEntryRow.seq > since,
                    AuditEntryRow.actor_user_id != actor.user_id,
                    AuditEntryRow.action.not_like("auth.%"),
                )
            ).scalars()
            return Changes(size, sorted(names))

    # -- verification ----------------------------------------------------------------------
    def verify(
        self,
        actor: Actor,
        *,
        trusted_checkpoint: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Report:
        """Check the whole log: chain, every signature and the authority behind it, keys,
        prunes, checkpoints, and (optionally) that the log extends a checkpoint the auditor
        kept. Reads a snapshot and writes nothing until the result is known (a login still
        pending, docs/audit-format.md §8, is recorded after it); then records the result."""
        with self._access.reading(actor, "audit.verify", "audit", snapshot=True) as session:
            result = check_against_state(self, session, trusted_checkpoint, progress, cancel)
        try:
            with self._access.change(actor, "audit.verify", "audit") as session:
                self._log.append(
                    session,
                    actor,
                    "audit.verify",
                    "audit",
                    {
                        "entries": result.entries_checked,
                        "invalid": result.entries_invalid,
                        "problems": sum(1 for f in result.findings if f.invalid),
                        "result": "valid" if result.ok else "invalid",
                        "trusted_checkpoint": trusted_checkpoint is not None,
                    },
                )
        except AirlockError as exc:
            # A damaged log may refuse the append; the findings matter more than the record.
            result.add(
                Finding("audit log", f"the verification could not be recorded: {exc.message}")
            )
        report(progress, 1.0, "done")
        return result

    # -- checkpoints and proofs ------------------------------------------------------------
    def save_checkpoint(self, actor: Actor, out: Path | None = None) -> str:
        """Sign a checkpoint of the log as it is now, keep it, and optionally write it to
        `out` for an auditor to store off the machine."""
        return save_checkpoint(self, actor, out)

    def inclusion_proof(self, actor: Actor, seq: int) -> dict[str, Any]:
        """RFC 9162 inclusion proof of entry `seq` in the tree of the latest checkpoint, with
        the entry and the log key (docs/audit-format.md §12)."""
        return inclusion_proof(self, actor, seq)

    def consistency_proof(self, actor: Actor, old_checkpoint: str) -> dict[str, Any]:
        """RFC 9162 consistency proof from a kept checkpoint to the latest one, with both
        checkpoints and the log key (docs/audit-format.md §12)."""
        return consistency_proof(self, actor, old_checkpoint)

    def _log_key_json(self) -> dict[str, str]:
        return {"name": self._log.origin, "public_key": self._configured_log_key[1]}

    # -- export ----------------------------------------------------------------------------
    def export(
        self,
        actor: Actor,
        out: Path,
        *,
        include_invalid: bool = False,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> AuditBundle:
        """Verify the log, then write the auditor's bundle to `out` (a .zip; see
        docs/audit-format.md) from the same snapshot, and record the export with the
        bundle's manifest hash. A log that fails verification is not exported unless
        `include_invalid`; the bundle then carries the findings in VERIFICATION.txt."""
        with self._access.reading(actor, "audit.export", "audit", snapshot=True) as session:
            result = check_against_state(
                self, session, None, sub_progress(progress, 0.0, 0.4), cancel
            )
            if not result.ok and not include_invalid:
                problems = [f for f in result.findings if f.invalid]
                raise IntegrityError(
                    f"The audit log fails verification ({len(problems)} problem"
                    f"{'s' if len(problems) != 1 else ''}; the first: {problems[0].line()}). "
                    "No bundle was written.",
                    hint="Verify the log to see every problem. To hand the log to an "
                    "investigator anyway, export with --include-invalid: the bundle "
                    "then lists what failed in VERIFICATION.txt.",
                )
            verification = None if result.ok else render(result) + "\n"
            summary = write_bundle(
                out,
                session,
                self._log,
                actor.log_signer,
                verification=verification,
                progress=sub_progress(progress, 0.4, 1.0),
                cancel=cancel,
            )
        summary = replace(summary, verified="valid" if result.ok else "invalid")
        try:
            with self._access.change(actor, "audit.export", "audit") as session:
                self._log.append(
                    session,
                    actor,
                    "audit.export",
                    "audit",
                    {
                        "file": out.name,
                        "entries": summary.entries,
                        "manifest_sha256": summary.manifest_sha256,
                        "verified": summary.verified,
                    },
                )
        except BaseException:
            out.unlink(missing_ok=True)
            raise
        return summary

    def prune(self, actor: Actor, before: datetime, *, retention_days: int | None = None) -> Pruned:
        """Prune the entries made before `before`: their target and details are dropped;
        their header, hash and signature stay, so the chain, every checkpoint and every
        signature still verify and who did what when stays authenticated
        (docs/audit-format.md §5). Refused (and the refusal logged) when `before` is inside
        the retention period, which is the workspace setting unless a longer one is given.
        Entries the replay of authority needs are kept whole. Recorded as an audit.prune
        entry, which the verifier requires to cover every pruned entry."""
        self._access.require(actor, "audit.prune", "audit")
        with self._db.reading() as session:
            stored = session.get(SettingRow, "audit_retention_days")
        setting = json.loads(stored.value) if stored is not None else DEFAULT_RETENTION_DAYS
        days = retention_days if retention_days is not None else int(setting)
        cutoff = self._clock() - timedelta(days=days)
        reason = None
        if days < max(MIN_RETENTION_DAYS, int(setting)):
            reason = (
                f"a retention of {days} days is shorter than the workspace's "
                f"{max(MIN_RETENTION_DAYS, int(setting))}"
            )
        elif before > cutoff:
            reason = (
                f"entries made after {format_time(cutoff)[:10]} are inside the "
                f"{days}-day retention period"
            )
        if reason:
            self._access.deny(actor, "audit.prune", "audit", reason)
            raise ValidationError(
                f"The audit log cannot be pruned before {before.date().isoformat()}: "
                f"{reason} (NCA ECC 2-12 asks for at least 12 months). Nothing was deleted.",
                hint="The retention period is the audit_retention_days setting (at least 365).",
            )
        with self._access.change(actor, "audit.prune", "audit") as session:
            stamp = format_time(before)
            through = session.scalar(
                select(func.max(AuditEntryRow.seq)).where(AuditEntryRow.time < stamp)
            )
            if not through or through < 2:
                raise ValidationError(
                    f"No audit entry besides the first was made before "
                    f"{before.date().isoformat()}: nothing to prune."
                )
            entry = self._log.append(
                session,
                actor,
                "audit.prune",
                "audit",
                {"before": stamp, "through_seq": int(through), "retention_days": days},
            )
            pruned = self._log.prune(session, int(through), stamp)
        self._db.checkpoint("audit_entries")  # the dropped content leaves the files too
        return Pruned(through_seq=int(through), pruned=pruned, entry=entry.seq)
