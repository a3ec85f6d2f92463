"""What people say about a dataset: column tags (personal data, sensitive attribute for
fairness, identifier) and the datasheet (purpose, source, legal basis, retention …)."""

from __future__ import annotations

import json
from typing import Any

from engine.audit.log import AuditLog
from engine.data.datasets import DatasetStore
from engine.errors import ValidationError
from engine.security.access import AccessControl
from engine.security.actor import Actor

# not_sensitive: the analyst looked and a column whose name suggests a sensitive attribute
# is not one (the suggestion stops, recorded like any tag)
TAGS = ("personal", "sensitive", "identifier", "not_sensitive")
DATASHEET_FIELDS = {
    "purpose": "why the data was collected and what it may be used for",
    "source": "where the data comes from",
    "owner": "who is accountable for it",
    "legal_basis": "the legal basis for processing (e.g. GDPR Art. 6(1)(b), PDPL Art. 6)",
    "retention_period": "how long it is kept",
    "personal_data": "which personal data it holds",
    "sensitive_attributes": "attributes to check fairness against",
    "collection_period": "when it was collected",
}


class Annotations:
    def __init__(self, access: AccessControl, audit: AuditLog, store: DatasetStore) -> None:
        self._access = access
        self._audit = audit
        self._store = store

    def tag(
        self, actor: Actor, dataset: str, column: str, tags: list[str], project: str | None = None
    ) -> dict[str, list[str]]:
        """Set a column's tags (an empty list clears them). Returns all tags."""
        wanted = sorted({t.strip().lower() for t in tags if t.strip()})
        unknown = [t for t in wanted if t not in TAGS]
        if unknown:
            raise ValidationError(
                f"Tags must be among {', '.join(TAGS)}. Got {', '.join(unknown)}."
            )
        if {"sensitive", "not_sensitive"} <= set(wanted):
            raise ValidationError(f"{column} cannot be tagged both sensitive and not_sensitive.")
        with self._access.change(actor, "data.tag", f"dataset:{dataset}") as session:
            row, _project = self._store.find_dataset(session, dataset, project)
            latest = self._store.find_version(session, row.name, project)
            if column not in {c["name"] for c in latest.schema}:
                raise ValidationError(f"{latest.ref} has no column {column!r}.")
            current: dict[str, list[str]] = json.loads(row.column_tags)
            if current.get(column, []) == wanted:
                return current
            old = current.get(column, [])
            if wanted:
                current[column] = wanted
            else:
                current.pop(column, None)
            row.column_tags = json.dumps(current, sort_keys=True)
            self._audit.append(
                session,
                actor,
                "data.tag",
                f"dataset:{row.id}",
                {"column": column, "from": old, "to": wanted},
            )
            return current

    def set_datasheet(
        self, actor: Actor, dataset: str, fields: dict[str, Any], project: str | None = None
    ) -> dict[str, Any]:
        self._access.require(actor, "data.tag", f"dataset:{dataset}")  # the role first
        unknown = set(fields) - set(DATASHEET_FIELDS)
        if unknown:
            raise ValidationError(
                f"Unknown datasheet field(s): {', '.join(sorted(unknown))}. "
                f"Fields: {', '.join(DATASHEET_FIELDS)}."
            )
        with self._access.change(actor, "data.tag", f"dataset:{dataset}") as session:
            row, _project = self._store.find_dataset(session, dataset, project)
            sheet: dict[str, Any] = json.loads(row.datasheet)
            changed = {k: v for k, v in fields.items() if sheet.get(k) != v}
            if changed:
                sheet.update(changed)
                row.datasheet = json.dumps(sheet, sort_keys=True, ensure_ascii=False)
                self._audit.append(
                    session, actor, "data.tag", f"dataset:{row.id}", {"datasheet": sorted(changed)}
                )
            return sheet
