"""Reading CSV, Parquet and Excel files as a stream of Arrow record batches, with progress,
cancellation, a SHA-256 of the source bytes, and a check that the file did not change while
it was read. Every failure a file can cause becomes a ValidationError that says what to do."""

from __future__ import annotations

import hashlib
import io
import os
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from engine.data.sniff import TextFormat, keep_as_text, unclosed_quote
from engine.errors import ValidationError
from engine.jobs import CancelToken, Progress, check, report

FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".xls": "excel",
}
BLOCK = 4 << 20
_CONVERSION = re.compile(
    r"In CSV column #(\d+): (?:Row #\d+: )?CSV conversion error to "
    r"(\w+): invalid value '(.*)'",
    re.S,
)


@dataclass
class ImportOptions:
    format: str | None = None  # csv, parquet or excel; from the extension when None
    encoding: str | None = None
    delimiter: str | None = None
    skip_rows: int = 0  # lines before the header row (CSV)
    sheet: str | None = None  # Excel sheet name or 0-based number
    types: dict[str, str] = field(default_factory=dict)  # semantic type overrides


class RetryWithType(Exception):
    """A CSV column held a value its inferred type cannot: read again with a wider type."""

    def __init__(self, column: str, arrow_type: pa.DataType) -> None:
        super().__init__(column)
        self.column = column
        self.arrow_type = arrow_type


class WatchedFile(io.RawIOBase):
    """A source file read through progress, cancel, and a running SHA-256."""

    def __init__(
        self, path: Path, progress: Progress | None, cancel: CancelToken | None, share: float = 0.95
    ) -> None:
        super().__init__()
        self.path = path
        try:
            self._stat = os.stat(path)
            self._handle = open(path, "rb")  # noqa: SIM115 - closed in close()
        except OSError as exc:
            raise ValidationError(f"Cannot read {path.name}: {exc.strerror or exc}.") from None
        self.size = self._stat.st_size
        self.read_bytes = 0
        self.sha256 = hashlib.sha256()
        self._progress, self._cancel, self._share = progress, cancel, share
        self._reading = threading.Lock()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        with self._reading:
            if self._handle.closed:
                raise ValueError("read from a closed source")
            check(self._cancel)
            count = self._handle.readinto(buffer)
            if count:
                self.sha256.update(memoryview(buffer)[:count])
                self.read_bytes += count
                report(self._progress, self._share * self.read_bytes / max(self.size, 1), "reading")
            return count or 0

    def close(self) -> None:
        # Arrow's CSV reader reads ahead on its own I/O thread: a read still running when a
        # refused file is given up is waited for here, and later reads fail at once. Left
        # pending, they called into Python while the interpreter was finalizing, and the
        # process aborted at exit ("terminate called without an active exception").
        with self._reading:
            abandoned = not self._handle.closed and self.read_bytes < self.size
            self._handle.close()
        super().close()
        if abandoned:  # reads it queued before the error now run (and fail) here, not at exit
            time.sleep(0.05)

    def check_unchanged(self) -> None:
        """Refuse a file that was written to while it was being read."""
        now = os.stat(self.path)
        if (now.st_size, now.st_mtime_ns) != (
            self._stat.st_size,
            self._stat.st_mtime_ns,
        ) or self.read_bytes not in (0, self.size):
            raise ValidationError(
                f"{self.path.name} changed while it was being read.",
                hint="Wait until the program writing it has finished, then import it again.",
            )


def detect_format(path: Path, chosen: str | None) -> str:
    if chosen:
        if chosen not in ("csv", "parquet", "excel"):
            raise ValidationError(f"The format must be csv, parquet or excel. Got {chosen!r}.")
        return chosen
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise ValidationError(
            f"Airlock cannot tell the format of {path.name} from its extension.",
            hint="Name it .csv, .parquet or .xlsx, or choose the format explicitly.",
        ) from None


