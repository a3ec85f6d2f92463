"""GUI fixtures: isolated preferences, a job runner and presenter, and a main window for
any role over a real workspace (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from gui.context import AppContext
from gui.errors import ErrorPresenter
from gui.jobs import JobRunner
from gui.preferences import Preferences
from gui.session import Session

from conftest import PASSWORDS

NAMES = {"admin": "admin", "analyst": "ana", "validator": "val", "auditor": "aud"}


@pytest.fixture(autouse=True)
def _garbage_on_the_ui_thread(qapp):
    """As the app does (gui/collector.py): no automatic collection, which could run on a
    job's worker thread and free Qt objects there (a crash); after each test, what is left
    is deleted and collected here, on the UI thread."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    gc.disable()
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    gc.enable()


@pytest.fixture
def prefs(tmp_path):
    return Preferences(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def runner(qapp):
    presenter = ErrorPresenter(lambda: None)
    runner = JobRunner(presenter)
    runner.presenter = presenter  # type: ignore[attr-defined]
    yield runner
    runner.cancel_all()
    runner.wait(20_000)
    presenter.close_all()


@pytest.fixture
def english(qapp):
    from gui.i18n import install_language

    install_language(qapp, "en")
    yield
    install_language(qapp, "en")


@pytest.fixture
def window_for(qtbot, workspace, team, runner, prefs, english):
    """window_for(role) -> a shown MainWindow signed in as a user with that role."""

    def login(role: str):
        name = NAMES[role]
        return workspace, workspace.login(name, PASSWORDS[name])

    yield from windows(qtbot, runner, prefs, login)


def windows(qtbot, runner, prefs, login):
    """Yields make(role) -> a shown MainWindow for the actor `login(role)` returns (with its
    workspace); closes the sessions' hooks afterwards."""
    from gui.main_window import MainWindow

    made = []

    def make(role: str) -> MainWindow:
        workspace, actor = login(role)
        session = Session(workspace, actor, runner, 30)
        window = MainWindow(AppContext(session, runner, runner.presenter, prefs))
        qtbot.addWidget(window)
        window.show()
        made.append(session)
        wait_idle(qtbot, runner)
        return window

    yield make
    runner.wait(20_000)
    for session in made:
        session.lock_changed.disconnect()
        app_filter_off(session)


def app_filter_off(session: Session) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.instance().removeEventFilter(session)


def wait_idle(qtbot, runner, timeout: int = 20_000) -> None:
    qtbot.waitUntil(lambda: not runner.running, timeout=timeout)
