"""The Models view: register through the form, stages with badges, request with the
evidence shown, the validator's decision with password re-entry, scoring with progress,
roles deciding which actions show."""

from __future__ import annotations

import re

import pandas as pd
import pyarrow.parquet as pq
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from engine.training.spec import RunSpec
from gui.jobs import JobState
from gui.views.models import STAGE_COLOURS
from tests.conftest import PASSWORDS
from tests.gui.conftest import wait_idle
from tests.training.conftest import loans_table


def _trained(workspace, team, tmp_path):
    path = tmp_path / "loans.parquet"
    pq.write_table(loans_table(), path)
    workspace.data.import_file(team["analyst"], path, "loans")
    return workspace.training.train(
        team["analyst"],
        RunSpec(
            "loans@1",
            "default",
            model="logistic",
            folds=3,
            learning_curve=False,
            explain=False,
            n_jobs=1,
        ),
    )


def test_register_request_approve_and_score(qtbot, window_for, runner, workspace, team, tmp_path):
    run = _trained(workspace, team, tmp_path)
    view = window_for("analyst").show_area("models")
    wait_idle(qtbot, runner)
    # the empty state says what to do, and its button does it
    assert view.empty.empty and "No registered models" in view.empty.label.text()
    assert view.empty.action.isVisibleTo(view.empty)
    assert view.decide_button.isHidden() and not view.register_button.isHidden()
    dialog = view.open_register()
    assert dialog.run_box.currentData() == run.id
    dialog.name.setEditText("credit")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.submit()
    wait_idle(qtbot, runner)
    assert "Registered credit@1 in dev." in view.status.text()
    assert view.versions.item(0, 1).text() == "dev"
    assert view.versions.item(0, 1).background().color() == QColor(STAGE_COLOURS["dev"])
    assert "Input signature" in view.detail.toPlainText()
    assert view.to_staging.isEnabled() and not view.request_button.isEnabled()
    view.move_to_stage("staging")
    wait_idle(qtbot, runner)
    assert view.versions.item(0, 1).text() == "staging" and view.request_button.isEnabled()
    view.open_request()
    wait_idle(qtbot, runner)
    request = view.dialog
    request.note.setText("ready for the pilot")
    with qtbot.waitSignal(request.accepted, timeout=10_000):
        request.submit()
    wait_idle(qtbot, runner)
    assert "a validator who did not train it decides" in view.status.text()
    assert "awaiting approval" in view.model_list.item(0).text()

    validator_window = window_for("validator")
    wait_idle(qtbot, runner)
    dashboard = validator_window.views["dashboard"]
    assert dashboard.overview.awaiting_me == ("default: credit@1",)
    assert "Awaiting your approval: default: credit@1" in dashboard.models_card.body.text()
    # issue 20: plural forms right
    assert "1 request for production pending" in dashboard.models_card.body.text()
    data = dashboard.data_card.body.text()
    assert "1 project" in data and "1 projects" not in data
    validator = validator_window.show_area("models")
    wait_idle(qtbot, runner)
    assert validator.register_button.isHidden() and validator.decide_button.isEnabled()
    decide = validator.open_decide()
    text = decide.findChildren(type(view.detail))[0].toPlainText()
    assert "ready for the pilot" in text and "Trained by ana" in text
    # issue 19: the validator sees that no gate applies, and the sensitive features in use
    assert "Warning: no gate policy, and an administrator turned the default gates off" in text
    assert "Features that look sensitive and were never reviewed: age, gender" in text
    # issue 20: Enter in the password field does not decide; the reason warning clears
    decide.password.setText(PASSWORDS["val"])
    qtbot.keyClick(decide.password, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    assert decide.isVisible() and decide.decision == ""
    decide.submit()  # no reason yet
    wait_idle(qtbot, runner)
    assert "Give a reason" in decide.message.text()
    decide.reason.setPlainText("evidence reviewed")
    assert decide.message.text() == ""
    assert (
        re.search(r"on \d{4}-\d\d-\d\d \d\d:\d\d(:|\W|$)", text)
        and "." not in text.split("Requested by")[1].split(":")[0]
    )  # local time, no microseconds
    decide.password.setText("wrong password")
    decide.submit()
    wait_idle(qtbot, runner)
    assert decide.isVisible() and "The password is not right." in decide.message.text()
    decide.password.setText(PASSWORDS["val"])
    with qtbot.waitSignal(decide.accepted, timeout=10_000):
        decide.submit()
    wait_idle(qtbot, runner)
    assert decide.password.text() == ""
    assert validator.versions.item(0, 1).text() == "production"
    assert "approved by val" in validator.detail.toPlainText()
    assert workspace.registry.versions.model(team["admin"], "credit").production.ref == "credit@1"

    # scoring runs as a job with progress; the result lands in the status line
    source = tmp_path / "new.csv"
    loans_table(30, seed=6).to_pandas().to_csv(source, index=False)
    job = view.score("credit@1", str(source), str(tmp_path / "scores.csv"))
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    wait_idle(qtbot, runner)
    assert job.state is JobState.SUCCEEDED
    assert "Scored 30 rows with credit@1" in view.status.text()
    assert len(pd.read_csv(tmp_path / "scores.csv")) == 30
    bad = tmp_path / "bad.csv"
    loans_table(5).to_pandas().drop(columns=["debt"]).to_csv(bad, index=False)
    job = view.score("credit@1", str(bad), str(tmp_path / "bad-scores.csv"))
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    wait_idle(qtbot, runner)
    assert "no column 'debt'" in view.status.text()
    assert not (tmp_path / "bad-scores.csv").exists()


def test_the_auditor_sees_models_but_no_actions(
    qtbot, window_for, runner, workspace, team, tmp_path
):
    run = _trained(workspace, team, tmp_path)
    workspace.registry.versions.register(team["analyst"], run.ref, "credit")
    view = window_for("auditor").show_area("models")
    wait_idle(qtbot, runner)
    assert view.model_list.count() == 1 and view.versions.rowCount() == 1
    assert all(b.isHidden() for b in view.buttons)


def test_a_version_is_selected_in_arabic_too(
    qtbot, window_for, runner, workspace, team, tmp_path, qapp
):
    # QTableView.selectRow selected nothing right to left when the columns did not fill
    # the width; the view selects rows through the selection model instead
    from gui.i18n import install_language
    from gui.main_window import MainWindow

    run = _trained(workspace, team, tmp_path)
    workspace.registry.versions.register(team["analyst"], run.ref, "credit")
    window = window_for("analyst")
    assert install_language(qapp, "ar")
    try:
        arabic = MainWindow(window.ctx)
        qtbot.addWidget(arabic)
        arabic.resize(1280, 800)
        arabic.show()
        view = arabic.show_area("models")
        wait_idle(qtbot, runner)
        assert view.current_version() is not None
        assert "credit@1" in view.detail.toPlainText()
    finally:
        install_language(qapp, "en")


def test_model_forms_keep_the_users_work(qtbot, window_for, runner, workspace, team, tmp_path):
    """Issue 20: an engine refusal stays in the dialog next to the field it concerns, and
    reopening a form shows what it held last time (Register, Request, Score a file)."""
    from gui.dialogs.registry import RequestDialog

    _trained(workspace, team, tmp_path)
    view = window_for("analyst").show_area("models")
    wait_idle(qtbot, runner)
    register = view.open_register()
    register.name.setEditText("bad name!")
    # checked while typing, with the engine's own rule: said at once, OK disabled
    ok = register.buttons.button(register.buttons.StandardButton.Ok)
    assert "A model name uses letters" in register.errors["name"].text()
    assert not ok.isEnabled()
    register.name.setEditText("fine")
    assert ok.isEnabled() and not register.errors["name"].isVisibleTo(register)
    register.name.setEditText("bad name!")
    register.submit()
    wait_idle(qtbot, runner)
    assert register.isVisible() and register.errors["name"].isVisibleTo(register)
    assert "A model name uses letters" in register.errors["name"].text()
    assert register.message.text() == ""
    register.name.setEditText("credit")
    with qtbot.waitSignal(register.accepted, timeout=10_000):
        register.submit()
    wait_idle(qtbot, runner)
    again = view.open_register()
    assert again.name.currentText() == "credit"  # the model the next run most likely joins
    again.reject()

    score = view.open_score()
    score.source.setText(str(tmp_path / "nothing.csv"))
    score.target.setText(str(tmp_path / "scores.txt"))
    score.submit()
    assert score.isVisible() and "There is no input file" in score.errors["source"].text()
    source = tmp_path / "new.csv"
    loans_table(20, seed=8).to_pandas().to_csv(source, index=False)
    score.source.setText(str(source))
    score.submit()
    assert not score.errors["source"].isVisibleTo(score)
    assert ".csv or .parquet" in score.errors["target"].text() and score.isVisible()
    out = tmp_path / "out"
    out.mkdir()
    score.target.setText(str(out / "scores.csv"))
    score.decimals.setValue(2)
    with qtbot.waitSignal(score.accepted, timeout=10_000):
        score.submit()
    wait_idle(qtbot, runner)
    assert (out / "scores.csv").is_file() and "Scored 20 rows" in view.status.text()
    again = view.open_score()
    assert again.decimals.value() == 2 and again.target_folder == str(out)
    # the last input again (a failed scoring is tried again), its scores beside the last
    assert again.source.text() == str(source)
    assert again.target.text() == str(out / "new-scores.csv")
    again.reject()

    # a refused request keeps its note for the next attempt at the same version
    view.move_to_stage("staging")
    wait_idle(qtbot, runner)
    view.open_request()
    wait_idle(qtbot, runner)
    request = view.dialog
    request.note.setText("ready for the pilot")
    workspace.registry.approvals.request(team["analyst"], "credit@1", note="asked elsewhere first")
    request.submit()
    wait_idle(qtbot, runner)
    assert request.isVisible() and "already awaits a decision" in request.message.text()
    request.reject()
    evidence = workspace.registry.approvals.evidence(team["analyst"], "credit@1")
    assert RequestDialog(view._ctx, None, "credit@1", evidence).note.text() == "ready for the pilot"
    assert RequestDialog(view._ctx, None, "credit@2", evidence).note.text() == ""
