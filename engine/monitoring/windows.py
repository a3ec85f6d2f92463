"""What a drift check reads: a dataset version, a file, or a window of versions taken as one
batch — a range of monthly batches (`credit_monthly@3..5`, `credit_monthly@4..` up to the
newest) or the scoring log's recent past (`credit_scored@last:30d`: every version that
`airlock score --keep credit_scored` added in the last 30 days)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pyarrow as pa

from engine.audit.record import parse_time
from engine.errors import ValidationError

_RANGE = re.compile(r"^(?P<name>.+)@(?P<a>\d+)?\.\.(?P<b>\d+)?$")
_LAST = re.compile(r"^(?P<name>.+)@last:(?P<n>\d+)(?P<unit>[hd])$")


@dataclass(frozen=True)
class Window:
    label: str
    versions: tuple[Any, ...]  # DatasetVersion, oldest first

    @property
    def key(self) -> str:
        """The content it stands for (one version: its content hash, so caches keyed by it
        stay valid)."""
        if len(self.versions) == 1:
            return str(self.versions[0].content_hash)
        return hashlib.sha256(" ".join(v.content_hash for v in self.versions).encode()).hexdigest()

    @property
    def first(self) -> Any:
        return self.versions[0]

    @property
    def rows(self) -> int:
        return sum(v.rows for v in self.versions)


def is_window(text: str) -> bool:
    return bool(_RANGE.match(text) or _LAST.match(text))


def resolve(data: Any, actor: Any, spec: str, project: str | None, now: datetime) -> Window:
    """The versions `spec` names: NAME, NAME@V, NAME@A..B or NAME@last:Nd (or Nh)."""
    spec = spec.strip()
    ranged, last = _RANGE.match(spec), _LAST.match(spec)
    if not ranged and not last:
        version = data.version(actor, spec, project)
        return Window(version.ref, (version,))
    match = ranged or last
    assert match is not None
    name = match.group("name")
    newest = data.version(actor, name, project)  # a clear error when there is no dataset
    versions = next(d.versions for d in data.datasets(actor, project) if d.id == newest.dataset_id)
    if ranged:
        low = int(ranged.group("a") or 1)
        if low < 1:
            raise ValidationError(f"{spec}: versions are numbered from 1.")
        high = int(ranged.group("b") or newest.version)
        if low > high:
            raise ValidationError(
                f"{spec}: the range runs from a lower version to a higher one. Got {low} to {high}."
            )
        if high > newest.version:
            raise ValidationError(f"{spec}: {newest.dataset} has versions 1 to {newest.version}.")
        picked = tuple(v for v in versions if low <= v.version <= high)
        label = f"{newest.dataset}@{low}..{high}"
    else:
        assert last is not None
        amount = int(last.group("n"))
        if amount > (36_500 if last.group("unit") == "d" else 876_000):
            raise ValidationError(f"{spec}: a window reaches back at most 100 years.")
        span = timedelta(**{"days" if last.group("unit") == "d" else "hours": amount})
        picked = tuple(v for v in versions if parse_time(v.created) >= now - span)
        label = f"{newest.dataset}@last:{last.group('n')}{last.group('unit')}"
        if not picked:
            raise ValidationError(
                f"{newest.dataset} has no version from the last "
                f"{last.group('n')}{last.group('unit')}; the newest is "
                f"{newest.ref} from {newest.created}.",
                hint="Widen the window or name a version.",
            )
    if not picked:
        raise ValidationError(f"{spec} names no version of {newest.dataset}.")
    return Window(label, picked)


def read(data: Any, actor: Any, window: Window, columns: list[str] | None = None) -> pa.Table:
    """The window's rows as one table (its versions must share the schema)."""
    if columns is not None:
        for version in window.versions:
            lacking = [c for c in columns if c not in {s["name"] for s in version.schema}]
            if lacking:
                raise ValidationError(
                    f"{version.ref} in {window.label} has no column {', '.join(lacking)}.",
                    hint="Name a range whose versions share the columns.",
                )
    tables = [data.read_table(actor, v, columns=columns) for v in window.versions]
    if len(tables) == 1:
        return tables[0]
    try:
        return pa.concat_tables(tables, promote_options="permissive")
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise ValidationError(
            f"The versions of {window.label} do not share their columns' "
            f"types, so they cannot be read as one batch: {exc}",
            hint="Name a range whose versions have the same schema.",
        ) from exc