# -- normalising batches ------------------------------------------------------------------
def normalise_schema(schema: pa.Schema, source: str) -> list[str]:
    """Column names as stored: empty ones become column_N; duplicates and nested types are
    refused. Returns the names."""
    names = []
    for index, field_ in enumerate(schema):
        name = str(field_.name).strip() or f"column_{index + 1}"
        if pa.types.is_nested(field_.type) or pa.types.is_map(field_.type):
            raise ValidationError(
                f"Column {name!r} of {source} holds nested values ({field_.type}); Airlock "
                "datasets are flat tables.",
                hint="Flatten or drop that column, then import.",
            )
        names.append(name)
    seen: set[str] = set()
    for name in names:
        key = name.casefold()
        if key in seen:
            raise ValidationError(
                f"Column names must be unique, but {name!r} appears more than once in {source}.",
                hint="Rename the duplicate columns.",
            )
        seen.add(key)
    return names


def normalise(batch: pa.RecordBatch, names: list[str]) -> pa.RecordBatch:
    columns = []
    for column in batch.columns:
        if pa.types.is_dictionary(column.type):
            column = column.dictionary_decode()
        if pa.types.is_null(column.type):
            column = column.cast(pa.string())
        if pa.types.is_large_string(column.type):
            column = column.cast(pa.string())
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, names=names)


# -- CSV --------------------------------------------------------------------------------------
def csv_batches(
    source: WatchedFile,
    fmt: TextFormat,
    options: ImportOptions,
    column_types: dict[str, pa.DataType],
) -> tuple[pa.Schema, Iterator[pa.RecordBatch]]:
    """The CSV's schema (from its first block) and its batches. A value that does not fit a
    column's inferred type raises RetryWithType naming the column."""
    import pyarrow.csv as pacsv

    bad: list[tuple[int | None, int, int]] = []

    def invalid(row: object) -> str:
        bad.append(
            (
                getattr(row, "number", None),
                getattr(row, "expected_columns", 0),
                getattr(row, "actual_columns", 0),
            )
        )
        return "skip" if len(bad) < 20 else "error"

    encoding = "utf8" if fmt.encoding in ("utf-8", "utf-8-sig") else fmt.encoding
    for name in keep_as_text(fmt.sample, fmt.delimiter, options.skip_rows):
        column_types.setdefault(name, pa.string())
    try:
        reader = pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(
                encoding=encoding, block_size=BLOCK, skip_rows=options.skip_rows, use_threads=False
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=fmt.delimiter, invalid_row_handler=invalid, newlines_in_values=True
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=column_types, strings_can_be_null=True
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError) as exc:
        raise _csv_error(exc, source.path.name, fmt, []) from None
    schema = reader.schema
    names = [f.name for f in schema]

    def batches() -> Iterator[pa.RecordBatch]:
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeDecodeError) as exc:
                if bad:
                    break
                raise _csv_error(exc, source.path.name, fmt, names) from None
            if bad:
                break
            yield batch
        if bad:
            lines = ", ".join(str(n) for n, _, _ in bad[:5] if n is not None)
            opened = unclosed_quote(fmt.sample)
            if opened is not None:
                raise ValidationError(
                    f'{source.path.name}: line {opened} opens a quote (") that is never '
                    "closed, so everything after it was read as one value.",
                    hint="Close the quote on that line (or double a quote inside a value: "
                    '""), then import again.',
                )
            raise ValidationError(
                f"{source.path.name} has rows with a different number of fields than its "
                f"header ({bad[0][1]}): line{'s' if len(bad) > 1 else ''} {lines or '?'} "
                f"(the first has {bad[0][2]}).",
                hint="Check the delimiter and quoting, or fix those lines.",
            )

    return schema, batches()


