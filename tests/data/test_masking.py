"""Issue 19: columns tagged personal or identifier are masked for the roles that do not need
them — a validator or an auditor looking at a dataset saw every national ID."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from engine.data.service import MASK


def _people(workspace, analyst, tmp_path):
    path = tmp_path / "people.parquet"
    pq.write_table(
        pa.table(
            {
                "national_id": ["1012345678", "1098765432", None],
                "name": ["Sara Ali", "Omar Saleh", "Huda Nasser"],
                "income": [5100.0, 7300.5, 6100.0],
            }
        ),
        path,
    )
    workspace.data.import_file(analyst, path, "people")
    workspace.data.annotations.tag(analyst, "people", "national_id", ["personal", "identifier"])
    workspace.data.annotations.tag(analyst, "people", "name", ["personal"])


def test_validators_and_auditors_see_personal_columns_masked(workspace, team, tmp_path):
    _people(workspace, team["analyst"], tmp_path)
    for role in ("auditor", "validator"):
        table, masked = workspace.data.view_table(team[role], "people@1")
        assert masked == ["name", "national_id"]
        assert table.column("national_id").to_pylist() == [MASK, MASK, None]  # null stays
        assert table.column("name").to_pylist() == [MASK] * 3
        assert table.column("income").to_pylist() == [5100.0, 7300.5, 6100.0]
        column = workspace.data.profile(team[role], "people@1").column("national_id")
        assert (column.min, column.max, column.top) == (None, None, [])
        assert f"values masked for the {role} role" in column.warnings
        assert "1012345678" not in str(workspace.data.profile(team[role], "people@1").as_json())
    for role in ("analyst", "admin"):
        table, masked = workspace.data.view_table(team[role], "people@1")
        assert masked == [] and table.column("national_id").to_pylist()[0] == "1012345678"
    assert workspace.data.profile(team["analyst"], "people@1").column("name").top
