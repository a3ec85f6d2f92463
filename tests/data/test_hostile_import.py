"""Hostile files at the importer (issue 18): each ends in an AirlockError that says what is
wrong, or in a dataset version, never in a crash, a traceback or unbounded memory; and a
refused file leaves nothing behind."""

from __future__ import annotations

import io
import os
import random
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine.data.readers import ImportOptions
from engine.errors import AirlockError, ValidationError


def workbook(path, cells):
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    for row, column, value in cells:
        sheet.write(row, column, value)
    book.close()
    return path


def test_a_sheet_with_a_cell_at_the_far_corner_is_refused_before_reading(
    workspace, analyst, tmp_path
):
    # 5 KB on disk; the reader would allocate 17 billion cells and the process abort
    path = workbook(tmp_path / "corner.xlsx", [(0, 0, "a"), (1_048_575, 16_383, "z")])
    assert path.stat().st_size < 10_000
    with pytest.raises(ValidationError, match=r"spans 16,384 columns × 1,048,576 rows") as e:
        workspace.data.import_file(analyst, path, "corner")
    assert "Ctrl+End" in e.value.hint
    assert workspace.data.datasets(analyst) == []


def test_a_zip_bomb_workbook_is_refused_while_unpacking(workspace, analyst, tmp_path, monkeypatch):
    from engine.data import workbook_guard

    monkeypatch.setattr(workbook_guard, "MAX_UNPACKED", 4 << 20)  # the same check, smaller
    good = workbook(tmp_path / "good.xlsx", [(0, 0, "a"), (1, 0, 1)])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item))
        out.writestr("xl/media/padding.xml", b"<x/>" * (4 << 20))  # 16 MiB of XML
    assert bomb.stat().st_size < 200_000
    with pytest.raises(ValidationError, match="unpacks to more than 4 MiB"):
        workspace.data.import_file(analyst, bomb, "bomb")
    assert workspace.data.datasets(analyst) == []
    assert workspace.data.import_file(analyst, good, "good").version.rows == 1


def _valid_files(tmp_path):
    csv = tmp_path / "ok.csv"
    csv.write_text('id,name,amount\n1,سارة,10.5\n2,Ali,\n3,"x,y",7\n', encoding="utf-8")
    parquet = tmp_path / "ok.parquet"
    pq.write_table(pa.table({"id": [1, 2, 3], "v": [0.5, None, 2.0]}), parquet)
    xlsx = workbook(tmp_path / "ok.xlsx", [(0, 0, "id"), (1, 0, 1), (2, 0, 2)])
    return [csv, parquet, xlsx]


def test_mutated_and_random_files_end_in_a_clear_error_or_a_version(workspace, analyst, tmp_path):
    # a deterministic fuzz: bit flips, truncations and random bytes under each extension
    rng = random.Random(18)  # the same cases every run
    cases = []
    for source in _valid_files(tmp_path):
        data = source.read_bytes()
        for i in range(12):
            mutated = bytearray(data)
            if i % 3 == 0:
                mutated = mutated[: rng.randrange(1, len(mutated))]
            else:
                for _ in range(rng.randrange(1, 20)):
                    mutated[rng.randrange(len(mutated))] = rng.randrange(256)
            cases.append((source.suffix, bytes(mutated)))
        cases.append((source.suffix, rng.randbytes(rng.randrange(1, 4096))))
    outcomes = {"version": 0, "error": 0}
    for number, (suffix, data) in enumerate(cases):
        path = tmp_path / f"case{number}{suffix}"
        path.write_bytes(data)
        try:
            workspace.data.import_file(analyst, path, f"case{number}")
            outcomes["version"] += 1
        except AirlockError as exc:
            assert exc.message and "Traceback" not in exc.message
            outcomes["error"] += 1
    assert outcomes["error"] > 0 and sum(outcomes.values()) == len(cases)
    names = {d.name for d in workspace.data.datasets(analyst)}
    assert len(names) == outcomes["version"]  # a refused file left no dataset behind


def test_a_sheet_column_mixing_numbers_and_text_imports_as_text(workspace, analyst, tmp_path):
    path = workbook(
        tmp_path / "mixed.xlsx",
        [(0, 0, "code"), (1, 0, 1), (2, 0, "A-7"), (0, 1, "n"), (1, 1, 2), (2, 1, 3)],
    )
    version = workspace.data.import_file(analyst, path, "mixed").version
    table = workspace.data.read_table(analyst, version.ref)
    assert table.column("code").to_pylist() == ["1", "A-7"]
    assert table.column("n").to_pylist() == [2, 3]


