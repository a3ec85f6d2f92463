"""Retention and erasure. A dataset may carry a retention period; the purge job
crypto-shreds every version older than it (destroys its data key and file, keeps the row as
a tombstone with its content hash, so lineage and the audit log still resolve). An erasure
request removes data subjects' rows: each affected dataset gets a new version without them,
every version that held them is shredded, derived versions are made again from the cleaned
parent, and model versions trained on shredded data are flagged for retraining."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from engine.audit.record import format_time, parse_time
from engine.errors import AirlockError, ValidationError
from engine.governance.lookups import Part
from engine.jobs import CancelToken, Progress, check, report
from engine.projects import ProjectService
from engine.registry.rows import trained_on, version_refs
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
class Erasure:
    id: str
    dataset: str
    reference: str
    subjects: int
    rows_removed: int
    new_versions: tuple[str, ...]
    shredded: tuple[str, ...]
    flagged: tuple[str, ...]  # MODEL@V to retrain
    notes: tuple[str, ...]


def _matches(column: Any, wanted: list[str]) -> Any:
    """A boolean mask of the rows whose id is one of `wanted` (compared as _key does),
    vectorised for whole-number, decimal and text columns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        numbers = []
        for text in wanted:
            try:
                number = float(text)
            except ValueError:
                continue
            if pa.types.is_floating(kind) or number.is_integer():
                numbers.append(number)
        values = pa.array(numbers, type=pa.float64())
        found = pc.is_in(pc.cast(column, pa.float64()), value_set=values)
    elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
        found = pc.is_in(pc.utf8_trim_whitespace(column), value_set=pa.array(wanted, type=kind))
    else:
        keys = pa.array([_key(v) for v in column.to_pylist()], type=pa.string())
        found = pc.is_in(keys, value_set=pa.array(wanted, type=pa.string()))
    return pc.fill_null(found, False)


