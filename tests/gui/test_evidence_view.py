"""Compliance evidence in the GUI: the Governance view's Compliance tab (the 27 controls with
their status and evidence, filtered by framework, exported), and the Evidence room (a model
version's timeline with verified entries, the evidence pack written and checked, the roles
that see and may export)."""

from __future__ import annotations

import json
import zipfile

import pytest
from PySide6.QtGui import QColor

from engine.audit.pack_check import verify_pack
from gui.jobs import JobState
from tests.gui.conftest import wait_idle
from tests.gui.test_governance_view import _lending_version

from conftest import PASSWORDS


@pytest.fixture
def production(workspace, team, tmp_path):
    version = _lending_version(workspace, team["analyst"], tmp_path)
    workspace.registry.versions.set_stage(team["analyst"], version.ref, "staging")
    workspace.registry.approvals.request(team["analyst"], version.ref, note="ready")
    workspace.registry.approvals.approve(
        team["validator"], version.ref, password=PASSWORDS["val"], reason="reviewed"
    )
    return version.ref


def _row(table, text: str) -> int:
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == text)


def test_compliance_tab_shows_controls_and_their_evidence(
    qtbot, window_for, runner, workspace, team, production, tmp_path
):
    view = window_for("auditor").show_area("governance")
    wait_idle(qtbot, runner)
    panel = view.compliance
    assert panel.report is None  # checked when the tab is shown, not before
    view.tabs.setCurrentWidget(panel)
    wait_idle(qtbot, runner)
    assert panel.table.rowCount() == 27
    expected = workspace.governance.compliance.check(team["auditor"])
    counts = expected["summary"]
    assert (
        f"{counts['met']} met, {counts['partial']} partial, {counts['missing']} missing"
        in panel.summary.text()
    )
    met = _row(panel.table, "ECC-2-12")  # the log verifies, kept 730 days
    assert panel.table.item(met, 3).text() == "met"
    assert panel.table.item(met, 3).foreground().color() == QColor("#1e8449")
    # approved by another person than the trainer — but the test workspace turned the
    # default production gates off, and compliance says so
    row = _row(panel.table, "SAMA-VAL")
    assert panel.table.item(row, 3).text() == "missing"
    missing = _row(panel.table, "AIA-72")  # no monitor yet
    assert panel.table.item(missing, 3).text() == "missing"
    assert panel.table.item(missing, 3).foreground().color() == QColor("#c0392b")
    panel.table.selectRow(row)
    detail = panel.detail.toPlainText()
    assert "trained by ana, approved by val" in detail
    # where to look, as the app names it (issue 20: no command line in the GUI)
    assert "See: Models (Awaiting approval)" in detail and "airlock" not in detail
    assert "An administrator turned the default production gates off (admin, " in detail
    gdpr = panel.framework.findData("GDPR")
    assert gdpr > 0 and panel.framework.count() == 1 + len(expected["frameworks"])
    panel.framework.setCurrentIndex(gdpr)
    wait_idle(qtbot, runner)
    frameworks = {panel.table.item(r, 1).text().split()[0] for r in range(panel.table.rowCount())}
    assert frameworks == {"GDPR"} and panel.table.rowCount() == len(
        [c for c in expected["controls"] if c["framework"] == "GDPR"]
    )
    job = panel.export(str(tmp_path / "compliance.json"))
    wait_idle(qtbot, runner)
    assert job.state is JobState.SUCCEEDED
    written = json.loads((tmp_path / "compliance.json").read_text(encoding="utf-8"))
    assert {c["framework"] for c in written["controls"]} == {"GDPR"}
    assert "Wrote" in panel.summary.text()


