"""The data area's public service: import, list, show, read, export, lineage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
from sqlalchemy import select

from engine.audit.log import AuditLog
from engine.data.annotations import Annotations
from engine.data.contract_service import ContractService
from engine.data.datasets import Dataset, DatasetStore, DatasetVersion, StoredVersion
from engine.data.importer import Importer
from engine.data.lifecycle import Lifecycle
from engine.data.outputs import export, profile_of, profile_page
from engine.data.pii import Finding
from engine.data.profile import Profile
from engine.data.readers import ImportOptions
from engine.jobs import CancelToken, Progress, report
from engine.objects.store import ObjectStore
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.store.schema import DatasetVersionRow

SEES_PERSONAL = ("admin", "analyst")  # roles that work with the people in the data
MASKED_TAGS = {"personal", "identifier"}
MASK = "•••••"


@dataclass(frozen=True)
class Lineage:
    """The versions a version came from and those made from it, with the edges."""

    focus: DatasetVersion
    nodes: tuple[DatasetVersion, ...]
    edges: tuple[tuple[str, str], ...]  # (parent version id, child version id)

    def node(self, version_id: str) -> DatasetVersion:
        return next(n for n in self.nodes if n.id == version_id)


class DataService:
    def __init__(
        self,
        access: AccessControl,
        audit: AuditLog,
        objects: ObjectStore,
        clock: Callable[[], datetime],
    ) -> None:
        self.store = DatasetStore(access, audit, objects, clock)
        self._importer = Importer(self.store)
        self.contracts = ContractService(access, audit, self.store, clock)
        self.annotations = Annotations(access, audit, self.store)
        self.lifecycle = Lifecycle(self.store)
        self._access = access
        self._audit = audit

    def import_file(
        self,
        actor: Actor,
        path: str | Path,
        name: str,
        *,
        project: str | None = None,
        options: ImportOptions | None = None,
        note: str = "",
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> StoredVersion:
        return self._importer.import_file(
            actor,
            path,
            name,
            project=project,
            options=options,
            note=note,
            progress=progress,
            cancel=cancel,
        )

    def import_table(
        self,
        actor: Actor,
        table: pa.Table,
        name: str,
        *,
        project: str | None = None,
        describe: dict[str, Any] | None = None,
        cancel: CancelToken | None = None,
        parents: tuple[str, ...] = (),
    ) -> StoredVersion:
        """Store an in-memory table (made by the engine, e.g. scored rows, or by a notebook)
        as a version of `name`, exactly as an import of a file would (encrypted, hashed,
        audited); `parents`: ids of the versions it was made from (its lineage)."""
        from engine.data.datasets import batches_of

        return self.store.store(
            actor,
            action="data.import",
            name=name,
            project=project,
            schema=table.schema,
            batches=batches_of(table),
            describe=describe or {},
            cancel=cancel,
            parents=parents,
        )

    def datasets(self, actor: Actor, project: str | None = None) -> list[Dataset]:
        return self.store.datasets(actor, project)

    def version(self, actor: Actor, ref: str, project: str | None = None) -> DatasetVersion:
        return self.store.version(actor, ref, project)

    def version_refs(
        self, actor: Actor, version_ids: list[str] | list[str | None]
    ) -> dict[str, str]:
        """NAME@V for each dataset version id (None, a run trained elsewhere, is skipped)."""
        return self.store.refs(actor, version_ids)

    def read_table(
        self,
        actor: Actor,
        ref: str | DatasetVersion,
        project: str | None = None,
        columns: list[str] | None = None,
    ) -> pa.Table:
        version = ref if isinstance(ref, DatasetVersion) else self.version(actor, ref, project)
        return self.store.read_table(actor, version, columns)

    def take(
        self,
        actor: Actor,
        ref: str | DatasetVersion,
        project: str | None = None,
        *,
        purpose: str = "",
        session_name: str = "",
    ) -> pa.Table:
        """A version's rows, decrypted, for a Python session (the airlock package): they
        leave the engine, so this is an export (format python), audited."""
        from engine.data.outputs import take

        return take(self, actor, ref, project, purpose=purpose, session_name=session_name)

    def masked_columns(self, actor: Actor, version: DatasetVersion) -> list[str]:
        """The columns whose values `actor`'s role does not need: those tagged personal or
        identifier, for a validator or an auditor (they judge models and logs, not
        people; docs/roles.md). Administrators and analysts see them."""
        if actor.role in SEES_PERSONAL:
            return []
        tags = next(
            (
                d.column_tags
                for d in self.datasets(actor, version.project)
                if d.id == version.dataset_id
            ),
            {},
        )
        return [c for c, t in tags.items() if MASKED_TAGS & set(t)]

    def view_table(
        self, actor: Actor, ref: str | DatasetVersion, project: str | None = None
    ) -> tuple[pa.Table, list[str]]:
        """A version's rows to look at, with the columns `actor` does not need masked
        (every present value shown as MASK); and which columns those are. The engine's
        own computations read the real values (read_table)."""
        version = ref if isinstance(ref, DatasetVersion) else self.version(actor, ref, project)
        table = self.store.read_table(actor, version)
        masked = [c for c in self.masked_columns(actor, version) if c in table.column_names]
        for column in masked:
            index = table.column_names.index(column)
            present = table.column(index).is_valid()
            table = table.set_column(
                index,
                column,
                pa.array([MASK if p else None for p in present.to_pylist()], pa.string()),
            )
        return table, masked

    def export(
        self,
        actor: Actor,
        ref: str,
        out: str | Path,
        *,
        project: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Path:
        """Write the decrypted version to `out` (.csv or .parquet), atomically."""
        return export(self, actor, ref, out, project=project, progress=progress, cancel=cancel)

    def profile(
        self,
        actor: Actor,
        ref: str,
        project: str | None = None,
        *,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Profile:
        """Statistics, histograms, top categories, correlations and warnings."""
        return profile_of(self, actor, ref, project, progress=progress, cancel=cancel)

    def profile_html(
        self,
        actor: Actor,
        ref: str,
        out: str | Path,
        *,
        project: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Path:
        """Write the profile as a self-contained HTML page (audited: it leaves Airlock)."""
        return profile_page(
            self, actor, ref, out, project=project, progress=progress, cancel=cancel
        )

    def prepare(
        self,
        actor: Actor,
        ref: str,
        recipe: dict[str, Any] | Path,
        *,
        name: str | None = None,
        project: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> StoredVersion:
        """Apply a recipe to a version; the result is a new version (of `name`, default the
        same dataset) whose lineage records the parent and the recipe."""
        from engine.data.recipe_model import check_recipe, load_recipe
        from engine.data.recipes import apply_recipe

        body = load_recipe(recipe) if isinstance(recipe, Path) else check_recipe(recipe)
        self._access.require(actor, "data.prepare", f"dataset:{ref}")
        version = self.version(actor, ref, project)
        table = self.store.read_table(actor, version)
        report(progress, 0.2, "applying the recipe")
        result, log = apply_recipe(table, body, hash_key=actor.pseudonym_key(), cancel=cancel)
        report(progress, 0.6, "storing the new version")
        stored = self.store.store(
            actor,
            action="data.prepare",
            name=name or version.dataset,
            project=project,
            schema=result.schema,
            batches=result.to_batches(max_chunksize=65_536),
            describe={"recipe": body["name"], "source": version.ref, "steps": log},
            parents=(version.id,),
            recipe=body,
            progress=progress,
            cancel=cancel,
        )
        if not stored.existing and stored.version.version == 1:  # a new dataset
            self._inherit_tags(actor, version, stored.version, result.column_names)
        return stored

    def _inherit_tags(
        self, actor: Actor, parent: DatasetVersion, child: DatasetVersion, columns: list[str]
    ) -> None:
        """A new dataset made from a tagged one keeps the tags of the columns it kept
        (a sensitive attribute stays sensitive after a recipe), the datasheet and the
        retention period. Only for the first version of a new dataset: later versions leave
        the user's own tags alone."""
        if parent.dataset_id == child.dataset_id:
            return
        by_name = {d.name: d for d in self.datasets(actor, child.project)}
        source, target = by_name.get(parent.dataset), by_name.get(child.dataset)
        if source is None or target is None or target.column_tags:
            return
        for column, tags in source.column_tags.items():
            if column in columns and tags:
                self.annotations.tag(actor, child.dataset, column, list(tags), child.project)
        if source.datasheet and not target.datasheet:
            self.annotations.set_datasheet(
                actor, child.dataset, dict(source.datasheet), child.project
            )
        self._inherit_retention(actor, source.id, target.id)

    def _inherit_retention(self, actor: Actor, source_id: str, target_id: str) -> None:
        from engine.store.schema import DatasetRow

        with self._access.change(actor, "data.tag", f"dataset:{target_id}") as session:
            source, target = session.get(DatasetRow, source_id), session.get(DatasetRow, target_id)
            if source is None or target is None:
                return
            if source.retention_days and target.retention_days is None:
                target.retention_days = source.retention_days
                self._audit.append(
                    session,
                    actor,
                    "governance.retention",
                    f"dataset:{target.id}",
                    {
                        "dataset": target.name,
                        "from": None,
                        "to": source.retention_days,
                        "inherited_from": source.name,
                    },
                )

    @staticmethod
    def pipeline(recipe: dict[str, Any] | Path) -> Any:
        """The recipe's column steps as an unfitted scikit-learn Pipeline."""
        from engine.data.recipe_model import check_recipe, load_recipe
        from engine.data.recipes import compile_pipeline

        return compile_pipeline(
            load_recipe(recipe) if isinstance(recipe, Path) else check_recipe(recipe)
        )

    def personal_data(self, actor: Actor, ref: str, project: str | None = None) -> list[Finding]:
        """Columns that likely hold personal data, with the evidence."""
        from engine.data.pii import detect

        return detect(self.read_table(actor, ref, project))

    def lineage(self, actor: Actor, ref: str, project: str | None = None) -> Lineage:
        with self._access.reading(actor, "data.read", f"dataset:{ref}") as session:
            focus = self.store.find_version(session, ref, project)
            nodes: dict[str, DatasetVersion] = {focus.id: focus}
            edges: set[tuple[str, str]] = set()
            todo = [focus]
            while todo:  # ancestors
                current = todo.pop()
                for parent_id in current.parents:
                    edges.add((parent_id, current.id))
                    if parent_id not in nodes:
                        nodes[parent_id] = self.store.by_id(session, parent_id)
                        todo.append(nodes[parent_id])
            todo = [focus]
            children = self._children_index(session)
            while todo:  # descendants
                current = todo.pop()
                for child_id in children.get(current.id, []):
                    edges.add((current.id, child_id))
                    if child_id not in nodes:
                        nodes[child_id] = self.store.by_id(session, child_id)
                        todo.append(nodes[child_id])
        ordered = sorted(nodes.values(), key=lambda v: v.created)
        return Lineage(focus, tuple(ordered), tuple(sorted(edges)))

    @staticmethod
    def _children_index(session: Any) -> dict[str, list[str]]:
        import json

        index: dict[str, list[str]] = {}
        for row_id, parents in session.execute(
            select(DatasetVersionRow.id, DatasetVersionRow.parents)
        ):
            for parent in json.loads(parents):
                index.setdefault(parent, []).append(row_id)
        return index
