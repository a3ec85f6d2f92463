"""The Governance view's DPIA and Retention tabs: the DPIA form saves numbered versions the
engine keeps; a retention period set in the panel reaches the engine; the purge asks first
(with the dry run's list) and then crypto-shreds only what expired; the erasure dialog
removes data subjects; the roles that may not change these see the buttons disabled."""

from __future__ import annotations

import pyarrow as pa
import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from engine.errors import ShreddedError
from engine.training.spec import RunSpec
from tests.governance.test_retention import DAY, FAST, people, put
from tests.gui.conftest import wait_idle


def _tab(window, name: str, qtbot, runner):
    view = window.show_area("governance")
    wait_idle(qtbot, runner)
    panel = getattr(view, name)
    view.tabs.setCurrentWidget(panel)
    wait_idle(qtbot, runner)
    return panel


def _answer(monkeypatch, button: QMessageBox.StandardButton) -> list[str]:
    """Answer every QMessageBox.question with `button`; the texts asked are returned."""
    asked: list[str] = []

    def question(_parent, _title, text, *_args, **_kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def _row(table, text: str) -> int:
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == text)


def test_the_dpia_form_saves_versions(qtbot, window_for, runner, workspace, team):
    panel = _tab(window_for("analyst"), "dpia", qtbot, runner)
    assert "has no DPIA yet" in panel.status.text() and panel.history.count() == 0
    assert panel.save_button.isEnabled()
    panel.fields["processing"].setPlainText("Loan applications of retail applicants.")
    risk = panel.fields["residual_risk"]
    risk.setCurrentIndex(risk.findData("medium"))
    job = panel.save()
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    wait_idle(qtbot, runner)
    first = workspace.governance.dpia.current(team["auditor"])
    assert first.number == 1 and first.created_by == "ana"
    assert first.answers == {
        "processing": "Loan applications of retail applicants.",
        "residual_risk": "medium",
    }
    assert not first.complete and "purposes" in first.missing
    assert panel.history.count() == 1
    assert "Version 1 of 1" in panel.status.text()
    assert "incomplete, missing: Purposes and legal basis" in panel.status.text()
    assert first.sha256[:16] in panel.status.text()
    for key, field in panel.fields.items():  # answer everything: version 2 is complete
        if key != "residual_risk":
            field.setPlainText(f"answer to {key}")
    panel.save()
    wait_idle(qtbot, runner)
    second = workspace.governance.dpia.current(team["auditor"])
    assert second.number == 2 and second.complete
    assert panel.history.count() == 2 and "Version 2 of 2" in panel.status.text()
    assert ": complete." in panel.status.text()
    panel.history.setCurrentRow(1)  # the older version's answers, back in the form
    assert panel.fields["purposes"].toPlainText() == ""
    assert panel.fields["processing"].toPlainText() == "Loan applications of retail applicants."
    auditor = _tab(window_for("auditor"), "dpia", qtbot, runner)
    assert not auditor.save_button.isEnabled()
    assert auditor.fields["processing"].isReadOnly()
    assert auditor.fields["processing"].toPlainText() == "answer to processing"


def test_setting_a_retention_period_through_the_panel(
    qtbot, window_for, runner, workspace, team, tmp_path, monkeypatch
):
    put(workspace, team["analyst"], tmp_path, people(0), "people")
    panel = _tab(window_for("analyst"), "retention", qtbot, runner)
    row = _row(panel.datasets, "people")
    assert panel.datasets.item(row, 2).text() == "no limit"
    assert not panel.purge_button.isEnabled() and not panel.erase_button.isEnabled()
    answers = iter([(30, True), (0, True)])
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *_a, **_k: next(answers)))
    panel.datasets.selectRow(row)
    panel.ask_period()
    wait_idle(qtbot, runner)
    [retention] = workspace.governance.retention.overview(team["auditor"])
    assert retention.days == 30
    assert panel.datasets.item(_row(panel.datasets, "people"), 2).text() == "30 days"
    assert panel.versions.item(0, 2).text() != "—"  # the version now has an expiry
    panel.ask_period()  # 0: no limit
    wait_idle(qtbot, runner)
    assert workspace.governance.retention.overview(team["auditor"])[0].days is None


