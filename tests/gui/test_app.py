"""The application controller as `make run` drives it: sign in, change preferences (Arabic
rebuilds the window right to left), sign out back to the sign-in window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.app import AirlockApp, parse_args
from tests.gui.conftest import wait_idle

from conftest import ADMIN_PASSWORD


def test_sign_in_preferences_and_sign_out(qtbot, qapp, workspace, prefs, tmp_path, english):
    path = workspace.path
    workspace.close()
    app = AirlockApp(qapp, prefs, tmp_path / "demo", str(path), "admin")
    app.start()
    login = app.login
    login.password.setText(ADMIN_PASSWORD)
    login.submit()
    qtbot.waitUntil(lambda: app.window is not None, timeout=10_000)
    window = app.window
    wait_idle(qtbot, app.runner)
    assert window.isVisible() and window.user_label.text() == "User: admin"
    assert window.ctx.session.autolock_ms == prefs.autolock_minutes * 60_000

    app.apply_preferences("dark", 3, "ar")
    wait_idle(qtbot, app.runner)
    assert prefs.language == "ar" and prefs.theme == "dark" and prefs.autolock_minutes == 3
    assert app.window is not window and app.window.isRightToLeft()
    assert app.window.sidebar.item(0).text() == "لوحة المعلومات"
    assert app.context.session.autolock_ms == 180_000
    app.apply_preferences("light", 3, "en")
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight

    session = app.context.session
    app.sign_out()
    assert app.window is None and app.login is not None and app.login.isVisible()
    assert session.actor.locked  # keys dropped on sign-out
    app.login.rejected.disconnect()  # closing the last window would quit the test's app
    app.login.close()
    app.runner.wait(10_000)


def test_command_line_options():
    args = parse_args(["--demo", "-w", "/x", "-u", "ana"])
    assert args.demo and args.workspace == "/x" and args.user == "ana"