def _csv_error(exc: BaseException, name: str, fmt: TextFormat, names: list[str]) -> Exception:
    text = str(exc)
    match = _CONVERSION.search(text)
    if match and int(match.group(1)) < len(names):
        wider = (
            pa.float64()
            if _is_number(match.group(3)) and match.group(2) != "double"
            else pa.string()
        )
        return RetryWithType(names[int(match.group(1))], wider)
    if isinstance(exc, UnicodeDecodeError) or "decode" in text.lower() or "utf8" in text.lower():
        return ValidationError(
            f"{name} has bytes that are not valid {fmt.encoding} text.",
            hint="Choose the file's encoding (for Arabic files from Windows it is often "
            "cp1256)."
            + (
                " Its start is UTF-8, so it may mix encodings: save it in one "
                "(UTF-8) first — otherwise part of it is stored garbled."
                if fmt.encoding.startswith("utf")
                else ""
            ),
        )
    opened = unclosed_quote(fmt.sample)
    if opened is not None and ("straddl" in text or "columns" in text):
        return ValidationError(
            f'{name}: line {opened} opens a quote (") that is never '
            "closed, so everything after it was read as one value.",
            hint="Close the quote on that line, then import again.",
        )
    if "straddl" in text:  # one value longer than a read block
        return ValidationError(
            f"{name} has a value longer than {BLOCK >> 20} MiB in one cell.",
            hint="Airlock imports tables, not documents: shorten or drop "
            "that column, or check the quoting (an unclosed quote "
            "runs to the end of the file).",
        )
    if "Empty CSV file" in text or "no columns" in text.lower():
        return ValidationError(f"{name} is empty.", hint="Choose a file that holds data.")
    return ValidationError(
        f"{name} could not be read as CSV: {text.splitlines()[0]}",
        hint="Check the delimiter, the encoding and the quoting.",
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# -- Parquet and Excel ------------------------------------------------------------------------
def parquet_batches(source: WatchedFile) -> tuple[pa.Schema, Iterator[pa.RecordBatch]]:
    import pyarrow.parquet as pq

    try:
        data = source.read()  # random access is needed for the footer; read once, hashed
        file = pq.ParquetFile(pa.BufferReader(data))
        schema = file.schema_arrow
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise ValidationError(
            f"{source.path.name} is not a readable Parquet file: {exc}."
        ) from None

    def batches() -> Iterator[pa.RecordBatch]:  # a damaged page shows only when read
        try:
            yield from file.iter_batches(batch_size=65_536)
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise ValidationError(
                f"{source.path.name} is not a readable Parquet file: {exc}."
            ) from None

    return schema, batches()


def excel_table(source: WatchedFile, sheet: str | None) -> pa.Table:
    import pandas as pd

    data = source.read()
    from engine.data.workbook_guard import check_workbook

    check_workbook(data, source.path.name)  # bounded before the reader allocates anything
    try:
        from python_calamine import CalamineWorkbook

        names = CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names
    except Exception as exc:
        raise ValidationError(
            f"{source.path.name} is not a readable Excel workbook ({type(exc).__name__})."
        ) from None
    chosen: str | int = 0
    if sheet is not None:
        if sheet in names:
            chosen = sheet
        elif sheet.isdigit() and int(sheet) < len(names):
            chosen = int(sheet)
        else:
            raise ValidationError(
                f"{source.path.name} has no sheet {sheet!r}.",
                hint="Its sheets: " + ", ".join(names),
            )
    # Formulas come in as the values Excel computed and stored when it saved the file.
    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=chosen, engine="calamine")
    except Exception as exc:  # the reader's own errors on a damaged sheet, whatever the type
        raise ValidationError(
            f"{source.path.name} is not a readable Excel workbook "
            f"({type(exc).__name__}: {str(exc)[:120]})."
        ) from None
    frame.columns = [str(c) for c in frame.columns]
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        # a column mixing numbers and text (common in hand-kept sheets): read it as text
        for column in frame.columns:
            if frame[column].dtype == object:
                frame[column] = frame[column].map(lambda v: None if pd.isna(v) else str(v))
        return pa.Table.from_pandas(frame, preserve_index=False)