def test_purge_asks_with_the_dry_run_list_then_shreds(
    qtbot, window_for, runner, workspace, team, clock, tmp_path, monkeypatch
):
    analyst = team["analyst"]
    put(workspace, analyst, tmp_path, people(0), "people")
    clock.advance(20 * DAY)
    put(workspace, analyst, tmp_path, people(1000), "people")
    workspace.governance.retention.set(analyst, "people", 30)
    clock.advance(15 * DAY)  # people@1 is past its 30 days, people@2 is not
    panel = _tab(window_for("admin"), "retention", qtbot, runner)
    assert panel.datasets.item(_row(panel.datasets, "people"), 3).text() == "1"
    assert panel.versions.item(1, 0).text() == "people@1"
    assert panel.versions.item(1, 3).text() == "expired: purge it"
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    panel.purge()
    wait_idle(qtbot, runner)
    assert "people@1" in asked[0] and "people@2" not in asked[0]
    assert "nothing was shredded" in panel.status.text()
    assert workspace.data.read_table(team["admin"], "people@1").num_rows == 200
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    panel.purge()
    wait_idle(qtbot, runner)
    assert len(asked) == 1
    with pytest.raises(ShreddedError):
        workspace.data.read_table(team["admin"], "people@1")
    assert workspace.data.read_table(team["admin"], "people@2").num_rows == 200
    assert "Crypto-shredded 1 versions: people@1." in panel.status.text()
    assert panel.versions.item(1, 3).text().startswith("shredded")
    assert panel.datasets.item(_row(panel.datasets, "people"), 3).text() == "0"
    panel.purge()  # nothing left: no question asked
    wait_idle(qtbot, runner)
    assert len(asked) == 1 and "No version is past" in panel.status.text()


def test_the_erase_dialog_removes_subjects(
    qtbot, window_for, runner, workspace, team, clock, tmp_path, monkeypatch
):
    from gui.dialogs.erasure import EraseDialog

    analyst = team["analyst"]
    put(workspace, analyst, tmp_path, people(0, 300), "customers")
    clock.advance(DAY)
    put(
        workspace,
        analyst,
        tmp_path,
        pa.concat_tables([people(0, 300), people(300, 100)]),
        "customers",
    )
    run = workspace.training.train(
        analyst, RunSpec(dataset="customers@2", target="bought", model="logistic", **FAST)
    )
    workspace.registry.versions.register(analyst, run.ref, "buyer")
    panel = _tab(window_for("admin"), "retention", qtbot, runner)
    panel.datasets.selectRow(_row(panel.datasets, "customers"))
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    seen = {}

    def run_dialog(dialog):
        seen["dataset"], seen["column"] = (
            dialog.dataset.currentText(),
            dialog.id_column.currentText(),
        )
        dialog.submit()  # nothing entered: refused in the form
        seen["empty"] = dialog.message.text()
        dialog.subjects.setPlainText("7\n 8 \n\n305\n")
        dialog.reference.setText("DSR-2026-041")
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.result() != 0 or bool(dialog.message.text()), timeout=60_000)
        return dialog.result()

    monkeypatch.setattr(EraseDialog, "exec", run_dialog)
    dialog = panel.open_erase()
    wait_idle(qtbot, runner)
    assert seen == {
        "dataset": "customers",
        "column": "customer_id",
        "empty": "Enter at least one id to erase.",
    }
    assert len(asked) == 1 and "3 subjects (by customer_id) from customers" in asked[0]
    done = dialog.erasure
    assert done is not None and done.rows_removed == 3 and done.flagged == ("buyer@1",)
    clean = workspace.data.read_table(team["admin"], "customers@3")
    assert clean.num_rows == 397
    assert not {7, 8, 305} & set(clean.column("customer_id").to_pylist())
    assert (
        "Erasure DSR-2026-041 done: 3 subjects, 3 rows removed from customers"
        in panel.status.text()
    )
    assert panel.flags.count() == 1 and panel.flags.item(0).text().startswith("buyer@1: ")
    assert panel.erasures.count() == 1 and "DSR-2026-041" in panel.erasures.item(0).text()
    versions = [panel.versions.item(r, 3).text() for r in range(panel.versions.rowCount())]
    assert versions[0] == "kept" and all(v.startswith("shredded") for v in versions[1:])
