"""Bounds on a workbook before anything parses it (issue 18).

An .xlsx file is a ZIP of XML. Two hostile shapes took the importer down: a 5 KB workbook
with cells at A1 and XFD1048576 (the reader allocates the whole 16,384 × 1,048,576 grid and
the process aborts), and a 7.8 MB "zip bomb" whose XML unpacks without limit. So before the
reader sees the bytes, every member is unpacked as a stream — counting the bytes it really
yields, not the sizes the archive declares — and every worksheet's extent (its cell
references and declared dimension) is measured.
"""

from __future__ import annotations

import io
import re
import zipfile

from engine.errors import ValidationError

MAX_UNPACKED = 512 << 20  # bytes of XML a workbook may unpack to
MAX_CELLS = 50_000_000  # rows × columns of one sheet's extent
_CHUNK = 1 << 20
_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\b[^>]*?\bref="[A-Z]{0,3}[0-9]{0,7}:?'
    rb'([A-Z]{1,3})([0-9]{1,7})"'
)


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def check_workbook(data: bytes, name: str) -> None:
    """Refuse a workbook that unpacks to more than MAX_UNPACKED bytes or has a sheet whose
    extent exceeds MAX_CELLS; other files (.xls, not a ZIP) pass to the reader unchanged."""
    if not data.startswith(b"PK"):
        return  # the old binary .xls: at most 65,536 × 256 cells by its format
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception:
        raise ValidationError(f"{name} is not a readable Excel workbook (a damaged ZIP).") from None
    unpacked = 0
    hint = "Save the sheet as CSV or Parquet, or split the workbook."
    for member in members:
        sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
        rows = columns = 0
        tail = b""
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > MAX_UNPACKED:
                        raise ValidationError(
                            f"{name} unpacks to more than {MAX_UNPACKED >> 20} MiB of XML "
                            "(a workbook this size, or a ZIP bomb); Airlock reads workbooks "
                            f"of up to {MAX_UNPACKED >> 20} MiB unpacked.",
                            hint=hint,
                        )
                    if sheet:
                        window = tail + chunk
                        for pattern in (_REF, _DIMENSION):
                            for letters, digits in pattern.findall(window):
                                columns = max(columns, _column(letters))
                                rows = max(rows, int(digits))
                        tail = window[-256:]
        except ValidationError:
            raise
        except Exception as exc:
            raise ValidationError(f"{name} is not a readable Excel workbook ({exc}).") from None
        if rows * columns > MAX_CELLS:
            raise ValidationError(
                f"{name} has a sheet ({member.filename.rsplit('/', 1)[-1]}) that spans "
                f"{columns:,} columns × {rows:,} rows; Airlock reads sheets of up to "
                f"{MAX_CELLS:,} cells.",
                hint="Delete the stray cells far from the table "
                "(Ctrl+End shows the last one), or save the "
                "sheet as CSV.",
            )
