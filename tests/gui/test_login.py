"""Sign-in, back-off, lock and unlock, auto-lock."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.dialogs.login import LoginDialog
from tests.gui.conftest import wait_idle

from conftest import ADMIN_PASSWORD


def make_login(qtbot, runner, prefs, workspace, tmp_path):
    dialog = LoginDialog(runner, prefs, tmp_path / "demo", str(workspace.path), "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_login_success_opens_the_workspace(qtbot, runner, prefs, workspace, tmp_path):
    dialog = make_login(qtbot, runner, prefs, workspace, tmp_path)
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    opened, actor = dialog.result_session
    assert actor.name == "admin" and actor.role == "admin"
    assert prefs.recent[0] == str(workspace.path) and prefs.last_user == "admin"
    opened.close()


def test_wrong_password_shows_the_engine_message_and_back_off(
    qtbot, runner, prefs, workspace, tmp_path
):
    dialog = make_login(qtbot, runner, prefs, workspace, tmp_path)
    for _ in range(3):
        dialog.password.setText("not the password")
        dialog.submit()
        wait_idle(qtbot, runner)
        assert "Wrong user name or password." in dialog.message.text()
        assert not dialog.isHidden() and dialog.result_session is None
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.submit()
    wait_idle(qtbot, runner)
    assert "Too many failed logins for this user name. Try again in" in dialog.message.text()
    assert not dialog.sign_in.isEnabled() and dialog.sign_in.text().startswith("Wait")
    qtbot.waitUntil(dialog.sign_in.isEnabled, timeout=5000)  # the countdown ends


def test_missing_workspace_is_a_message_in_the_dialog(qtbot, runner, prefs, tmp_path):
    dialog = LoginDialog(runner, prefs, tmp_path / "demo", str(tmp_path / "nowhere"), "x")
    qtbot.addWidget(dialog)
    dialog.password.setText("some password 1")
    dialog.submit()
    wait_idle(qtbot, runner)
    assert "There is no workspace" in dialog.message.text()


def test_demo_workspace_from_the_dialog(qtbot, runner, prefs, tmp_path, demo_copy):
    # the demo built once for the run (tests/conftest.py; building it is tested there and in
    # tests/store/test_workspace.py): the dialog's job opens it and selects it
    demo_copy(tmp_path / "demo")
    dialog = LoginDialog(runner, prefs, tmp_path / "demo", None, None)
    qtbot.addWidget(dialog)
    dialog.open_demo()
    wait_idle(qtbot, runner)
    assert runner.presenter.shown == [] and runner.jobs[-1].error is None, (
        runner.presenter.shown,
        runner.jobs[-1].error,
    )
    assert dialog.workspace.currentText() == str(tmp_path / "demo")
    assert dialog.user.text() == "admin" and "demo admin password" in dialog.hint.text()
    dialog.password.setText("demo admin password")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.submit()
    dialog.result_session[0].close()


def test_preparing_the_demo_shows_its_stages_and_can_be_cancelled(qtbot, runner, prefs, tmp_path):
    # issue 20: a determinate bar with the stage in words, the other buttons disabled
    # meanwhile, and Cancel that keeps nothing
    dialog = LoginDialog(runner, prefs, tmp_path / "demo", None, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.open_demo()
    assert not dialog.demo_button.isEnabled() and not dialog.new_button.isEnabled()
    assert dialog.cancel_demo.isVisible() and dialog.busy.maximum() == 1000
    qtbot.waitUntil(lambda: "adding the users" in dialog.hint.text(), timeout=60_000)
    assert dialog.busy.value() > 0  # determinate, moving
    dialog.cancel_demo.click()
    wait_idle(qtbot, runner, 120_000)
    assert "cancelled" in dialog.hint.text() and dialog.demo_button.isEnabled()
    assert not (tmp_path / "demo").exists() and list(tmp_path.glob(".demo*")) == []


def test_lock_drops_keys_and_unlock_needs_the_password(qtbot, window_for, runner):
    window = window_for("admin")
    session = window.ctx.session
    old_actor = session.actor
    session.lock("on request")
    wait_idle(qtbot, runner)
    assert session.locked and old_actor.locked  # keys dropped from memory
    assert window.stack.currentWidget() is window.lock_page and not window.sidebar.isEnabled()
    dialog = window.unlock_dialog
    assert dialog.isVisible()
    dialog.password.setText("wrong password here")
    dialog.submit()
    wait_idle(qtbot, runner)
    assert "Wrong user name or password." in dialog.message.text() and session.locked
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.submit()
    qtbot.waitUntil(lambda: not session.locked, timeout=10_000)
    assert session.actor is not old_actor and not session.actor.locked
    assert window.sidebar.isEnabled() and window.current_view() is window.views["dashboard"]


def test_idle_session_locks_itself(qtbot, window_for, runner):
    window = window_for("analyst")
    session = window.ctx.session
    session.set_autolock(0.005)  # 300 ms
    qtbot.waitUntil(lambda: session.locked, timeout=5000)
    wait_idle(qtbot, runner)
    actions = [
        e.action
        for e in window.ctx.workspace.audit.entries(
            window.ctx.workspace.login("admin", ADMIN_PASSWORD)
        )
    ]
    assert "auth.lock" in actions


def test_a_service_account_cannot_sign_in_to_the_desktop(
    qtbot, runner, prefs, workspace, admin, tmp_path
):
    workspace.users.add(admin, "svc-pipelines", "analyst", "service password 12", service=True)
    dialog = make_login(qtbot, runner, prefs, workspace, tmp_path)
    dialog.user.setText("svc-pipelines")
    dialog.password.setText("service password 12")
    dialog.submit()
    wait_idle(qtbot, runner)
    assert "svc-pipelines is a service account" in dialog.message.text()
    assert dialog.result_session is None


def test_the_lock_dialog_offers_sign_out(qtbot, window_for, runner):
    """Issue 20: another person at the desk signs out from the lock screen."""
    window = window_for("analyst")
    window.ctx.session.lock("on request")
    wait_idle(qtbot, runner)
    dialog = window.unlock_dialog
    assert dialog.sign_out.text() == "&Sign out" and dialog.isVisible()
    with qtbot.waitSignal(window.sign_out_requested, timeout=5_000):
        dialog.sign_out.click()
    assert not dialog.isVisible()


def test_a_long_message_does_not_squeeze_the_fields(qtbot, runner, prefs, tmp_path):
    # seen on a real display: a three-line refusal left the fields a few pixels high
    from gui.dialogs.login import LoginDialog

    dialog = LoginDialog(runner, prefs, tmp_path / "demo", str(tmp_path / "nowhere"), "x")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.show_error(
        "The key slot of admin asks for Argon2id memory_kib=64, below the minimum 19456; "
        "refusing to derive a key from it. The slot may have been made in test mode or "
        "tampered with. An administrator can reset the password."
    )
    qtbot.wait(50)
    for field in (dialog.user, dialog.password):
        assert field.height() >= field.sizeHint().height()
