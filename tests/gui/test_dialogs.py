"""The dialogs that create a workspace, reset a password, and add a user."""

from __future__ import annotations

import re

from gui.dialogs.create_workspace import CreateWorkspaceDialog
from gui.dialogs.recovery import RecoverDialog
from gui.dialogs.users import AddUserDialog
from tests.gui.conftest import wait_idle


def test_create_workspace_shows_the_recovery_key_until_stored(qtbot, runner, tmp_path):
    dialog = CreateWorkspaceDialog(runner)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "new"))
    dialog.admin.setText("root")
    dialog.password.setText("a long password 1")
    dialog.again.setText("a different one 1")
    dialog.submit()
    assert dialog.message.text() == "The two passwords do not match."
    dialog.again.setText("a long password 1")
    dialog.submit()
    wait_idle(qtbot, runner)
    shown = dialog.recovery_dialog
    assert shown.isVisible() and re.fullmatch(r"([A-Z2-7]{4}-){13}[A-Z2-7]{4}", shown.key.text())
    shown.reject()  # Escape does not skip the confirmation
    assert shown.isVisible() and not dialog.result()
    ok = shown.buttons.buttons()[0]
    assert not ok.isEnabled()
    shown.stored.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        shown.accept()
    assert dialog.created == tmp_path / "new" and (tmp_path / "new" / "airlock.toml").is_file()


def test_create_workspace_errors_stay_in_the_form(qtbot, runner, tmp_path):
    dialog = CreateWorkspaceDialog(runner)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "x"))
    dialog.admin.setText("root")
    dialog.password.setText("short")
    dialog.again.setText("short")
    dialog.submit()
    wait_idle(qtbot, runner)
    assert "at least 12 characters" in dialog.message.text()
    assert dialog.buttons.isEnabled() and not (tmp_path / "x").exists()


def test_recovery_dialog_resets_the_admin(qtbot, runner, workspace):
    key, path = workspace.recovery_key, str(workspace.path)
    workspace.close()
    dialog = RecoverDialog(runner, path)
    qtbot.addWidget(dialog)
    dialog.admin.setText("admin")
    dialog.key.setText("AAAA-" * 13 + "AAAA")
    dialog.password.setText("recovered password 1")
    dialog.again.setText("recovered password 1")
    dialog.submit()
    wait_idle(qtbot, runner)
    assert "typo" in dialog.message.text() or "not correct" in dialog.message.text()
    dialog.key.setText(key)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.submit()
    opened, actor = dialog.result_session
    assert actor.name == "admin"
    opened.close()


def test_add_user_dialog_checks_the_repeated_password(qtbot):
    dialog = AddUserDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("bob")
    dialog.role.setCurrentIndex(dialog.role.findData("validator"))
    dialog.password.setText("bob password 123")
    dialog.again.setText("bob password 12")
    dialog.submit()
    assert not dialog.result() and "do not match" in dialog.message.text()
    dialog.again.setText("bob password 123")
    dialog.submit()
    assert dialog.result() and dialog.values() == ("bob", "validator", "bob password 123")


def test_the_decide_evidence_shows_fairness_and_sensitive_features(english):
    """Issue 19: a validator sees the fairness verdict per tagged attribute (with its
    bootstrap interval), the sensitive features in use, and where the gates come from."""
    from gui.dialogs.registry import evidence_html

    evidence = {
        "model": "credit",
        "version": 2,
        "task": "binary",
        "model_sha256": "ab" * 32,
        "lineage": {"trained_by_name": "ana", "dataset_ref": "credit@1", "run_ref": "default#1"},
        "metrics": {"roc_auc": 0.81},
        "policy": {"source": "default", "why": "the project's default gates"},
        "gates": [
            {
                "gate": "a complete model card",
                "kind": "card",
                "passed": True,
                "detail": "card 1 is complete",
            }
        ],
        "sensitive": {
            "features_tagged": ["sex"],
            "features_unreviewed": ["age"],
            "tagged": ["sex", "nationality"],
        },
        "fairness": [
            {
                "attribute": "sex",
                "report": "fair_1",
                "ratio": 0.72,
                "low": 0.6,
                "high": 0.85,
                "four_fifths": False,
            },
            {
                "attribute": "nationality",
                "report": None,
                "ratio": None,
                "low": None,
                "high": None,
                "four_fifths": None,
            },
        ],
    }
    html = evidence_html(evidence, "e" * 64)
    assert "Gates from: the project&#x27;s default gates" in html
    assert "Features tagged sensitive: sex" in html
    assert "Features that look sensitive and were never reviewed: age" in html
    assert "sex: selection-rate ratio 0.72 (0.60–0.85), below the four-fifths rule" in html
    assert "nationality: no fairness result (assess the version)" in html
    assert "Warning" not in html
