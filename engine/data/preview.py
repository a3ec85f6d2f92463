"""A quick look at a file before importing it: the detected format, the first rows, and the
types Airlock would infer, so the user can correct them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from engine.data.readers import (
    ImportOptions,
    WatchedFile,
    csv_batches,
    detect_format,
    normalise,
    normalise_schema,
)
from engine.data.semantic import ColumnStats
from engine.data.sniff import sniff
from engine.errors import ValidationError

ROWS = 50


@dataclass(frozen=True)
class FilePreview:
    format: str
    table: pa.Table  # the first rows
    semantic: dict[str, str]  # inferred from those rows
    encoding: str = ""
    delimiter: str = ""
    sheets: list[str] = field(default_factory=list)


def preview_file(
    path: str | Path, options: ImportOptions | None = None, rows: int = ROWS
) -> FilePreview:
    source_path = Path(path)
    options = options or ImportOptions()
    if not source_path.is_file():
        raise ValidationError(f"There is no file {source_path}.")
    kind = detect_format(source_path, options.format)
    encoding = delimiter = ""
    sheets: list[str] = []
    source = WatchedFile(source_path, None, None)
    try:
        if kind == "csv":
            fmt = sniff(source_path, options.encoding, options.delimiter, options.skip_rows)
            encoding, delimiter = fmt.encoding, fmt.delimiter
            schema, batches = csv_batches(source, fmt, options, {})
            first = next(batches, None)
            table = pa.Table.from_batches([first] if first is not None else [], schema=schema)
        elif kind == "parquet":
            import pyarrow.parquet as pq

            file = pq.ParquetFile(source_path)
            table = pa.Table.from_batches([next(file.iter_batches(batch_size=rows))])
        else:
            import io

            from python_calamine import CalamineWorkbook

            from engine.data.readers import excel_table

            sheets = CalamineWorkbook.from_filelike(
                io.BytesIO(source_path.read_bytes())
            ).sheet_names
            table = excel_table(source, options.sheet)
    finally:
        source.close()
    table = table.slice(0, rows)
    names = normalise_schema(table.schema, source_path.name)
    normalised = [normalise(b, names) for b in table.to_batches()]
    table = pa.Table.from_batches(normalised) if normalised else table.rename_columns(names)
    semantic = {}
    for column in table.schema:
        stats = ColumnStats(column.name, column.type)
        stats.update(table.column(column.name).combine_chunks())
        semantic[column.name] = stats.semantic()
    return FilePreview(kind, table, semantic, encoding, delimiter, sheets)
