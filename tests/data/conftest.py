"""Data fixtures: files to import."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def analyst(team):
    return team["analyst"]


def write_csv(path: Path, header: str, rows: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
    return path


@pytest.fixture
def credit_csv(tmp_path) -> Path:
    rows = [
        f"{i},{20 + i % 50},{['Riyadh', 'Jeddah', 'Dammam'][i % 3]},{1000 + i * 3.5}"
        for i in range(3000)
    ]
    return write_csv(tmp_path / "credit.csv", "id,age,city,income", rows)
