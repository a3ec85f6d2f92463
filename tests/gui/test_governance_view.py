"""The Governance view's fairness tab: assess a version (stored, shown per group with the
four-fifths verdict and a chart), a stored report read back, mitigation through the dialog,
and the roles that may do which."""

from __future__ import annotations

import pyarrow.parquet as pq

from gui.jobs import JobState
from tests.gui.conftest import wait_idle


def _lending_version(workspace, analyst, tmp_path):
    from engine.training.spec import RunSpec
    from tests.governance.conftest import FAST, lending

    pq.write_table(lending(), tmp_path / "lending.parquet")
    workspace.data.import_file(analyst, tmp_path / "lending.parquet", "lending")
    workspace.data.annotations.tag(analyst, "lending", "gender", ["sensitive"])
    run = workspace.training.train(
        analyst, RunSpec(dataset="lending@1", target="approved", model="logistic", **FAST)
    )
    return workspace.registry.versions.register(analyst, run.ref, "lending")


def test_assess_shows_groups_disparities_and_the_verdict(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    version = _lending_version(workspace, team["analyst"], tmp_path)
    window = window_for("validator")  # validators assess, independently of the developers
    view = window.show_area("governance")
    wait_idle(qtbot, runner)
    panel = view.fairness
    assert panel.version.currentText() == version.ref
    assert "has no fairness report yet" in panel.summary.text()
    assert panel.mitigate_button.isHidden()  # validators do not train
    job = panel.assess()
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    wait_idle(qtbot, runner)
    assert job.state is JobState.SUCCEEDED, panel.summary.text()
    assert "gender: F's selection rate is" in panel.summary.text()
    assert panel.groups.rowCount() == 2 and panel.groups.item(0, 1).text() == "F"
    assert panel.disparities.item(0, 5).text() == "fails (F)"
    assert panel.plot.figure.axes and len(panel.plot.figure.axes[0].patches) == 2
    [stored] = workspace.governance.fairness.reports(team["auditor"], version.ref)
    assert stored.created_by == "val"
    auditor = window_for("auditor")  # reads the stored report, cannot assess
    view = auditor.show_area("governance")
    wait_idle(qtbot, runner)
    assert view.fairness.assess_button.isHidden()
    assert view.fairness.groups.rowCount() == 2
    assert stored.id in view.fairness.summary.text()


def test_mitigate_through_the_dialog(
    qtbot, window_for, runner, workspace, team, tmp_path, monkeypatch
):
    from gui.views import governance_fairness as governance

    version = _lending_version(workspace, team["analyst"], tmp_path)
    workspace.governance.fairness.report(team["analyst"], version.ref)
    window = window_for("analyst")
    view = window.show_area("governance")
    wait_idle(qtbot, runner)
    made = []

    def run_dialog(dialog):
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.result() != 0 or bool(dialog.message.text()), timeout=60_000)
        made.append(dialog.result_mitigation)
        return dialog.result()

    monkeypatch.setattr(governance.MitigateDialog, "exec", run_dialog)
    view.fairness.mitigate()
    assert made and made[0] is not None
    assert f"Run {made[0].run.ref} made: parity difference" in view.fairness.summary.text()
    assert (
        made[0].after["demographic_parity_difference"]
        < made[0].before["demographic_parity_difference"]
    )


def test_cards_tab_shows_saves_and_exports(qtbot, window_for, runner, workspace, team, tmp_path):
    version = _lending_version(workspace, team["analyst"], tmp_path)
    window = window_for("analyst")
    view = window.show_area("governance")
    view.tabs.setCurrentWidget(view.cards)
    wait_idle(qtbot, runner)
    panel = view.cards
    assert panel.card is not None and panel.card["ref"] == version.ref
    assert "Model details" in panel.view.toPlainText()
    assert "Missing for a complete card" in panel.status.text()
    # the card reads as printed, dark on white, whatever the theme (it was dark grey on
    # near-black in the dark theme)
    from PySide6.QtGui import QColor, QPalette

    assert panel.view.palette().color(QPalette.ColorRole.Base) == QColor("#ffffff")
    assert panel.view.palette().color(QPalette.ColorRole.Text) == QColor("#222222")
    panel.fields["limitations"].setPlainText("Synthetic lending data only.")
    job = panel.save()
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    wait_idle(qtbot, runner)
    assert panel.card["number"] == 1 and "card 1 saved" in panel.status.text()
    [saved] = workspace.governance.cards.saved(team["auditor"], version.ref)
    assert saved.by == "ana"
    panel.language.setCurrentIndex(1)  # Arabic
    assert "بطاقة النموذج" in panel.view.toPlainText()
    job = panel.export(str(tmp_path / "card.html"))
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    wait_idle(qtbot, runner)
    assert "dir='rtl'" in (tmp_path / "card.html").read_text(encoding="utf-8")
    auditor = window_for("auditor").show_area("governance")
    wait_idle(qtbot, runner)
    assert auditor.cards.save_button.isHidden()
    assert auditor.cards.fields["limitations"].isReadOnly()


def test_inventory_tab_lists_models_and_what_needs_attention(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    _lending_version(workspace, team["analyst"], tmp_path)
    view = window_for("auditor").show_area("governance")
    wait_idle(qtbot, runner)
    panel = view.inventory
    assert panel.table.rowCount() == 1 and panel.table.item(0, 0).text() == "lending@1"
    assert panel.table.item(0, 4).text() == "never"
    assert "no model card" in panel.table.item(0, 9).text()
    assert "1 models; 1 need attention" in panel.summary.text()