def _key(value: Any) -> str:
    """Ids match across types: 1001, 1001.0 and "1001" are the same subject."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
        import pyarrow.compute as pc

        self._access.require(actor, "data.erasure", f"dataset:{dataset}")
        self._access.require(actor, "governance.purge", f"dataset:{dataset}")
        wanted = sorted({_key(s) for s in subjects if _key(s)})
        if not wanted:
            raise ValidationError(
                "Name at least one data subject (a value of the id column) to erase."
            )
        reference = (reference or "").strip()
        if not reference or len(reference) > 200:
            raise ValidationError(
                "An erasure needs the request's reference (its ticket "
                "number, 1 to 200 characters), for the record."
            )
        start = self._data.version(actor, dataset, project)
        start.column(column)  # the id column must exist in the newest version
        family = self._family(actor, start)
        erasure_id = "era_" + os.urandom(6).hex()
        holding: list[Any] = []  # versions of the dataset whose rows name a subject
        stale: list[Any] = []  # versions made from those (masked, reshaped, any dataset)
        held: set[str] = set()
        ordered = sorted(family.values(), key=lambda v: (v.created, v.version))
        for number, version in enumerate(ordered):  # parents come before their children
            check(cancel)
            report(progress, 0.6 * number / max(len(ordered), 1), f"reading {version.ref}")
            if version.shredded:
                continue
            if set(version.parents) & held:
                stale.append(version)
                held.add(version.id)
                continue
            if version.dataset_id != start.dataset_id or column not in {
                c["name"] for c in version.schema
            }:
                continue
            table = self._data.read_table(actor, version, columns=[column])
            if int(pc.sum(_matches(table.column(column), wanted)).as_py() or 0):
                holding.append(version)
                held.add(version.id)
        if not holding:
            raise ValidationError(
                f"No version of {start.dataset} has a row whose {column} is "
                f"one of the {len(wanted)} subject(s).",
                hint="Check the id column and the values; nothing changed.",
            )
        notes: list[str] = []
        new_versions: list[str] = []
        newest = max(holding, key=lambda v: v.version)
        current = max(
            (v for v in family.values() if v.dataset_id == start.dataset_id and not v.shredded),
            key=lambda v: v.version,
        )
        made: dict[str, Any] = {}  # old version id -> its successor
        removed = 0
        if current.id in held:  # the data in use holds them: a clean version replaces it
            report(progress, 0.7, f"writing {newest.dataset} without the subjects")
            table = self._data.read_table(actor, newest)
            kept = table.filter(pc.invert(_matches(table.column(column), wanted)))
            removed = table.num_rows - kept.num_rows
            stored = self._data.lifecycle.write_cleaned(
                actor,
                newest,
                kept,
                {
                    "erasure": erasure_id,
                    "reference": reference,
                    "source": newest.ref,
                    "rows_removed": removed,
                },
                project,
                cancel,
            )
            made[newest.id] = stored.version
            new_versions.append(stored.version.ref)
        else:
            notes.append(
                f"{current.ref}, the newest version, no longer holds them: only "
                "older versions are shredded."
            )
        # From here on the request runs to its end: a cancel would leave the new version
        # written and the old ones unshredded.
        for version in stale:  # made again from the cleaned parent with the same recipe
            parent = next((made[p] for p in version.parents if p in made), None)
            if parent is None or not version.recipe:
                notes.append(
                    f"{version.ref} was made from data that held the subjects; it "
                    "is shredded and has no recipe to make it again from."
                )
                continue
            try:
                again = self._data.prepare(
                    actor, parent.ref, version.recipe, name=version.dataset, project=project
                )
            except AirlockError as exc:
                notes.append(
                    f"{version.ref} could not be made again from {parent.ref} "
                    f"({exc.message}); it is shredded."
                )
                continue
            made[version.id] = again.version
            new_versions.append(again.version.ref)
        report(progress, 0.85, "shredding the old versions")
        shredded = self._shred_versions(
            actor,
            [v.ref for v in holding + stale],
            f"erasure {reference}",
            project,
            keep_shared=False,
            erasure=erasure_id,
        )
        flagged = self._flag_models(actor, erasure_id, reference, shredded)
        with self._access.change(
            actor, "governance.purge", f"dataset:{start.dataset_id}"
        ) as session:
            session.add(
                ErasureRequestRow(
                    id=erasure_id,
                    dataset_id=start.dataset_id,
                    reference=reference,
                    column=column,
                    subjects=len(wanted),
                    rows_removed=removed,
                    new_versions=json.dumps(new_versions),
                    shredded=json.dumps([s.ref for s in shredded]),
                    flagged=json.dumps(flagged),
                    created=format_time(self._clock()),
                    created_by=actor.user_id,
                )
            )
            # no subject ids in the log: the request's reference and counts only
            self._audit.append(
                session,
                actor,
                "governance.erasure",
                f"dataset:{start.dataset_id}",
                {
                    "erasure": erasure_id,
                    "reference": reference,
                    "dataset": start.dataset,
                    "column": column,
                    "subjects": len(wanted),
                    "rows_removed": removed,
                    "new_versions": new_versions,
                    "shredded": [s.ref for s in shredded],
                    "flagged": flagged,
                },
            )
        report(progress, 1.0, "done")
        return Erasure(
            erasure_id,
            start.dataset,
            reference,
            len(wanted),
            removed,
            tuple(new_versions),
            tuple(s.ref for s in shredded),
            tuple(flagged),
            tuple(notes),
        )

    def _family(self, actor: Actor, start: Any) -> dict[str, Any]:
        """Every version of `start`'s dataset and every version made from them (any
        depth, any dataset)."""
        with self._access.reading(actor, "data.read", f"dataset:{start.dataset}") as session:
            return dict(self._data.lifecycle.family(session, start.dataset_id))

    def _flag_models(
        self, actor: Actor, erasure_id: str, reference: str, shredded: list[Shredded]
    ) -> list[str]:
        ids = {s.version_id: s.ref for s in shredded}
        flagged = []
        with self._access.change(actor, "governance.purge", "retrain-flags") as session:
            for version_id, ref, dataset_version_id in trained_on(session, ids):
                trained = ids[dataset_version_id]  # one of `ids`: the query
                session.add(
                    RetrainFlagRow(
                        id="rtf_" + os.urandom(6).hex(),
                        version_id=version_id,
                        reason=f"trained on {trained}, erased by request {reference}",
                        dataset_version_id=dataset_version_id,
                        created=format_time(self._clock()),
                        created_by=actor.user_id,
                    )
                )
                self._audit.append(
                    session,
                    actor,
                    "governance.retrain_flag",
                    f"model-version:{version_id}",
                    {"version": ref, "erasure": erasure_id, "dataset_version": trained},
                )
                flagged.append(ref)
        return sorted(flagged)

    def retrain_flags(self, actor: Actor, project: str | None = None) -> list[dict[str, Any]]:
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
                        {
                            "version": refs[flag.version_id],
                            "version_id": flag.version_id,
                            "reason": flag.reason,
                            "created": flag.created,
                            "by": names.get(flag.created_by, ""),
                        }
                    )
            return out

    def erasures(self, actor: Actor, project: str | None = None) -> list[dict[str, Any]]:
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
                    {
                        "id": row.id,
                        "dataset": datasets[row.dataset_id],
                        "reference": row.reference,
                        "column": row.column,
                        "subjects": row.subjects,
                        "rows_removed": row.rows_removed,
                        "new_versions": json.loads(row.new_versions),
                        "shredded": json.loads(row.shredded),
                        "flagged": json.loads(row.flagged),
                        "created": row.created,
                        "by": names.get(row.created_by, ""),
                    }
                )
            return out
