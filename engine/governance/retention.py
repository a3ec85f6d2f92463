"""Retention and erasure. A dataset may carry a retention period; the purge job
crypto-shreds every version older than it (destroys its data key and file, keeps the row as
a tombstone with its content hash, so lineage and the audit log still resolve). An erasure
request removes data subjects' rows: each affected dataset gets a new version without them,
every version that held them is shredded, derived versions are made again from the cleaned
parent, and model versions trained on shredded data are flagged for retraining."""

from __future__ import annotations

__all__ = [
    "Erasure",
    "ErasureRecord",
    "RetainedVersion",
    "Retention",
    "RetentionService",
    "RetrainFlag",
    "Shredded",
]

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from engine.audit.record import format_time, parse_time
from engine.errors import ValidationError
from engine.governance.erasure import Erasure, erase
from engine.governance.lookups import Part
from engine.jobs import CancelToken, Progress, check, report
from engine.projects import ProjectService
from engine.registry.rows import version_refs
from engine.security.actor import Actor
from engine.security.users import user_names
from engine.store.schema import (
    ErasureRequestRow,
    RetrainFlagRow,
)

MAX_RETENTION_DAYS = 36_500


@dataclass(frozen=True)
class RetainedVersion:
    ref: str
    created: str
    expires: str  # "" when the dataset has no retention period
    shredded: str  # "" unless shredded
    reason: str


@dataclass(frozen=True)
class Retention:
    dataset: str
    days: int | None
    personal: bool  # a column is tagged personal
    versions: tuple[RetainedVersion, ...]
    expired: tuple[str, ...]  # past their period and not yet shredded


@dataclass(frozen=True)
class Shredded:
    ref: str
    version_id: str
    reason: str
    object_destroyed: bool  # False when another kept version holds the same content


@dataclass(frozen=True)
class RetrainFlag:
    """A model version whose training data was erased: to retrain (until cleared)."""

    version: str  # NAME@V
    version_id: str
    reason: str
    created: str
    by: str  # who carried out the erasure


@dataclass(frozen=True)
class ErasureRecord:
    """A data-subject erasure request as it was carried out (no subject ids: counts)."""

    id: str
    dataset: str
    reference: str  # the request's ticket
    column: str
    subjects: int
    rows_removed: int
    new_versions: tuple[str, ...]
    shredded: tuple[str, ...]
    flagged: tuple[str, ...]  # MODEL@V to retrain
    created: str
    by: str


