"""The end of a dataset version's life, as the data area keeps it: retention periods,
crypto-shredding versions (their data keys destroyed, the rows kept as tombstones), the
family of versions made from a dataset, and a cleaned version written in place of one that
held erased subjects. Governance decides what to keep and audits why (retention.py); these
methods work inside the caller's transaction, so its permission check and its audit entry
commit together with the change."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from sqlalchemy import select

from engine.data.datasets import DatasetStore, DatasetVersion, StoredVersion
from engine.jobs import CancelToken
from engine.security.actor import Actor
from engine.store.schema import DatasetRow, DatasetVersionRow, DriftProfileRow


@dataclass(frozen=True)
class ShredOutcome:
    ref: str  # NAME@V
    version_id: str
    dataset_id: str
    destroyed: bool  # the data key was destroyed (no kept version shares the content)
    details: dict[str, Any]  # what the caller's audit entry records


class Lifecycle:
    def __init__(self, store: DatasetStore) -> None:
        self._store = store

    def periods(self, session: Any, dataset_ids: Iterable[str]) -> dict[str, int | None]:
        """The retention period of each dataset, in days (None: kept without limit)."""
        return dict(
            session.execute(
                select(DatasetRow.id, DatasetRow.retention_days).where(
                    DatasetRow.id.in_(list(dataset_ids))
                )
            ).all()
        )

    def set_period(
        self, session: Any, dataset: str, days: int | None, project: str | None
    ) -> tuple[str, str, int | None] | None:
        """Set `dataset`'s period; (dataset id, name, the old period), or None when it was
        already `days`."""
        row, _project = self._store.find_dataset(session, dataset, project)
        if row.retention_days == days:
            return None
        old, row.retention_days = row.retention_days, days
        return row.id, row.name, old

    def shred(
        self,
        session: Any,
        refs: list[str],
        reason: str,
        project: str | None,
        now: str,
        *,
        keep_shared: bool,
    ) -> list[ShredOutcome]:
        """Shred `refs`. A version whose object another (kept) version also uses becomes a
        tombstone with its object left alone when `keep_shared`; otherwise every version
        holding that content is shredded with it."""
        rows = [
            session.get_one(DatasetVersionRow, self._store.find_version(session, r, project).id)
            for r in refs
        ]
        chosen = {r.id for r in rows}
        if not keep_shared:
            for row in list(rows):
                for twin in self._holding(session, row.object_id):
                    if twin.id not in chosen:
                        chosen.add(twin.id)
                        rows.append(twin)
        out: list[ShredOutcome] = []
        for row in rows:
            if row.shredded:
                continue
            dataset = session.get_one(DatasetRow, row.dataset_id)
            shared = [t for t in self._holding(session, row.object_id) if t.id not in chosen]
            destroyed = not shared and self._store.objects.shred(session, row.object_id)
            row.shredded, row.shred_reason = now, reason
            details = {
                "dataset": dataset.name,
                "version": row.version,
                "version_id": row.id,
                "content_hash": row.content_hash,
                "object": row.object_id,
                "reason": reason,
                "key_destroyed": destroyed,
            }
            out.append(
                ShredOutcome(
                    f"{dataset.name}@{row.version}", row.id, dataset.id, destroyed, details
                )
            )
        return out

    @staticmethod
    def _holding(session: Any, object_id: str) -> list[DatasetVersionRow]:
        return list(
            session.scalars(
                select(DatasetVersionRow).where(
                    DatasetVersionRow.object_id == object_id,
                    DatasetVersionRow.shredded.is_(None),
                )
            )
        )

    def drop_profile_caches(self, session: Any) -> tuple[int, int]:
        """Drop every cached drift reference profile (they hold the values of the versions
        they were computed from, under keys of their own) and destroy their keys: (profiles
        dropped, keys destroyed). Profiles of kept data are recomputed on next use."""
        rows = list(session.scalars(select(DriftProfileRow)))
        destroyed = sum(1 for row in rows if self._store.objects.shred(session, row.object_id))
        for row in rows:
            session.delete(row)
        return len(rows), destroyed

    def dataset_names(self, session: Any, project_id: str) -> dict[str, str]:
        """The names of a project's datasets, by id (shredded ones too)."""
        return dict(
            session.execute(
                select(DatasetRow.id, DatasetRow.name).where(DatasetRow.project_id == project_id)
            ).all()
        )

    def forget_pages(self) -> None:
        """Drop freed database pages, so shredded keys leave the files too."""
        self._store.objects.forget_pages()

    def family(self, session: Any, dataset_id: str) -> dict[str, DatasetVersion]:
        """Every version of the dataset and every version made from them (any depth, any
        dataset), by version id."""
        children: dict[str, list[str]] = {}
        for row_id, parents in session.execute(
            select(DatasetVersionRow.id, DatasetVersionRow.parents)
        ):
            for parent in json.loads(parents):
                children.setdefault(parent, []).append(row_id)
        todo = list(
            session.scalars(
                select(DatasetVersionRow.id).where(DatasetVersionRow.dataset_id == dataset_id)
            )
        )
        family: dict[str, DatasetVersion] = {}
        while todo:
            current = todo.pop()
            if current not in family:
                family[current] = self._store.by_id(session, current)
                todo += children.get(current, [])
        return family

    def write_cleaned(
        self,
        actor: Actor,
        source: DatasetVersion,
        kept: pa.Table,
        describe: dict[str, Any],
        project: str | None,
        cancel: CancelToken | None = None,
    ) -> StoredVersion:
        """A new version of `source`'s dataset holding `kept` (its rows without erased
        subjects), made from `source` (audited as data.erasure)."""
        return self._store.store(
            actor,
            action="data.erasure",
            name=source.dataset,
            project=project,
            schema=kept.schema,
            batches=kept.to_batches(max_chunksize=65_536),
            describe=describe,
            parents=(source.id,),
            cancel=cancel,
        )
