"""Datasets and their immutable, hashed, encrypted versions (Parquet inside the object
store), with lineage. Importing the same content again returns the existing version."""

from __future__ import annotations

__all__ = [
    "Dataset",
    "DatasetStore",
    "DatasetVersion",
    "StoredVersion",
    "batches_of",
    "check_dataset_name",
    "parse_ref",
    "version_entity",
]

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

import pyarrow as pa
from sqlalchemy import func, select

from engine.audit.log import AuditLog
from engine.audit.record import format_time
from engine.data.canonical import CanonicalHasher
from engine.data.dataset_entities import (
    Dataset,
    DatasetVersion,
    StoredVersion,
    check_dataset_name,
    parse_ref,
    version_entity,
)
from engine.data.prefetch import prefetched
from engine.data.semantic import ColumnStats, check_semantic
from engine.errors import IntegrityError, NotFound, ValidationError
from engine.jobs import CancelToken, Progress, check, report
from engine.objects.store import ObjectStore
from engine.projects import ProjectService
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.store.schema import DatasetRow, DatasetVersionRow, ProjectRow

ROW_GROUP = 131_072  # rows per Parquet row group, at most
ROW_GROUP_BYTES = 48 << 20  # and at most this much data held for one


class DatasetStore:
    """Lookup and storage of versions; the import, recipe and export services build on it."""

    def __init__(
        self,
        access: AccessControl,
        audit: AuditLog,
        objects: ObjectStore,
        clock: Callable[[], datetime],
    ) -> None:
        self.access = access
        self.audit = audit
        self.objects = objects
        self.clock = clock

    # -- lookup ----------------------------------------------------------------------------
    def find_dataset(
        self, session: Any, name: str, project: str | None
    ) -> tuple[DatasetRow, ProjectRow]:
        project_row = ProjectService.find(session, project)
        row = session.scalars(
            select(DatasetRow).where(
                DatasetRow.project_id == project_row.id, DatasetRow.name_key == name_key(name)
            )
        ).first()
        if row is None:
            raise NotFound(
                f"There is no dataset {name!r} in project {project_row.name!r}.",
                hint="`airlock data list` shows the datasets.",
            )
        return row, project_row

    def find_version(self, session: Any, ref: str, project: str | None) -> DatasetVersion:
        name, number = parse_ref(ref)
        dataset, project_row = self.find_dataset(session, name, project)
        query = select(DatasetVersionRow).where(DatasetVersionRow.dataset_id == dataset.id)
        if number is None:
            query = query.order_by(DatasetVersionRow.version.desc()).limit(1)
        else:
            query = query.where(DatasetVersionRow.version == number)
        row = session.scalars(query).first()
        if row is None:
            raise NotFound(
                f"Dataset {dataset.name!r} has no version {number or '(none yet)'}.",
                hint=f"`airlock data show {dataset.name}` lists its versions.",
            )
        return version_entity(row, dataset, project_row)

    def by_id(self, session: Any, version_id: str) -> DatasetVersion:
        row = session.get(DatasetVersionRow, version_id)
        if row is None:
            raise NotFound(f"There is no dataset version {version_id}.")
        dataset = session.get(DatasetRow, row.dataset_id)
        return version_entity(row, dataset, session.get(ProjectRow, dataset.project_id))

    def version(self, actor: Actor, ref: str, project: str | None = None) -> DatasetVersion:
        with self.access.reading(actor, "data.read", f"dataset:{ref}") as session:
            return self.find_version(session, ref, project)

    def refs(self, actor: Actor, version_ids: list[str] | list[str | None]) -> dict[str, str]:
        """NAME@V of each version id (for other areas that keep version ids)."""
        wanted = sorted({i for i in version_ids if i})
        if not wanted:
            return {}
        with self.access.reading(actor, "data.read", "dataset-versions") as session:
            rows = session.execute(
                select(DatasetVersionRow.id, DatasetRow.name, DatasetVersionRow.version)
                .join(DatasetRow, DatasetVersionRow.dataset_id == DatasetRow.id)
                .where(DatasetVersionRow.id.in_(wanted))
            ).all()
        return {i: f"{name}@{v}" for i, name, v in rows}

    def datasets(self, actor: Actor, project: str | None = None) -> list[Dataset]:
        with self.access.reading(actor, "data.read", "datasets") as session:
            project_row = ProjectService.find(session, project)
            out = []
            for row in session.scalars(
                select(DatasetRow)
                .where(DatasetRow.project_id == project_row.id)
                .order_by(DatasetRow.name_key)
            ):
                versions = session.scalars(
                    select(DatasetVersionRow)
                    .where(DatasetVersionRow.dataset_id == row.id)
                    .order_by(DatasetVersionRow.version)
                ).all()
                out.append(
                    Dataset(
                        row.id,
                        row.name,
                        project_row.name,
                        tuple(version_entity(v, row, project_row) for v in versions),
                        json.loads(row.datasheet),
                        json.loads(row.column_tags),
                    )
                )
            return out

    # -- reading data ----------------------------------------------------------------------
    def read_table(
        self, actor: Actor, version: DatasetVersion, columns: list[str] | None = None
    ) -> pa.Table:
        """The version's data, decrypted in memory after the whole object authenticated."""
        import pyarrow.parquet as pq

        from engine.audit.bound import check_dataset_version

        with self.access.reading(actor, "data.read", f"dataset-version:{version.id}") as session:
            row = session.get(DatasetVersionRow, version.id)
            if (
                row is None
                or row.object_id != version.object_id
                or row.content_hash != version.content_hash
            ):
                raise IntegrityError(
                    f"{version.ref} changed while it was being read.", hint="Try again."
                )
            check_dataset_version(session, row, version.ref)  # against its signed entry
        version.check_readable()
        data = self.objects.get_bytes(actor, version.object_id)
        return pq.read_table(pa.BufferReader(data), columns=columns)

    # -- storing ---------------------------------------------------------------------------
    def store(
        self,
        actor: Actor,
        *,
        action: str,
        name: str,
        project: str | None,
        schema: pa.Schema,
        batches: Iterable[pa.RecordBatch],
        describe: dict[str, Any],
        parents: tuple[str, ...] = (),
        recipe: dict[str, Any] | None = None,
        types: dict[str, str] | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        on_batch: Callable[[pa.RecordBatch], None] | None = None,
    ) -> StoredVersion:
        """Stream `batches` into a new encrypted Parquet object and record the version (or
        return the existing version with the same content). One audit entry, `action`."""
        import pyarrow.parquet as pq

        clean = check_dataset_name(name)
        self.access.require(actor, action, f"dataset:{clean}")
        stats = [ColumnStats(f.name, f.type) for f in schema]
        wanted = {k: check_semantic(k, v) for k, v in (types or {}).items()}
        unknown = set(wanted) - {f.name for f in schema}
        if unknown:
            raise ValidationError(
                "Types were given for columns that do not exist: " + ", ".join(sorted(unknown))
            )
        hasher = CanonicalHasher(schema)
        # Dictionary-encode what repeats (text, whole numbers, dates); measurements rarely
        # repeat, and trying a dictionary on each float column doubled the write time.
        dictionary = [f.name for f in schema if not pa.types.is_floating(f.type)]
        with self.objects.writer(actor, "dataset", cancel=cancel) as out:
            sink = pa.PythonFile(out, mode="w")
            writer = pq.ParquetWriter(sink, schema, compression="zstd", use_dictionary=dictionary)
            pending: list[pa.RecordBatch] = []
            pending_rows = pending_bytes = 0
            try:
                for batch in prefetched(batches):
                    check(cancel)
                    if on_batch is not None:
                        on_batch(batch)
                    hasher.update(batch)
                    for column_stats, column in zip(stats, batch.columns, strict=True):
                        column_stats.update(column)
                    pending.append(batch)
                    pending_rows += batch.num_rows
                    pending_bytes += batch.nbytes
                    # one row group per reader block was slow; memory stays bounded
                    if pending_rows >= ROW_GROUP or pending_bytes >= ROW_GROUP_BYTES:
                        writer.write_table(pa.Table.from_batches(pending, schema))
                        pending, pending_rows, pending_bytes = [], 0, 0
                if pending:
                    writer.write_table(pa.Table.from_batches(pending, schema))
            except BaseException:
                with contextlib.suppress(Exception):  # the object is discarded anyway
                    writer.close()
                raise
            writer.close()
            report(progress, 0.97, "recording the version")
            return self._record(
                actor, action, clean, project, out, hasher, stats, wanted, describe, parents, recipe
            )

    def _record(
        self,
        actor: Actor,
        action: str,
        name: str,
        project: str | None,
        out: Any,
        hasher: CanonicalHasher,
        stats: list[ColumnStats],
        wanted: dict[str, str],
        describe: dict[str, Any],
        parents: tuple[str, ...],
        recipe: dict[str, Any] | None,
    ) -> StoredVersion:
        plain_hash = hasher.hexdigest()
        # stored and logged keyed (objects/store.py fingerprint): equal content still
        # compares equal here, but a known table or file cannot be confirmed from outside
        content_hash = self.objects.fingerprint(actor, plain_hash)
        describe = dict(describe)
        if _is_sha256(describe.get("source_sha256")):
            describe["source_sha256"] = self.objects.fingerprint(actor, describe["source_sha256"])
        schema_json = [s.describe(wanted.get(s.name)) for s in stats]
        with self.access.change(actor, action, f"dataset:{name}") as session:
            project_row = ProjectService.find(session, project)
            dataset = session.scalars(
                select(DatasetRow).where(
                    DatasetRow.project_id == project_row.id, DatasetRow.name_key == name_key(name)
                )
            ).first()
            if dataset is None:
                dataset = DatasetRow(
                    id="ds_" + os.urandom(6).hex(),
                    project_id=project_row.id,
                    name=name,
                    name_key=name_key(name),
                    created=format_time(self.clock()),
                    created_by=actor.user_id,
                    datasheet="{}",
                    column_tags="{}",
                )
                session.add(dataset)
                session.flush()
            same = session.scalars(
                select(DatasetVersionRow).where(
                    DatasetVersionRow.dataset_id == dataset.id,
                    DatasetVersionRow.content_hash.in_((content_hash, plain_hash)),
                )
            ).first()
            if same is not None:
                return StoredVersion(version_entity(same, dataset, project_row), True)
            ref = self.objects.install(session, actor, out.finish(), audit=False)
            out.installed()
            number = (
                session.scalar(
                    select(func.max(DatasetVersionRow.version)).where(
                        DatasetVersionRow.dataset_id == dataset.id
                    )
                )
                or 0
            ) + 1
            row = DatasetVersionRow(
                id="dsv_" + os.urandom(6).hex(),
                dataset_id=dataset.id,
                version=number,
                content_hash=content_hash,
                object_id=ref.id,
                rows=hasher.rows,
                columns=len(stats),
                schema=json.dumps(schema_json),
                parents=json.dumps(list(parents)),
                recipe=json.dumps(recipe) if recipe else "",
                note=describe.get("note", ""),
                source_name=describe.get("source_name", ""),
                source_sha256=describe.get("source_sha256", ""),
                source_format=describe.get("format", ""),
                created=format_time(self.clock()),
                created_by=actor.user_id,
            )
            session.add(row)
            self.audit.append(
                session,
                actor,
                action,
                f"dataset:{dataset.id}",
                {
                    "dataset": name,
                    "version": number,
                    "version_id": row.id,
                    "content_hash": content_hash,
                    "object": ref.id,
                    "rows": hasher.rows,
                    "columns": len(stats),
                    "parents": list(parents),
                    **{k: v for k, v in describe.items() if k != "note"},
                },
            )
            return StoredVersion(version_entity(row, dataset, project_row), False)


def _is_sha256(value: Any) -> bool:
    return (
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    )


def batches_of(table: pa.Table, size: int = 65_536) -> Iterator[pa.RecordBatch]:
    yield from table.to_batches(max_chunksize=size)
