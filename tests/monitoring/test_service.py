"""Drift through the workspace: dataset versions or a file, the reference profile cached
encrypted and reused, permissions, and the CLI."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from engine.errors import PermissionDenied, ValidationError
from tests.monitoring.test_drift import frame


@pytest.fixture
def versions(workspace, team, tmp_path):
    analyst = team["analyst"]
    for number, table in enumerate((frame(3000, 1), frame(3000, 2, mean=0.8)), 1):
        path = tmp_path / f"v{number}.parquet"
        pq.write_table(table, path)
        workspace.data.import_file(analyst, path, "batch")
    return analyst


def test_drift_between_versions_and_against_a_file(workspace, team, versions, tmp_path):
    analyst = versions
    result = workspace.monitoring.drift(analyst, "batch@1", "batch@2")
    assert result.drifted == ["x"] and not result.dataset_drift
    # the profile is now cached (an encrypted object) and reused
    profile, cached = workspace.monitoring.reference(analyst, "batch@1")
    assert cached and set(profile.columns) == {"x", "y", "city", "flag"}
    entries = [
        e for e in workspace.audit.entries(team["admin"]) if e.action == "monitoring.profile"
    ]
    assert len(entries) == 1 and entries[0].details["reference"] == "batch@1"
    raw = workspace.objects.path(entries[0].details["object"]).read_bytes()
    assert b"city" not in raw  # encrypted at rest
    csv = tmp_path / "may.csv"
    frame(2000, 3, mix=(0.1, 0.1, 0.8)).to_pandas().to_csv(csv, index=False)
    by_file = workspace.monitoring.drift(analyst, "batch@1", csv)
    assert by_file.current == "may.csv" and by_file.drifted == ["city"]
    # validators may compare (nothing cached for them); auditors may not
    assert workspace.monitoring.drift(team["validator"], "batch@2", "batch@1").drifted == ["x"]
    with pytest.raises(PermissionDenied):
        workspace.monitoring.drift(team["auditor"], "batch@1", "batch@2")
    with pytest.raises(ValidationError, match=r"batch@1 has no column nope"):
        workspace.monitoring.drift(analyst, "batch@1", "batch@2", columns=["nope"])


def test_cli_drift(workspace, versions):
    from tests.test_cli import airlock, ok

    env = {"AIRLOCK_USER": "ana", "AIRLOCK_PASSWORD": "analyst password 1"}
    workspace.close()
    quiet = airlock("drift", "batch@1", "batch@1", workspace=workspace.path, env=env)
    assert quiet.returncode == 0 and "0 of 4 columns drift" in ok(quiet)
    shifted = airlock("drift", "batch@1", "batch@2", "--json", workspace=workspace.path, env=env)
    assert shifted.returncode == 0, shifted.stderr
    body = json.loads(shifted.stdout)
    assert [c["column"] for c in body["columns"] if c["drifted"]] == ["x"]
    shared = airlock(
        "drift", "batch@1", "batch@2", "--drift-share", "0.25", workspace=workspace.path, env=env
    )
    assert shared.returncode == 3
    assert "dataset drift: ALERT (warning at 20%, alert at 25%)" in shared.stdout


def test_drift_reports_are_self_contained_html_and_pdf(workspace, team, versions, tmp_path):
    analyst = versions
    html = tmp_path / "drift.html"
    result = workspace.monitoring.report_file(analyst, "batch@1", "batch@2", html)
    text = html.read_text(encoding="utf-8")
    assert result.drifted == ["x"]
    assert text.count("data:image/png;base64,") == 4  # one plot per column
    assert "http://" not in text and "https://" not in text and "<script" not in text
    assert "1 of 4 columns drift" in text
    pdf = tmp_path / "drift.pdf"
    workspace.monitoring.report_file(analyst, "batch@1", "batch@2", pdf)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    entry = [e for e in workspace.audit.entries(team["admin"]) if e.action == "monitoring.report"][
        -1
    ]
    assert entry.details["file"] == "drift.pdf" and entry.details["drifted_columns"] == ["x"]
    with pytest.raises(ValidationError, match=r"an \.html or \.pdf file"):
        workspace.monitoring.report_file(analyst, "batch@1", "batch@2", tmp_path / "d.txt")
