"""Sealed values (engine/objects/sealed.py): validation reports and contract bodies are
ciphertext in the metadata database, bound to their row and to the data keys of their
sources; a moved or edited value is refused; a shredded source leaves the value unreadable;
`airlock upgrade` seals what older workspaces kept in plaintext."""

from __future__ import annotations

import json

import pytest

from engine.errors import IntegrityError
from engine.projects import ProjectFields

from helpers import raw_db

SECRET = "K-CANARY-4711"


@pytest.fixture
def validated(workspace, team, tmp_path):
    analyst = team["analyst"]
    workspace.projects.create(analyst, "p", ProjectFields())
    csv = tmp_path / "ids.csv"
    csv.write_text(
        "code,n\n" + "".join(f"N{i:05d},{i}\n" for i in range(50)) + f"{SECRET},50\n",
        encoding="utf-8",
    )
    workspace.data.import_file(analyst, csv, "ids", project="p")
    contract = workspace.data.contracts.infer(analyst, "ids@1", "p")
    for column in contract["columns"]:
        if column["name"] == "code":
            column["pattern"] = r"^N\d{5}$"
            column["allowed"] = [f"N{i:05d}" for i in range(3)] + [SECRET]
    workspace.data.contracts.save(analyst, "ids", contract, "p")
    assert not workspace.data.contracts.validate(
        analyst, "ids@1", dataset_ref="ids@1", project="p"
    ).passed
    workspace.db.checkpoint()
    return workspace, analyst


def db_bytes(ws) -> bytes:
    return b"".join(p.read_bytes() for p in ws.path.glob("metadata.db*"))


def test_reports_and_contracts_are_sealed_and_still_read_back(validated):
    ws, analyst = validated
    assert SECRET.encode() not in db_bytes(ws)
    db = raw_db(ws.path)
    (report,) = db.execute("SELECT report FROM validations").fetchone()
    (body,) = db.execute("SELECT body FROM contracts").fetchone()
    db.close()
    assert report.startswith("sealed1:") and body.startswith("sealed1:")
    [result] = ws.data.contracts.results(analyst, "ids@1", "p")
    samples = [s["value"] for r in result.report["results"] for s in r["samples"]]
    assert SECRET in samples and result.contract == "ids@1"
    assert SECRET in ws.data.contracts.get(analyst, "ids", "p").body["columns"][0]["allowed"]


@pytest.mark.sqlite_only
def test_a_sealed_value_moved_to_another_row_is_refused(validated, tmp_path):
    ws, analyst = validated
    ws.data.contracts.save(analyst, "other", ws.data.contracts.get(analyst, "ids", "p").body, "p")
    db = raw_db(ws.path)
    (first,) = db.execute("SELECT body FROM contracts WHERE name='ids'").fetchone()
    db.execute("UPDATE contracts SET body=? WHERE name='other'", (first,))
    db.close()
    with pytest.raises(IntegrityError, match=r"contracts/ctr_\w+/body does not authenticate"):
        ws.data.contracts.get(analyst, "other", "p")


def test_shredding_the_data_leaves_its_report_unreadable(validated, team):
    ws, analyst = validated
    admin = team["admin"]
    ws.governance.retention.erase(admin, "ids", "code", [SECRET], reference="DSR-9", project="p")
    [result] = ws.data.contracts.results(analyst, "ids@1", "p")
    assert result.report == {"shredded": True, "contract": "ids@1", "results": []}
    assert not result.passed  # the outcome is kept, the samples are gone


@pytest.fixture
def older_entries(monkeypatch):
    from tests.helpers import entries_before_stored_digests

    entries_before_stored_digests(monkeypatch)


@pytest.mark.sqlite_only
def test_upgrade_seals_what_older_workspaces_kept_in_plaintext(older_entries, validated, team):
    ws, analyst = validated
    admin = team["admin"]
    opened = ws.data.contracts.results(analyst, "ids@1", "p")[0].report
    body = ws.data.contracts.get(analyst, "ids", "p").body
    db = raw_db(ws.path)  # as written before sealed values existed
    db.execute("UPDATE validations SET report=?", (json.dumps(opened),))
    db.execute("UPDATE contracts SET body=?", (json.dumps(body),))
    db.close()
    assert ws.data.contracts.results(analyst, "ids@1", "p")[0].report == opened
    ws.db.checkpoint()
    assert SECRET.encode() in db_bytes(ws)
    ws.upgrade(admin)
    assert SECRET.encode() not in db_bytes(ws)
    assert ws.data.contracts.results(analyst, "ids@1", "p")[0].report == opened
    entry = [e for e in ws.audit.entries(admin) if e.action == "workspace.upgrade"][-1]
    assert entry.details["sealed"] == 2
