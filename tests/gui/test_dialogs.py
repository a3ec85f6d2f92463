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