def test_a_value_longer_than_the_csv_modules_limit_imports(workspace, analyst, tmp_path):
    # a 200 KiB cell once ended in an internal error (the type sniffer's 128 KiB limit)
    path = tmp_path / "long.csv"
    path.write_text("id,text\n1," + "x" * 200_000 + "\n2,short\n", encoding="utf-8")
    version = workspace.data.import_file(analyst, path, "long").version
    assert (version.rows, version.columns) == (2, 2)


def test_a_damaged_zip_is_a_clear_error(tmp_path):
    from engine.data.workbook_guard import check_workbook

    with pytest.raises(ValidationError, match="not a readable Excel workbook"):
        check_workbook(b"PK\x03\x04" + os.urandom(64), "broken.xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", '<dimension ref="A1:C3"/><c r="C3"/>')
    check_workbook(buffer.getvalue(), "small.xlsx")  # a normal extent passes


def test_numbers_with_decimal_commas_are_noted_not_silently_text(
    workspace, analyst, team, tmp_path
):
    # issue 19: "3,5" in a ';' file became text without a word
    path = tmp_path / "eu.csv"
    path.write_text(
        "id;price;city\n" + "".join(f"{i};{i},5;Riyadh\n" for i in range(40)), encoding="utf-8"
    )
    stored = workspace.data.import_file(analyst, path, "eu")
    assert [n for n in stored.notes if "decimal comma" in n] == [
        "column 'price' holds numbers written with a decimal comma (like 1,5) and was kept "
        "as text; export the file with a decimal point (or replace the commas) and import "
        "it again to use them as numbers"
    ]
    entry = [e for e in workspace.audit.entries(team["auditor"]) if e.action == "data.import"][-1]
    assert "notes" not in entry.details  # nothing about the data goes into the log


def test_binary_without_nul_bytes_is_not_called_empty(workspace, analyst, tmp_path):
    """Issue 19: a file of control bytes was "empty"; random high bytes a garbled CSV
    error."""
    rng = random.Random(2)
    for name, data in (
        ("control.csv", bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15]) * 500),
        ("noise.csv", bytes(rng.randrange(1, 256) for _ in range(6000))),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(
            ValidationError, match=f"{name} does not look like text: it contains binary bytes"
        ):
            workspace.data.import_file(analyst, path, "x")
    assert workspace.data.datasets(analyst) == []


def test_an_unclosed_quote_is_named_not_reported_as_a_field_count(workspace, analyst, tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text(
        'id,name,city\n1,"Sara,Riyadh\n2,Omar,Jeddah\n3,Huda,Dammam\n', encoding="utf-8"
    )
    with pytest.raises(
        ValidationError,
        match=r"quote.csv: line 2 opens a quote \(\"\) that "
        r"is never closed",
    ) as refused:
        workspace.data.import_file(analyst, path, "quote")
    assert "Close the quote" in refused.value.hint
    # a doubled quote inside a value is fine
    path.write_text('id,name\n1,"Sara ""the first"", Riyadh"\n', encoding="utf-8")
    stored = workspace.data.import_file(analyst, path, "quote")
    table = workspace.data.read_table(analyst, stored.version)
    assert table.column("name").to_pylist() == ['Sara "the first", Riyadh']


def test_a_file_mixing_utf8_and_windows_1256_is_refused_not_stored_garbled(
    workspace, analyst, tmp_path
):
    path = tmp_path / "mixed.csv"
    utf8 = "id,name\n" + "".join(f"{i},محمد\n" for i in range(300))
    path.write_bytes(
        utf8.encode("utf-8") + "".join(f"{i},أحمد\n" for i in range(300, 310)).encode("cp1256")
    )
    for encoding in (None, "cp1256", "utf-8"):
        with pytest.raises(
            ValidationError,
            match=r"mixed.csv mixes encodings: line 2 is "
            r"UTF-8 and line 302 is not",
        ):
            workspace.data.import_file(
                analyst, path, "mixed", options=ImportOptions(encoding=encoding)
            )
    assert workspace.data.datasets(analyst) == []
    # one encoding throughout imports, Arabic intact
    path.write_bytes(utf8.encode("cp1256"))
    stored = workspace.data.import_file(analyst, path, "mixed")
    assert workspace.data.read_table(analyst, stored.version).column("name")[0].as_py() == "محمد"
