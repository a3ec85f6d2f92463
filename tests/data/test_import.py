"""Importing datasets: formats, detection, immutable hashed versions, and every kind of bad
or unusual input (refused with a clear message and nothing stored, or imported correctly)."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine.data.readers import ImportOptions
from engine.errors import Cancelled, ValidationError
from engine.jobs import CancelToken
from tests.data.conftest import write_csv


def stored_state(workspace) -> tuple[int, int, list[str]]:
    """(audit size, object rows, leftover temporary files)."""
    with workspace.db.reading() as session:
        size = workspace.audit_log.size(session)
        objects = session.execute(
            __import__("sqlalchemy").text("SELECT count(*) FROM objects")
        ).scalar()
    parts = [p.name for p in (workspace.path / "objects").rglob("*.part")]
    return size, objects, parts


def test_csv_import_creates_an_immutable_hashed_version(workspace, analyst, credit_csv):
    stored = workspace.data.import_file(analyst, credit_csv, "credit")
    version = stored.version
    assert (version.ref, version.rows, version.columns, stored.existing) == (
        "credit@1",
        3000,
        4,
        False,
    )
    kinds = {c["name"]: c["semantic"] for c in version.schema}
    assert kinds == {
        "id": "identifier",
        "age": "numeric",
        "city": "categorical",
        "income": "numeric",
    }
    table = workspace.data.read_table(analyst, "credit@1")
    assert table.column("city").to_pylist()[:3] == ["Riyadh", "Jeddah", "Dammam"]
    again = workspace.data.import_file(analyst, credit_csv, "credit")
    assert again.existing and again.version.id == version.id  # same content, same version
    entry = [
        e
        for e in workspace.audit.entries(workspace.login("admin", "admin password 123"))
        if e.action == "data.import"
    ]
    assert len(entry) == 1 and entry[0].details["content_hash"] == version.content_hash
    assert entry[0].details["source_sha256"] == version.source_sha256 != ""
    raw = workspace.objects.path(version.object_id).read_bytes()
    assert b"Riyadh" not in raw  # encrypted at rest


def test_content_hash_ignores_the_file_format(workspace, analyst, credit_csv, tmp_path):
    first = workspace.data.import_file(analyst, credit_csv, "credit").version
    workspace.data.export(analyst, "credit@1", tmp_path / "copy.parquet")
    second = workspace.data.import_file(analyst, tmp_path / "copy.parquet", "credit")
    assert second.existing and second.version.content_hash == first.content_hash
    different = write_csv(tmp_path / "d.csv", "id,age,city,income", ["1,2,x,3.5"])
    third = workspace.data.import_file(analyst, different, "credit").version
    assert third.version == 2 and third.content_hash != first.content_hash


def test_content_hash_ignores_how_rows_are_split_into_blocks(workspace, analyst, tmp_path):
    from engine.data.canonical import CanonicalHasher, table_hash

    # ~7 MB: the CSV reader's 4 MiB blocks and Parquet's row groups split it differently
    rows = [
        f"{i},{i * 0.25},{'' if i % 7 == 0 else 'city' + str(i % 13)},{'x' * (i % 40)}"
        for i in range(200_000)
    ]
    path = write_csv(tmp_path / "big.csv", "id,score,city,note", rows)
    first = workspace.data.import_file(analyst, path, "big").version
    table = workspace.data.read_table(analyst, first)
    pq.write_table(table, tmp_path / "big.parquet", row_group_size=30_001)
    again = workspace.data.import_file(analyst, tmp_path / "big.parquet", "big")
    assert again.existing and again.version.id == first.id
    for size in (1, 999, 65_536):
        # one row a batch over the first 5,000 rows (200,000 one-row batches took 15 s)
        part = table.slice(0, 5_000) if size == 1 else table
        hasher = CanonicalHasher(part.schema)
        for batch in part.to_batches(max_chunksize=size):
            hasher.update(batch)
        assert hasher.hexdigest() == table_hash(part)
        if part is table:
            # stored keyed (objects/store.py fingerprint): not the plain hash anyone can
            # compute
            assert (
                workspace.objects.fingerprint(analyst, hasher.hexdigest())
                == first.content_hash
                != hasher.hexdigest()
            )
    scores = table.column("score").to_pylist()
    changed = table.set_column(1, "score", pa.array([0.5, *scores[1:]]))
    assert table_hash(changed) != table_hash(table)  # one value differs: another hash


def test_arabic_windows_1256_and_utf8_bom_are_detected(workspace, analyst, tmp_path):
    rows = ["1,الرياض,قرض شخصي", "2,جدة,بطاقة", "3,الدمام,رهن"]
    cp = write_csv(tmp_path / "ar.csv", "id,city,note", rows, encoding="cp1256")
    version = workspace.data.import_file(analyst, cp, "arabic").version
    assert workspace.data.read_table(analyst, version).column("city").to_pylist() == [
        "الرياض",
        "جدة",
        "الدمام",
    ]
    bom = tmp_path / "bom.csv"
    bom.write_bytes(codecs.BOM_UTF8 + "id;name\n1;سارة\n2;Omar\n".encode())
    version = workspace.data.import_file(analyst, bom, "bom").version
    table = workspace.data.read_table(analyst, version)
    assert table.column_names == ["id", "name"] and table.column("name")[0].as_py() == "سارة"


def test_encoding_and_delimiter_can_be_overridden(workspace, analyst, tmp_path):
    path = write_csv(tmp_path / "x.csv", "a|b", ["1|é", "2|ü"], encoding="latin-1")
    options = ImportOptions(encoding="latin-1", delimiter="|")
    table = workspace.data.read_table(
        analyst, workspace.data.import_file(analyst, path, "x", options=options).version
    )
    assert table.column("b").to_pylist() == ["é", "ü"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"a,b,c\n", "has a header but no rows"),
        (
            b"a,b\n1,2\n3,4,5\n6,7\n8\n",
            "different number of fields than its header (2): lines 3, 5",
        ),
        (b"\x00\x01\x02\x03binary\xff\xfe", "does not look like text"),
        (b"id,name,id\n1,x,2\n", "Column names must be unique, but 'id' appears more than once"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    workspace, analyst, tmp_path, content, message
):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    before = stored_state(workspace)
    with pytest.raises(ValidationError) as caught:
        workspace.data.import_file(analyst, path, "bad")
    assert message in caught.value.message
    assert stored_state(workspace) == before
    assert workspace.data.datasets(analyst) == []


def test_undecodable_bytes_get_a_reason_the_user_can_act_on(workspace, analyst, tmp_path):
    path = tmp_path / "mixed.csv"
    body = "".join(f"{i},text {i}\n" for i in range(400_000)).encode()
    path.write_bytes(b"id,label\n" + body + b"400001,caf\xe9\n")  # one Latin-1 byte at the end
    with pytest.raises(ValidationError) as caught:
        workspace.data.import_file(analyst, path, "mixed")
    assert "not valid utf-8" in caught.value.message and "encoding" in caught.value.hint
    version = workspace.data.import_file(
        analyst, path, "mixed", options=ImportOptions(encoding="latin-1")
    ).version
    assert version.rows == 400_001


def test_missing_column_mixed_types_and_late_type_change_import(workspace, analyst, tmp_path):
    rows = [f"{i},,{i if i % 7 else 'unknown'}" for i in range(1, 200)]
    path = write_csv(tmp_path / "odd.csv", "id,empty,mixed", rows)
    version = workspace.data.import_file(analyst, path, "odd").version
    columns = {c["name"]: c for c in version.schema}
    assert columns["empty"]["nulls"] == 199 and columns["empty"]["type"] == "string"
    assert columns["mixed"]["type"] == "string"
    late = tmp_path / "late.csv"  # the odd value is far beyond the first block
    late.write_bytes(
        b"n,v\n" + b"".join(b"%d,%d\n" % (i, i) for i in range(700_000)) + b"700000,2.5\n700001,x\n"
    )
    stored = workspace.data.import_file(analyst, late, "late")
    assert {c["name"]: c["type"] for c in stored.version.schema}["v"] == "string"
    assert any("mixed values" in note for note in stored.notes)
    assert stored.version.rows == 700_002


def test_five_thousand_columns_import(workspace, analyst, tmp_path):
    header = ",".join(f"c{i}" for i in range(5000))
    rows = [",".join(str(i * j % 97) for j in range(5000)) for i in range(20)]
    version = workspace.data.import_file(
        analyst, write_csv(tmp_path / "wide.csv", header, rows), "wide"
    ).version
    assert (version.rows, version.columns) == (20, 5000)


def test_excel_chosen_sheet_with_formula_values(workspace, analyst, tmp_path):
    import xlsxwriter

    path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(str(path))
    first = book.add_worksheet("Summary")
    first.write_row(0, 0, ["note"])
    first.write_row(1, 0, ["not this sheet"])
    data = book.add_worksheet("Loans")
    data.write_row(0, 0, ["amount", "rate", "interest"])
    for row in range(1, 6):
        data.write_row(row, 0, [row * 1000, 0.05])
        data.write_formula(row, 2, f"=A{row + 1}*B{row + 1}", None, row * 50.0)
    book.close()
    with pytest.raises(ValidationError, match="has no sheet 'Nope'") as caught:
        workspace.data.import_file(analyst, path, "loans", options=ImportOptions(sheet="Nope"))
    assert "Summary, Loans" in caught.value.hint
    version = workspace.data.import_file(
        analyst, path, "loans", options=ImportOptions(sheet="Loans")
    ).version
    table = workspace.data.read_table(analyst, version)
    assert table.column("interest").to_pylist() == [50.0, 100.0, 150.0, 200.0, 250.0]


def test_parquet_flat_imports_and_nested_is_refused(workspace, analyst, tmp_path):
    flat = tmp_path / "flat.parquet"
    pq.write_table(
        pa.table({"a": [1, 2, 3], "b": pa.array(["x", "y", "x"]).dictionary_encode()}), flat
    )
    version = workspace.data.import_file(analyst, flat, "flat").version
    assert [c["type"] for c in version.schema] == ["int64", "string"]
    nested = tmp_path / "nested.parquet"
    pq.write_table(pa.table({"id": [1, 2], "tags": [[1, 2], [3]]}), nested)
    with pytest.raises(ValidationError, match=r"'tags' of nested\.parquet holds nested values"):
        workspace.data.import_file(analyst, nested, "nested")


def test_file_changing_while_read_is_refused(workspace, analyst, tmp_path):
    path = tmp_path / "growing.csv"
    path.write_bytes(b"a,b\n" + b"".join(b"%d,%d\n" % (i, i) for i in range(2_000_000)))
    touched = []

    def progress(fraction, message=""):
        if fraction > 0.2 and not touched:
            with open(path, "ab") as handle:
                handle.write(b"1,1\n")
            touched.append(True)

    before = stored_state(workspace)
    with pytest.raises(ValidationError, match="changed while it was being read"):
        workspace.data.import_file(analyst, path, "growing", progress=progress)
    assert stored_state(workspace) == before


@pytest.mark.slow
def test_two_gigabyte_file_cancelled_part_way_stores_nothing(workspace, analyst, tmp_path):
    path = tmp_path / "big.csv"
    block = b"".join(b"%d,%d.5,label%d\n" % (i, i, i % 10) for i in range(50_000))
    with open(path, "wb") as handle:
        handle.write(b"id,value,label\n")
        while handle.tell() < 2 * 1024**3:
            handle.write(block)
    token = CancelToken()
    seen = []

    def progress(fraction, message=""):
        seen.append(fraction)
        if fraction >= 0.3:  # well into the file (reading half of it took 20 s)
            token.cancel()

    before = stored_state(workspace)
    with pytest.raises(Cancelled):
        workspace.data.import_file(analyst, path, "big", progress=progress, cancel=token)
    assert 0.3 <= max(seen) < 0.4
    assert stored_state(workspace) == before
    assert workspace.data.datasets(analyst) == []
    os.remove(path)


def test_missing_file_and_unknown_extension(workspace, analyst, tmp_path):
    with pytest.raises(ValidationError, match="There is no file"):
        workspace.data.import_file(analyst, tmp_path / "nope.csv", "x")
    odd = tmp_path / "data.bin"
    odd.write_bytes(b"a,b\n1,2\n")
    with pytest.raises(ValidationError, match="cannot tell the format"):
        workspace.data.import_file(analyst, odd, "x")
    assert Path(odd).exists()


def test_export_is_permission_checked_and_audited(workspace, team, credit_csv, tmp_path):
    from engine.errors import PermissionDenied

    workspace.data.import_file(team["analyst"], credit_csv, "credit")
    with pytest.raises(PermissionDenied):
        workspace.data.export(team["auditor"], "credit@1", tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()
    workspace.data.export(team["analyst"], "credit@1", tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_text().startswith('"id","age","city","income"')
    last = workspace.audit.entries(team["auditor"])[-1]
    assert last.action == "data.export" and last.details["version"] == "credit@1"
