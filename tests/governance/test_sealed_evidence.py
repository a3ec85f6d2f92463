"""Model evidence derived from data is sealed at rest (issue 18): test reports with their
golden records, fairness reports with their groups, drift reports of monitor runs, and saved
model cards are ciphertext in the metadata database, read back intact, and `airlock upgrade`
seals what older workspaces kept in plaintext."""

from __future__ import annotations

import json

import pytest

from engine.objects.sealed import SEALER
from engine.store.schema import FairnessReportRow, ModelCardRow, ModelTestRow, MonitorRunRow

from helpers import raw_db

COLUMNS = [
    (ModelTestRow, "model_tests", "suite"),
    (ModelTestRow, "model_tests", "report"),
    (FairnessReportRow, "fairness_reports", "report"),
    (MonitorRunRow, "monitor_runs", "report"),
    (ModelCardRow, "model_cards", "card"),
    (ModelCardRow, "model_cards", "narrative"),
]
GOLDEN = {
    "applicant": 1,
    "gender": "F",
    "region": "north",
    "income": 7000.0,
    "debt": 0.2,
    "expected": "yes",
}


@pytest.fixture
def evidence(workspace, team, lending_run):
    ws, analyst = workspace, team["analyst"]
    version = ws.registry.versions.register(analyst, lending_run.ref, "lending")
    ws.registry.tests.run(
        analyst, version.ref, {"name": "golden", "check": [{"kind": "golden", "records": [GOLDEN]}]}
    )
    ws.governance.fairness.report(analyst, version.ref)
    ws.governance.cards.save(analyst, version.ref, {"limitations": "Sealed card."})
    ws.monitors.add(analyst, {"name": "mon", "reference": "lending@1", "current": "lending"})
    ws.monitors.run(analyst, "mon")
    return ws, analyst, version.ref


def read_back(ws, actor, ref):
    return (
        ws.registry.tests.stored(actor, ref),
        [f.report.as_json() for f in ws.governance.fairness.reports(actor, ref)],
        ws.governance.cards.saved(actor, ref),
        ws.governance.cards.card(actor, ref)["narrative"],
        ws.monitors.history(actor, "mon"),
    )


def stored(ws) -> list[str]:
    db = raw_db(ws.path)
    try:
        return [
            value
            for table in ("model_tests", "fairness_reports", "monitor_runs", "model_cards")
            for column in {
                "model_tests": ("suite", "report"),
                "model_cards": ("card", "narrative"),
            }.get(table, ("report",))
            for (value,) in db.execute(f"SELECT {column} FROM {table}")
        ]
    finally:
        db.close()


def test_model_evidence_is_sealed_and_reads_back(evidence):
    ws, analyst, ref = evidence
    values = stored(ws)
    assert len(values) == 6 and all(v.startswith("sealed1:") for v in values)
    tests, fairness, cards, narrative, runs = read_back(ws, analyst, ref)
    assert tests[0].passed in (True, False) and tests[0].report["checks"][0]["kind"] == "golden"
    assert fairness and fairness[0]["disparities"]
    assert cards[0].number == 1 and narrative["limitations"] == "Sealed card."
    assert runs and runs[0].columns


@pytest.fixture
def older_entries(monkeypatch):
    from tests.helpers import entries_before_stored_digests

    entries_before_stored_digests(monkeypatch)


@pytest.mark.sqlite_only
def test_upgrade_seals_the_evidence_older_workspaces_kept_in_plaintext(
    older_entries, evidence, team
):
    ws, analyst, ref = evidence
    admin = team["admin"]
    before = read_back(ws, analyst, ref)
    with ws.db.transaction() as session:  # as written before these were sealed
        for table, name, column in COLUMNS:
            for row in session.query(table):
                value = SEALER.open(
                    session, admin, getattr(row, column), f"{name}/{row.id}/{column}"
                )
                setattr(row, column, value if isinstance(value, str) else json.dumps(value))
    assert not any(v.startswith("sealed1:") for v in stored(ws))
    assert read_back(ws, analyst, ref) == before  # older plaintext still reads
    ws.upgrade(admin)
    assert all(v.startswith("sealed1:") for v in stored(ws))
    assert read_back(ws, analyst, ref) == before
    entry = [e for e in ws.audit.entries(admin) if e.action == "workspace.upgrade"][-1]
    assert entry.details["sealed"] == 4  # a test, a fairness report, a monitor run, a card
