"""Guessing how a text file is written: encoding, delimiter, and whether it is text at all."""

from __future__ import annotations

import codecs
import csv
import re
from dataclasses import dataclass
from pathlib import Path

from engine.errors import ValidationError

SAMPLE = 256 * 1024
DELIMITERS = ",;\t|"
# Encodings tried in order when the file is not UTF-8; Windows-1256 covers Arabic files
# saved by Excel on Arabic Windows, Latin-1 accepts any byte (the last resort).
FALLBACKS = ("cp1256", "cp1252", "latin-1")


@dataclass(frozen=True)
class TextFormat:
    encoding: str  # a Python codec name
    delimiter: str
    sample: str  # the first lines, decoded


_LEADING = re.compile(r"^\s*(\+\d|0\d)")


def keep_as_text(sample: str, delimiter: str, skip_rows: int = 0) -> list[str]:
    """Columns whose values start with '+' or a leading zero (phone numbers, IDs, codes):
    reading them as numbers would lose those characters, so they stay text."""
    lines = sample.splitlines()[skip_rows:]
    if len(lines) < 2:
        return []
    try:
        rows = list(csv.reader(lines[:-1] if len(lines) > 2 else lines, delimiter=delimiter))
    except csv.Error:  # a value over the csv module's 128 KiB field limit: only a hint lost
        return []
    if not rows:
        return []
    header, body = rows[0], rows[1:]
    keep = []
    for index, name in enumerate(header):
        values = [r[index] for r in body if index < len(r) and r[index].strip()]
        if any(_LEADING.match(v) and not v.strip().startswith("0.") for v in values):
            keep.append(name)
    return keep


def _decodes(data: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        decoder.decode(data, final=False)  # a multi-byte character may be cut at the end
    except UnicodeDecodeError:
        return False
    return True


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff") / len(letters)


def detect_encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _decodes(data, "utf-8"):
        return "utf-8"
    # Bytes that are not UTF-8: Arabic Windows files decode to Arabic letters in cp1256
    # and to accented Latin noise in cp1252.
    if _decodes(data, "cp1256") and _arabic_share(data.decode("cp1256", "replace")) > 0.2:
        return "cp1256"
    for encoding in FALLBACKS[1:]:
        if _decodes(data, encoding):
            return encoding
    return "latin-1"


_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 26, 27))


def check_text(data: bytes, name: str) -> None:
    if not data:
        raise ValidationError(f"{name} is empty.", hint="Choose a file that holds data.")
    head = data[:SAMPLE]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    # NUL bytes, or more than 1 % control characters (text has tabs and line ends only):
    # binary data without a NUL was once reported as "empty" or as a garbled CSV error
    controls = len(head) - len(head.translate(None, _CONTROL))
    if b"\x00" in head or controls > len(head) // 100:
        raise ValidationError(
            f"{name} does not look like text: it contains binary bytes.",
            hint="Is it a CSV file? Excel and Parquet files are imported "
            "by their own extension (.xlsx, .parquet).",
        )


def mixed_encodings(data: bytes) -> tuple[int, int] | None:
    """(a line written in UTF-8, a line that is not), 1-based, when a file mixes the two
    (UTF-8 rows appended to a Windows-1256 export, say); None when it does not. Any one
    encoding would store one of them garbled."""
    lines = data.split(b"\n")
    if not data.endswith(b"\n"):
        lines = lines[:-1]  # the sample may end inside a character
    utf8 = other = 0
    for number, line in enumerate(lines, 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other = other or number
        else:
            utf8 = utf8 or number
        if utf8 and other:
            return utf8, other
    return None


def unclosed_quote(text: str, quote: str = '"') -> int | None:
    """The line (1-based) whose quote is never closed, or None: such a quote swallows the
    rest of the file into one value, which a parser reports as a wrong field count."""
    inside, opened = False, 0
    for number, line in enumerate(text.splitlines(), 1):
        for _ in range(line.count(quote)):
            inside = not inside
            if inside:
                opened = number
    return opened if inside else None


def detect_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: lines[0].count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def sniff(
    path: Path, encoding: str | None = None, delimiter: str | None = None, skip_rows: int = 0
) -> TextFormat:
    """Read the start of `path` and work out its format (overrides win)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(SAMPLE)
    except OSError as exc:
        raise ValidationError(f"Cannot read {path.name}: {exc.strerror or exc}.") from None
    check_text(head, path.name)
    mixed = mixed_encodings(head)
    if mixed is not None:
        raise ValidationError(
            f"{path.name} mixes encodings: line {mixed[0]} is UTF-8 and line {mixed[1]} is "
            "not (Windows-1256 or another); read as either, one of them would be stored "
            "garbled.",
            hint="Save the whole file in one encoding (UTF-8), then import it.",
        )
    chosen = encoding or detect_encoding(head)
    try:
        codecs.lookup(chosen)
    except LookupError:
        raise ValidationError(
            f"{chosen!r} is not an encoding Airlock knows.",
            hint="Use a name such as utf-8, cp1256 or latin-1.",
        ) from None
    text = head.decode(chosen, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    body = "\n".join(text.splitlines()[skip_rows:])  # lines before the header say nothing
    return TextFormat(chosen, delimiter or detect_delimiter(body), text)
