"""The desktop application: QApplication, theme, language, sign-in, main window.

python main.py [--workspace DIR] [--user NAME] [--demo]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from gui.context import AppContext
from gui.errors import ErrorPresenter
from gui.i18n import install_language
from gui.jobs import JobRunner
from gui.preferences import Preferences
from gui.session import Session
from gui.theme import apply_theme

if TYPE_CHECKING:
    from gui.dialogs.login import LoginDialog
    from gui.main_window import MainWindow


def default_demo_path() -> Path:
    """Where `--demo` keeps its workspace: $AIRLOCK_DEMO_DIR, else the user's data folder."""
    if os.environ.get("AIRLOCK_DEMO_DIR"):
        return Path(os.environ["AIRLOCK_DEMO_DIR"])
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".airlock") / "demo-workspace"


class AirlockApp(QObject):
    """Owns the sign-in dialog, the session and the main window; nothing else."""

    def __init__(
        self,
        qapp: QApplication,
        prefs: Preferences,
        demo_path: Path,
        workspace: str | None = None,
        user: str | None = None,
    ) -> None:
        super().__init__(qapp)
        self.qapp = qapp
        self.prefs = prefs
        self.demo_path = demo_path
        from gui.collector import UiThreadCollector

        self.collector = UiThreadCollector(parent=self)  # never on a worker thread
        self.presenter = ErrorPresenter(self.active_window, self)
        self.runner = JobRunner(self.presenter, self)
        self.window: MainWindow | None = None
        self.context: AppContext | None = None
        self.login: LoginDialog | None = None
        self._workspace = workspace
        self._user = user
        qapp.aboutToQuit.connect(self.shutdown)

    def active_window(self) -> QWidget | None:
        return QApplication.activeWindow() or self.window or self.login

    def start(self) -> None:
        from gui.dialogs.login import LoginDialog

        self.login = LoginDialog(
            self.runner, self.prefs, self.demo_path, self._workspace, self._user
        )
        self.login.accepted.connect(self._signed_in)
        self.login.rejected.connect(self._login_closed)
        self.login.show()

    def _login_closed(self) -> None:
        if self.window is None:
            self.qapp.quit()

    def _signed_in(self) -> None:
        assert self.login is not None and self.login.result_session is not None
        workspace, actor = self.login.result_session
        session = Session(workspace, actor, self.runner, self.prefs.autolock_minutes)
        self.context = AppContext(session, self.runner, self.presenter, self.prefs)
        self.login.deleteLater()
        self.login = None
        self.show_main_window()

    def show_main_window(self) -> None:
        from gui.main_window import MainWindow

        assert self.context is not None
        self.window = MainWindow(self.context)
        self.window.sign_out_requested.connect(self.sign_out)
        self.window.preferences_changed.connect(self.apply_preferences)
        self.window.show()

    def sign_out(self) -> None:
        self._close_session()
        self.start()

    def _close_session(self) -> None:
        window, self.window = self.window, None
        if window is not None:
            window.close()
            window.deleteLater()
        if self.context is not None:
            self.context.session.close()
            self.context = None

    def apply_preferences(self, theme: str, minutes: int, language: str) -> None:
        changed_language = language != self.prefs.language
        self.prefs.theme, self.prefs.autolock_minutes, self.prefs.language = (
            theme,
            minutes,
            language,
        )
        self.prefs.sync()
        apply_theme(self.qapp, theme)
        if self.context is not None and self.window is not None:
            self.context.session.set_autolock(min(minutes, self.window.autolock_max))
        if changed_language:
            install_language(self.qapp, language)
            old, self.window = self.window, None
            if old is not None:
                old.close()
                old.deleteLater()
            self.show_main_window()  # rebuilt with the new language and direction

    def shutdown(self) -> None:
        self._close_session()
        self.runner.wait(10_000)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="airlock-desktop", description="The Airlock desktop app.")
    parser.add_argument("--workspace", "-w", help="the workspace folder to sign in to")
    parser.add_argument("--user", "-u", help="the user name to fill in")
    parser.add_argument(
        "--demo", action="store_true", help="open (creating it if needed) the demo workspace"
    )
    parser.add_argument("--probe-startup", action="store_true", help=argparse.SUPPRESS)
    # for the bundle test: with --demo, sign in as the demo administrator, report the main
    # window and quit
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def run(argv: list[str]) -> int:
    from engine.security.hardening import no_core_dumps

    no_core_dumps()
    args = parse_args(argv)
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("Airlock")
    qapp.setOrganizationName("Airlock")
    prefs = Preferences()
    apply_theme(qapp, prefs.theme)
    install_language(qapp, prefs.language)
    controller = AirlockApp(qapp, prefs, default_demo_path(), args.workspace, args.user)
    controller.start()
    if args.demo:
        assert controller.login is not None
        controller.login.open_demo()
    if args.probe_startup:  # for bench/gui_startup.py: report once the window is up

        def probe() -> None:
            heavy = [
                m
                for m in ("pandas", "sklearn", "matplotlib", "scipy", "pyarrow")
                if m in sys.modules
            ]
            print("LOGIN_SHOWN heavy=" + (",".join(heavy) or "none"), flush=True)
            qapp.quit()

        QTimer.singleShot(0, probe)
    if args.smoke_test and args.demo:
        _smoke_test(qapp, controller)
    return qapp.exec()


def _smoke_test(qapp: QApplication, controller: AirlockApp) -> None:
    """Sign in to the demo workspace as its administrator once it is ready; print
    SMOKE_OK with the main window's areas, or SMOKE_FAILED after ten minutes."""
    import time

    from engine.demo import DEMO_USERS

    started, submitted = time.monotonic(), [False]
    timer = QTimer(qapp)

    def poll() -> None:
        window, login = controller.window, controller.login
        modal = qapp.activeModalWidget()
        if modal is not None:  # an error dialog: report what it says instead of waiting
            from PySide6.QtWidgets import QLabel, QPlainTextEdit

            texts = [w.text() for w in modal.findChildren(QLabel) if w.text()]
            texts += [w.toPlainText() for w in modal.findChildren(QPlainTextEdit)]
            print("SMOKE_FAILED: " + " | ".join(texts)[-4000:], flush=True)
            qapp.exit(1)
        elif window is not None:
            areas = [a.key for a in window.areas]
            print(f"SMOKE_OK areas={','.join(areas)}", flush=True)
            qapp.exit(0)
        elif time.monotonic() - started > 600:
            print("SMOKE_FAILED: no main window after 10 minutes", flush=True)
            qapp.exit(1)
        elif (
            login is not None
            and not submitted[0]
            and login.workspace.currentText()
            and login.user.text() == DEMO_USERS["admin"][0]
            and login.user.isEnabled()
        ):
            submitted[0] = True
            login.password.setText(DEMO_USERS["admin"][1])
            login.submit()

    timer.timeout.connect(poll)
    timer.start(200)