def test_timeline_pack_export_and_verification(
    qtbot, window_for, runner, workspace, team, production, tmp_path
):
    view = window_for("auditor").show_area("evidence")
    wait_idle(qtbot, runner)
    assert view.version.currentText() == production
    assert view.export_button.isEnabled()
    job = view.show_timeline()
    wait_idle(qtbot, runner)
    assert job.state is JobState.SUCCEEDED
    steps = workspace.governance.evidence.timeline(team["auditor"], production)["steps"]
    assert view.table.rowCount() == len(steps) >= 5
    assert "the audit log verifies" in view.summary.text()
    phases = {view.table.item(r, 1).text() for r in range(view.table.rowCount())}
    assert {"data", "training", "registry"} <= phases
    approve = next(
        r for r in range(view.table.rowCount()) if "approved" in view.table.item(r, 2).text()
    )
    assert view.table.item(approve, 3).text() == "val"  # names, not user ids
    assert view.table.item(approve, 4).text().startswith("#")
    assert all(view.table.item(r, 5).text() == "✓" for r in range(view.table.rowCount()))
    out = tmp_path / "pack.zip"
    job = view.export(str(out))
    wait_idle(qtbot, runner)
    assert job.state is JobState.SUCCEEDED, view.summary.text()
    assert verify_pack(str(out)).ok
    assert f"Wrote {out}" in view.verdict.text()
    view.verify(str(out))
    wait_idle(qtbot, runner)
    assert "pack.zip: VALID." in view.verdict.text()
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(
                name, data.replace(b"lending@1", b"lending@9") if name == "card.md" else data
            )
    view.verify(str(bad))
    wait_idle(qtbot, runner)
    assert "bad.zip: INVALID." in view.verdict.text()
    findings = [view.findings.item(i).text() for i in range(view.findings.count())]
    assert any("card.md" in f and "doesn't match the pack manifest" in f for f in findings)


@pytest.mark.tampers
def test_a_tampered_entry_shows_red_in_the_timeline(
    qtbot, window_for, runner, workspace, production
):
    from tests.helpers import raw_db

    db = raw_db(workspace.path)
    db.execute(
        "UPDATE audit_entries SET details = replace(details, 'reviewed', "
        "'rubber-stamped') WHERE action = 'registry.approve'"
    )
    db.close()
    view = window_for("auditor").show_area("evidence")
    wait_idle(qtbot, runner)
    view.show_timeline()
    wait_idle(qtbot, runner)
    assert "the audit log does NOT verify" in view.summary.text()
    approve = next(
        r for r in range(view.table.rowCount()) if "approved" in view.table.item(r, 2).text()
    )
    cell = view.table.item(approve, 5)
    assert cell.text() == "✗ not verified" and cell.foreground().color() == QColor("#c0392b")


def test_who_sees_the_evidence_room_and_who_may_export(qtbot, window_for, runner, production):
    analyst = window_for("analyst")
    assert "evidence" not in [a.key for a in analyst.areas]
    with pytest.raises(KeyError):
        analyst.show_area("evidence")
    validator = window_for("validator").show_area("evidence")
    wait_idle(qtbot, runner)
    assert validator.version.currentText() == production
    assert validator.show_button.isEnabled() and validator.verify_button.isEnabled()
    assert not validator.export_button.isEnabled()
    validator.show_timeline()  # validators read the log: the timeline is theirs too
    wait_idle(qtbot, runner)
    assert validator.table.rowCount() > 0


def test_a_timeline_step_opens_its_entry_in_the_audit_log(qtbot, window_for, runner, production):
    """Issue 20: double-click a step of the timeline: the Audit log shows its entry."""
    from PySide6.QtCore import Qt

    window = window_for("auditor")
    view = window.show_area("evidence")
    wait_idle(qtbot, runner)
    view.show_timeline()
    wait_idle(qtbot, runner)
    approve = next(
        r for r in range(view.table.rowCount()) if "approved" in view.table.item(r, 2).text()
    )
    seq = view.timeline["steps"][approve]["entries"][0]["seq"]
    assert view.table.item(approve, 4).text().startswith(f"#{seq}")
    cell = view.table.visualItemRect(view.table.item(approve, 2)).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    audit = window.views["audit"]
    qtbot.waitUntil(lambda: audit.table.currentIndex().isValid(), timeout=20_000)
    assert window.current_view() is audit
    assert audit.model.entry(audit.table.currentIndex().row()).seq == seq
    assert '"action": "registry.approve"' in audit.details.toPlainText()
