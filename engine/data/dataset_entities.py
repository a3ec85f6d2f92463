"""What the data area returns: a dataset, one of its versions (schema, hashes, lineage,
shred state) and a version just stored; dataset names and NAME@V references."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from engine.errors import NotFound, ShreddedError, ValidationError
from engine.store.schema import DatasetRow, DatasetVersionRow, ProjectRow

_NAME = re.compile(r"^[\w][\w.\-]{0,79}$")
_REF = re.compile(r"^(?P<name>[^@]+?)(?:@(?P<version>\d+|latest))?$")


@dataclass(frozen=True)
class DatasetVersion:
    id: str
    dataset_id: str
    dataset: str
    project: str
    version: int
    content_hash: str
    object_id: str
    rows: int
    columns: int
    schema: tuple[dict[str, Any], ...]
    source_name: str
    source_sha256: str
    source_format: str
    parents: tuple[str, ...]
    recipe: dict[str, Any] | None
    note: str
    created: str
    created_by: str
    shredded: str | None = None  # when its data key was destroyed (a tombstone since)
    shred_reason: str = ""

    @property
    def ref(self) -> str:
        return f"{self.dataset}@{self.version}"

    def check_readable(self) -> None:
        if self.shredded:
            raise ShreddedError(
                f"{self.ref} was crypto-shredded on {self.shredded[:10]} "
                f"({self.shred_reason or 'retention'}): its data key is destroyed and its "
                "rows can never be read again.",
                hint="Its metadata and content hash remain for lineage and the audit log; "
                "use a later version.",
            )

    def column(self, name: str) -> dict[str, Any]:
        for column in self.schema:
            if column["name"] == name:
                return column
        raise NotFound(f"{self.ref} has no column {name!r}.")


@dataclass(frozen=True)
class Dataset:
    id: str
    name: str
    project: str
    versions: tuple[DatasetVersion, ...]
    datasheet: dict[str, Any]
    column_tags: dict[str, list[str]]

    @property
    def latest(self) -> DatasetVersion | None:
        return self.versions[-1] if self.versions else None


@dataclass(frozen=True)
class StoredVersion:
    version: DatasetVersion
    existing: bool  # True when the same content was already a version of this dataset
    notes: tuple[str, ...] = ()
    read_as: dict[str, Any] = field(default_factory=dict)  # encoding, delimiter or sheet


def parse_ref(text: str) -> tuple[str, int | None]:
    """'credit@3' -> ('credit', 3); 'credit' or 'credit@latest' -> ('credit', None)."""
    match = _REF.match((text or "").strip())
    if not match:
        raise ValidationError(f"A dataset reference looks like NAME or NAME@VERSION. Got {text!r}.")
    version = match.group("version")
    return match.group("name").strip(), None if version in (None, "latest") else int(version)


def check_dataset_name(name: str, what: str = "dataset") -> str:
    """A clean name for a dataset (or, `what`, another thing named by the same rule: an
    experiment, a contract); the message names what it checks."""
    clean = (name or "").strip()
    if not _NAME.match(clean):
        raise ValidationError(
            f"The {what} name must be 1 to 80 letters, digits, '.', '-' or "
            f"'_', starting with a letter or digit. Got {name!r}."
        )
    return clean


def version_entity(
    row: DatasetVersionRow, dataset: DatasetRow, project: ProjectRow
) -> DatasetVersion:
    return DatasetVersion(
        id=row.id,
        dataset_id=dataset.id,
        dataset=dataset.name,
        project=project.name,
        version=row.version,
        content_hash=row.content_hash,
        object_id=row.object_id,
        rows=row.rows,
        columns=row.columns,
        schema=tuple(json.loads(row.schema)),
        source_name=row.source_name,
        source_sha256=row.source_sha256,
        source_format=row.source_format,
        parents=tuple(json.loads(row.parents)),
        recipe=json.loads(row.recipe) if row.recipe else None,
        note=row.note,
        created=row.created,
        created_by=row.created_by,
        shredded=row.shredded,
        shred_reason=row.shred_reason or "",
    )
