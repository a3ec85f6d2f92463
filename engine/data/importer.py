"""Importing a file (CSV, Parquet, Excel) as a new dataset version, streaming with progress
and cancel; a failure or a cancel stores nothing."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import Any

import pyarrow as pa

from engine.data.datasets import DatasetStore, StoredVersion, check_dataset_name
from engine.data.readers import (
    ImportOptions,
    RetryWithType,
    WatchedFile,
    csv_batches,
    detect_format,
    excel_table,
    normalise,
    normalise_schema,
    parquet_batches,
)
from engine.data.sniff import sniff
from engine.errors import ValidationError
from engine.jobs import CancelToken, Progress
from engine.security.actor import Actor

MAX_RETRIES = 1000


def open_batches(
    kind: str,
    source: WatchedFile,
    options: ImportOptions,
    column_types: dict[str, pa.DataType],
    describe: dict[str, Any],
) -> tuple[pa.Schema, Iterator[pa.RecordBatch]]:
    """The raw schema and batches of a source file, by format."""
    if kind == "csv":
        fmt = sniff(source.path, options.encoding, options.delimiter, options.skip_rows)
        describe.update(encoding=fmt.encoding, delimiter=fmt.delimiter)
        return csv_batches(source, fmt, options, column_types)
    if kind == "parquet":
        return parquet_batches(source)
    table = excel_table(source, options.sheet)
    describe["sheet"] = options.sheet if options.sheet is not None else "first"
    return table.schema, iter(table.to_batches(max_chunksize=65_536))


def read_table_from_file(
    path: Path,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> tuple[pa.Table, str]:
    """Read a file into memory exactly as an import would, without storing it; returns the
    table and the SHA-256 of the file."""
    options = options or ImportOptions()
    if not path.is_file():
        raise ValidationError(f"There is no file {path}.")
    kind = detect_format(path, options.format)
    column_types: dict[str, pa.DataType] = {}
    for _ in range(MAX_RETRIES):
        source = WatchedFile(path, progress, cancel)
        try:
            schema, raw = open_batches(kind, source, options, column_types, {})
            names = normalise_schema(schema, path.name)
            batches = [normalise(batch, names) for batch in raw if batch.num_rows]
            source.check_unchanged()
        except RetryWithType as retry:
            column_types[retry.column] = retry.arrow_type
            continue
        finally:
            source.close()
        if not batches:
            raise ValidationError(f"{path.name} has a header but no rows.")
        unified = batches[0].schema
        return pa.Table.from_batches([b.cast(unified) for b in batches]), source.sha256.hexdigest()
    raise ValidationError(f"{path.name} could not be typed column by column.")


class Importer:
    def __init__(self, store: DatasetStore) -> None:
        self._store = store

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
        """Import `path` as the next version of dataset `name` (created if new). The same
        content imported again returns the existing version."""
        source_path = Path(path)
        options = options or ImportOptions()
        clean = check_dataset_name(name)
        self._store.access.require(actor, "data.import", f"dataset:{clean}")
        if not source_path.is_file():
            raise ValidationError(f"There is no file {source_path}.")
        kind = detect_format(source_path, options.format)
        column_types: dict[str, pa.DataType] = {}
        notes: list[str] = []
        for _ in range(MAX_RETRIES):
            try:
                stored = self._attempt(
                    actor,
                    source_path,
                    clean,
                    kind,
                    options,
                    column_types,
                    project,
                    note,
                    progress,
                    cancel,
                )
            except RetryWithType as retry:
                # A later block held a value the first block's type cannot: read again.
                column_types[retry.column] = retry.arrow_type
                what = "decimals" if retry.arrow_type == pa.float64() else "text"
                notes.append(f"column {retry.column!r} holds mixed values; read as {what}")
                continue
            return StoredVersion(
                stored.version, stored.existing, tuple(notes) + stored.notes, stored.read_as
            )
        raise ValidationError(f"{source_path.name} could not be typed column by column.")

    def _attempt(
        self,
        actor: Actor,
        path: Path,
        name: str,
        kind: str,
        options: ImportOptions,
        column_types: dict[str, pa.DataType],
        project: str | None,
        note: str,
        progress: Progress | None,
        cancel: CancelToken | None,
    ) -> StoredVersion:
        describe: dict[str, Any] = {"source_name": path.name, "format": kind, "note": note}
        source = WatchedFile(path, progress, cancel)
        try:
            schema, raw = open_batches(kind, source, options, column_types, describe)
            names = normalise_schema(schema, path.name)
            rows = (normalise(batch, names) for batch in raw if batch.num_rows)
            first = next(rows, None)
            if first is None:
                raise ValidationError(
                    f"{path.name} has a header but no rows.", hint="Choose a file that holds data."
                )
            out_schema = first.schema
            # (not in `describe`: that is logged, and notes are about the data)
            found = _decimal_commas(first)

            def stream() -> Iterator[pa.RecordBatch]:
                for batch in chain([first], rows):
                    yield batch if batch.schema == out_schema else batch.cast(out_schema)
                source.check_unchanged()  # before anything is recorded
                describe["source_sha256"] = source.sha256.hexdigest()

            stored = self._store.store(
                actor,
                action="data.import",
                name=name,
                project=project,
                schema=out_schema,
                batches=stream(),
                describe=describe,
                types=options.types,
                progress=progress,
                cancel=cancel,
            )
            read_as = {
                k: describe[k]
                for k in ("encoding", "delimiter", "sheet")
                if describe.get(k) is not None
            }
            return StoredVersion(stored.version, stored.existing, tuple(found), read_as=read_as)
        finally:
            source.close()


_DECIMAL_COMMA = r"^\s*[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+\s*$"


def _decimal_commas(batch: pa.RecordBatch) -> list[str]:
    """Text columns whose values are numbers written with a decimal comma (1,5 or
    1.234,5): kept as text, which nobody would notice until a model ignored them."""
    import pyarrow.compute as pc

    notes = []
    for field_, column in zip(batch.schema, batch.columns, strict=True):
        if not pa.types.is_string(field_.type) and not pa.types.is_large_string(field_.type):
            continue
        present = pc.drop_null(column)
        if len(present) < 5:
            continue
        matches = pc.sum(pc.match_substring_regex(present, _DECIMAL_COMMA)).as_py() or 0
        if matches >= 0.9 * len(present):
            notes.append(
                f"column {field_.name!r} holds numbers written with a decimal comma "
                "(like 1,5) and was kept as text; export the file with a decimal "
                "point (or replace the commas) and import it again to use them as "
                "numbers"
            )
    return notes