class RetentionService(Part):
    # -- periods ---------------------------------------------------------------------------
    def set(
        self, actor: Actor, dataset: str, days: int | None, *, project: str | None = None
    ) -> int | None:
        """Keep `dataset`'s versions `days` days after they were made (None: no limit)."""
        if days is not None and (type(days) is not int or not 1 <= days <= MAX_RETENTION_DAYS):
            raise ValidationError(
                f"A retention period is 1 to {MAX_RETENTION_DAYS} days. Got {days!r}."
            )
        with self._access.change(actor, "governance.retention", f"dataset:{dataset}") as session:
            changed = self._data.lifecycle.set_period(session, dataset, days, project)
            if changed is None:
                return days
            dataset_id, name, old = changed
            self._audit.append(
                session,
                actor,
                "governance.retention",
                f"dataset:{dataset_id}",
                {"dataset": name, "from": old, "to": days},
            )
        return days

    def overview(self, actor: Actor, project: str | None = None) -> list[Retention]:
        """Every dataset with its period and each version's expiry and shred state."""
        self._access.require(actor, "governance.read", "retention")
        now = format_time(self._clock())
        datasets = self._data.datasets(actor, project)
        periods = self._periods(actor, [d.id for d in datasets])
        out = []
        for dataset in datasets:
            days = periods.get(dataset.id)
            versions = []
            for v in dataset.versions:
                expires = format_time(parse_time(v.created) + timedelta(days=days)) if days else ""
                versions.append(
                    RetainedVersion(v.ref, v.created, expires, v.shredded or "", v.shred_reason)
                )
            personal = any("personal" in tags for tags in dataset.column_tags.values())
            expired = tuple(
                v.ref for v in versions if v.expires and not v.shredded and v.expires <= now
            )
            out.append(Retention(dataset.name, days, personal, tuple(versions), expired))
        return out

    def _periods(self, actor: Actor, dataset_ids: list[str]) -> dict[str, int | None]:
        with self._access.reading(actor, "governance.read", "retention") as session:
            return self._data.lifecycle.periods(session, dataset_ids)

    # -- the purge job ---------------------------------------------------------------------
    def purge(
        self,
        actor: Actor,
        project: str | None = None,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> list[Shredded]:
        """Crypto-shred every version past its dataset's retention period (all projects
        when `project` is None is not offered: one project at a time, like the rest)."""
        self._access.require(actor, "governance.purge", "retention")
        due = [
            (r.dataset, v.ref)
            for r in self.overview(actor, project)
            for v in r.versions
            if v.ref in r.expired
        ]
        if dry_run:
            return [Shredded(ref, "", "retention", True) for _name, ref in due]
        done = []
        for number, (_name, ref) in enumerate(due):
            check(cancel)
            report(progress, number / max(len(due), 1), f"shredding {ref}")
            done += self._shred_versions(
                actor, [ref], "retention period ended", project, keep_shared=True
            )
        report(progress, 1.0, "done")
        return done

    def _shred_versions(
        self,
        actor: Actor,
        refs: list[str],
        reason: str,
        project: str | None,
        *,
        keep_shared: bool,
        erasure: str | None = None,
    ) -> list[Shredded]:
        """Shred `refs` in one transaction. A version whose object another (kept) version
        also uses becomes a tombstone with its object left alone when `keep_shared`;
        otherwise every version holding that content is shredded with it."""
        now = format_time(self._clock())
        out: list[Shredded] = []
        with self._access.change(actor, "governance.purge", "retention") as session:
            shredded = self._data.lifecycle.shred(
                session, refs, reason, project, now, keep_shared=keep_shared
            )
            for done in shredded:
                details = {**done.details, **({"erasure": erasure} if erasure else {})}
                self._audit.append(
                    session, actor, "governance.shred", f"dataset:{done.dataset_id}", details
                )
                out.append(Shredded(done.ref, done.version_id, reason, done.destroyed))
            if out:
                self._shred_caches(session, actor, reason, erasure)
        self._data.lifecycle.forget_pages()
        return out

    def _shred_caches(self, session: Any, actor: Actor, reason: str, erasure: str | None) -> None:
        """Cached drift reference profiles hold every row's values of the versions they were
        computed from (sorted, for the tests), under keys of their own: a shred that left
        them would leave an erased person's values readable and let drift still run on a
        shredded reference. The cache is dropped whole (its key names content hashes, not
        versions) and its keys destroyed; profiles of kept data are recomputed on next use."""
        profiles, destroyed = self._data.lifecycle.drop_profile_caches(session)
        if profiles:
            self._audit.append(
                session,
                actor,
                "governance.shred",
                "cache:drift-profiles",
                {
                    "profiles": profiles,
                    "keys_destroyed": destroyed,
                    "reason": reason,
                    **({"erasure": erasure} if erasure else {}),
                },
            )

    # -- data-subject erasure --------------------------------------------------------------
    def erase(
        self,
        actor: Actor,
        dataset: str,
        column: str,
        subjects: list[Any],
        *,
        reference: str,
        project: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Erasure:
        """Remove the rows whose `column` is one of `subjects` from `dataset` and the
        datasets made from it: a new version without them, the old versions shredded."""
        return erase(
            self,
            actor,
            dataset,
            column,
            subjects,
            reference=reference,
            project=project,
            progress=progress,
            cancel=cancel,
        )

    def retrain_flags(self, actor: Actor, project: str | None = None) -> list[RetrainFlag]:
        """Open retraining flags: model versions whose training data was erased."""
        with self._access.reading(actor, "governance.read", "retrain-flags") as session:
            names = user_names(session)
            project_id = ProjectService.find(session, project).id
            out = []
            flags = list(
                session.scalars(
                    select(RetrainFlagRow)
                    .where(RetrainFlagRow.cleared.is_(None))
                    .order_by(RetrainFlagRow.created)
                )
            )
            refs = version_refs(session, {f.version_id for f in flags}, project_id)
            for flag in flags:
                if flag.version_id in refs:
                    out.append(
                        RetrainFlag(
                            refs[flag.version_id],
                            flag.version_id,
                            flag.reason,
                            flag.created,
                            names.get(flag.created_by, ""),
                        )
                    )
            return out

    def erasures(self, actor: Actor, project: str | None = None) -> list[ErasureRecord]:
        """The erasure requests carried out on the project's datasets, oldest first."""
        with self._access.reading(actor, "governance.read", "erasures") as session:
            names = user_names(session)
            project_id = ProjectService.find(session, project).id
            out = []
            datasets = self._data.lifecycle.dataset_names(session, project_id)
            for row in session.scalars(
                select(ErasureRequestRow)
                .where(ErasureRequestRow.dataset_id.in_(list(datasets)))
                .order_by(ErasureRequestRow.created)
            ):
                out.append(
                    ErasureRecord(
                        row.id,
                        datasets[row.dataset_id],
                        row.reference,
                        row.column,
                        row.subjects,
                        row.rows_removed,
                        tuple(json.loads(row.new_versions)),
                        tuple(json.loads(row.shredded)),
                        tuple(json.loads(row.flagged)),
                        row.created,
                        names.get(row.created_by, ""),
                    )
                )
            return out
