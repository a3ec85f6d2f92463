"""The audit log as users see it: list, verify, checkpoints, proofs, export."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from engine.audit import merkle
from engine.audit.authority import DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS
from engine.audit.bundle_check import render
from engine.audit.checks import Finding, LogVerifier, Report
from engine.audit.export import write_bundle
from engine.audit.log import (
    AuditEntry,
    AuditLog,
    row_to_checkable,
    row_to_entry,
    row_to_json,
)
from engine.audit.notes import parse_checkpoint
from engine.audit.proof_check import CONSISTENCY_FORMAT, INCLUSION_FORMAT
from engine.audit.record import b64, format_time
from engine.errors import AirlockError, IntegrityError, NotFound, ValidationError
from engine.jobs import CancelToken, Progress, check, report, sub_progress
from engine.security.users import user_names
from engine.store.db import Database
from engine.store.files import atomic_write
from engine.store.schema import AuditEntryRow, SettingRow, SigningKeyRow, UserRow

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
            result = self._check(session, trusted_checkpoint, progress, cancel)
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

    def _check(
        self,
        session: Session,
        trusted_checkpoint: str | None,
        progress: Progress | None,
        cancel: CancelToken | None,
    ) -> Report:
        """Verify the log as `session` sees it (one snapshot: entries and checkpoints)."""
        total = max(self._log.size(session), 1)
        verifier = LogVerifier()
        for row in self._log.rows(session):
            verifier.add_entry(row_to_checkable(row))
            if verifier.report.entries_checked % 2000 == 0:
                check(cancel)
                report(
                    progress,
                    0.95 * verifier.report.entries_checked / total,
                    f"checked {verifier.report.entries_checked} entries",
                )
        for stored in self._log.checkpoints(session):
            verifier.add_checkpoint(stored.label, stored.note)
        if trusted_checkpoint is not None:
            verifier.add_trusted_checkpoint(trusted_checkpoint)
        key_rows = session.scalars(select(SigningKeyRow)).all()
        user_rows = session.scalars(select(UserRow)).all()
        result = verifier.finish()
        self._compare_keys(result, key_rows)
        self._compare_users(result, user_rows)
        self._compare_config(result)
        return result

    @staticmethod
    def _compare_keys(result: Report, rows: Any) -> None:
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
                        f"key {row.key_id} in the key table differs from "
                        "the key the log introduced",
                    )
                )
        for key_id, _ in from_log:
            result.add(
                Finding("keys", f"key {key_id} introduced by the log is missing from the key table")
            )

    @staticmethod
    def _compare_users(result: Report, rows: Any) -> None:
        """The user table must give each user the role and status the log gives them (the
        engine takes them from the log at sign-in: engine/audit/membership.py)."""
        for row in rows:
            state = result.users.get(row.id)
            if state is None:
                result.add(
                    Finding(
                        "users", f"{row.name} in the user table was never established by the log"
                    )
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
                    Finding(
                        "users", f"{row.name} is {table} in the user table, but {log} in the log"
                    )
                )

    def _compare_config(self, result: Report) -> None:
        if result.log_key is not None and (
            (result.log_key.key_id, b64(result.log_key.public_key)) != self._configured_log_key
        ):
            result.add(
                Finding(
                    "keys",
                    "the log key in airlock.toml differs from the log key the log introduced",
                )
            )

    # -- checkpoints and proofs ------------------------------------------------------------
    def save_checkpoint(self, actor: Actor, out: Path | None = None) -> str:
        """Sign a checkpoint of the log as it is now, keep it, and optionally write it to
        `out` for an auditor to store off the machine."""
        with self._access.change(actor, "audit.checkpoint", "audit") as session:
            self._log.append(
                session, actor, "audit.checkpoint", "audit", {"written_to_file": out is not None}
            )
            note = self._log.save_checkpoint(session, actor.log_signer)
        if out is not None:
            _write_text(out, note)
        return note

    def inclusion_proof(self, actor: Actor, seq: int) -> dict[str, Any]:
        """RFC 9162 inclusion proof of entry `seq` in the tree of the latest checkpoint, with
        the entry and the log key (docs/audit-format.md §12)."""
        with self._access.reading(actor, "audit.read", f"audit:{seq}", snapshot=True) as session:
            note = self._log.latest_checkpoint(session)
            if note is None:
                raise NotFound("The log has no checkpoint yet.")
            checkpoint = parse_checkpoint(note)
            if not 1 <= seq <= checkpoint.size:
                raise ValidationError(
                    f"The 'seq' parameter must be between 1 and "
                    f"{checkpoint.size}. Got {seq} instead."
                )
            hashes, entry = [], None
            for row in self._log.rows(session):
                if row.seq > checkpoint.size:
                    break
                hashes.append(merkle.leaf_hash(bytes.fromhex(row.hash)))
                if row.seq == seq:
                    entry = row_to_json(row)
        proof = merkle.inclusion_proof(seq - 1, hashes)
        return {
            "format": INCLUSION_FORMAT,
            "seq": seq,
            "leaf_index": seq - 1,
            "tree_size": checkpoint.size,
            "entry": entry,
            "leaf_hash": b64(hashes[seq - 1]),
            "root": b64(checkpoint.root),
            "proof": [b64(p) for p in proof],
            "checkpoint": note,
            "log_key": self._log_key_json(),
        }

    def consistency_proof(self, actor: Actor, old_checkpoint: str) -> dict[str, Any]:
        """RFC 9162 consistency proof from a kept checkpoint to the latest one, with both
        checkpoints and the log key (docs/audit-format.md §12)."""
        try:
            old = parse_checkpoint(old_checkpoint)
        except ValueError as exc:
            raise ValidationError(f"That is not a checkpoint: {exc}.") from None
        with self._access.reading(actor, "audit.read", "audit", snapshot=True) as session:
            note = self._log.latest_checkpoint(session)
            if note is None:
                raise NotFound("The log has no checkpoint yet.")
            new = parse_checkpoint(note)
            hashes = [
                merkle.leaf_hash(bytes.fromhex(r.hash))
                for r in self._log.rows(session)
                if r.seq <= new.size
            ]
        if old.size > new.size:
            raise ValidationError(
                f"The kept checkpoint covers {old.size} entries, more than "
                f"the log's {new.size}: the log was truncated or rolled back."
            )
        proof = consistency_json(
            old.size, old.root, new.size, new.root, merkle.consistency_proof(old.size, hashes)
        )
        return {
            "format": CONSISTENCY_FORMAT,
            **proof,
            "old_checkpoint": old_checkpoint,
            "new_checkpoint": note,
            "log_key": self._log_key_json(),
        }

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
    ) -> dict[str, Any]:
        """Verify the log, then write the auditor's bundle to `out` (a .zip; see
        docs/audit-format.md) from the same snapshot, and record the export with the
        bundle's manifest hash. A log that fails verification is not exported unless
        `include_invalid`; the bundle then carries the findings in VERIFICATION.txt."""
        with self._access.reading(actor, "audit.export", "audit", snapshot=True) as session:
            result = self._check(session, None, sub_progress(progress, 0.0, 0.4), cancel)
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
        summary["verified"] = "valid" if result.ok else "invalid"
        try:
            with self._access.change(actor, "audit.export", "audit") as session:
                self._log.append(
                    session,
                    actor,
                    "audit.export",
                    "audit",
                    {
                        "file": out.name,
                        "entries": summary["entries"],
                        "manifest_sha256": summary["manifest_sha256"],
                        "verified": summary["verified"],
                    },
                )
        except BaseException:
            out.unlink(missing_ok=True)
            raise
        return summary

    def prune(
        self, actor: Actor, before: datetime, *, retention_days: int | None = None
    ) -> dict[str, Any]:
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
        return {"through_seq": int(through), "pruned": pruned, "entry": entry.seq}


def consistency_json(
    old_size: int, old_root: bytes, new_size: int, new_root: bytes, proof: list[bytes]
) -> dict[str, Any]:
    return {
        "old_size": old_size,
        "old_root": b64(old_root),
        "new_size": new_size,
        "new_root": b64(new_root),
        "proof": [b64(p) for p in proof],
    }


def _write_text(out: Path, text: str) -> None:
    try:
        atomic_write(out, text.encode("utf-8"))
    except OSError as exc:
        raise ValidationError(f"Cannot write {out}: {exc.strerror or exc}.") from None
