"""Hostile files read with bounded memory (issue 18): a fresh process reads a full-size ZIP
bomb workbook (more XML than the 512 MiB limit, packed into well under a megabyte), a 5 KB
workbook whose extent is 17 billion cells, a CSV with a 32 MiB cell, and bit-flipped copies
of valid files. Each ends in an AirlockError or a table, the process's peak resident memory
stays far below what reading any of them naively would take, and it exits cleanly (a CSV
given up mid-read once aborted the interpreter at exit: engine/data/readers.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.data.test_hostile_import import _valid_files, workbook

SCRIPT = r"""
import json, sys
from pathlib import Path
from engine.data.importer import read_table_from_file
from engine.errors import AirlockError
out = {}
for path in sorted(Path(sys.argv[1]).iterdir()):
    try:
        table, _ = read_table_from_file(path)
        out[path.name] = f"table {table.num_rows}x{table.num_columns}"
    except AirlockError as exc:
        out[path.name] = "error: " + exc.message
# VmHWM: this process's own peak (ru_maxrss keeps the forking parent's across exec)
hwm = next(int(line.split()[1]) for line in open("/proc/self/status")
           if line.startswith("VmHWM:"))
print(json.dumps({"outcomes": out, "peak_mib": hwm / 1024}))
"""

LIMIT_MIB = 900  # the interpreter with pyarrow, pandas and numpy loaded is ~250 MiB


@pytest.mark.slow
def test_hostile_files_are_read_with_bounded_memory(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = workbook(folder / "a_good.xlsx", [(0, 0, "a"), (1, 0, 1)])
    with (
        zipfile.ZipFile(good) as source,
        zipfile.ZipFile(folder / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in source.infolist():
            out.writestr(item, source.read(item))
        with out.open("xl/media/padding.xml", "w") as pad:  # 600 MiB, streamed in
            for _ in range(600):
                pad.write(b"<x/>" * (1 << 18))
    assert (folder / "bomb.xlsx").stat().st_size < 2_000_000
    workbook(folder / "corner.xlsx", [(0, 0, "a"), (1_048_575, 16_383, "z")])
    (folder / "long_cell.csv").write_bytes(b"id,text\n1," + b"x" * (32 << 20) + b"\n")
    for number, source in enumerate(_valid_files(tmp_path)):
        data = bytearray(source.read_bytes())
        data[len(data) // 2] ^= 0xFF
        (folder / f"flipped{number}{source.suffix}").write_bytes(bytes(data))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    outcomes = result["outcomes"]
    assert outcomes["a_good.xlsx"] == "table 1x1"
    assert "unpacks to more than 512 MiB" in outcomes["bomb.xlsx"]
    assert "spans 16,384 columns × 1,048,576 rows" in outcomes["corner.xlsx"]
    assert "longer than 4 MiB in one cell" in outcomes["long_cell.csv"]
    assert all(o.startswith(("table", "error: ")) for o in outcomes.values())
    assert result["peak_mib"] < LIMIT_MIB, result
