"""Signing in to a team workspace whose database password libpq does not have: the engine
says so with its own error, the desktop app asks for it and tries again."""

from __future__ import annotations

import os

import pytest

from engine.errors import MetadataPasswordNeeded
from engine.workspace import Workspace
from tests.gui.conftest import wait_idle
from tests.pgserver import create_database, drop_database

from conftest import ADMIN_PASSWORD


@pytest.fixture
def team_workspace(postgres_server, tmp_path, monkeypatch):
    url = create_database(postgres_server)
    Workspace.create(tmp_path / "ws", "admin", ADMIN_PASSWORD, metadata=url)[0].close()
    password = os.environ["PGPASSWORD"]
    monkeypatch.delenv("PGPASSWORD")  # this machine has no ~/.pgpass either
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    yield tmp_path / "ws", password
    drop_database(postgres_server, url)


def test_the_engine_asks_for_the_database_password(team_workspace):
    folder, password = team_workspace
    with pytest.raises(MetadataPasswordNeeded, match="needs the database password"):
        Workspace.open(folder)
    with pytest.raises(MetadataPasswordNeeded):
        Workspace.open(folder, metadata_password="wrong")
    with Workspace.open(folder, metadata_password=password) as ws:
        assert ws.login("admin", ADMIN_PASSWORD).role == "admin"
    assert password not in (folder / "airlock.toml").read_text()


def test_the_command_line_without_a_terminal_says_what_to_do(team_workspace):
    from tests.test_cli import airlock, user_error

    folder, password = team_workspace
    said = user_error(airlock("audit", "verify", workspace=folder))
    assert "needs the database password" in said and "PGPASSWORD or ~/.pgpass" in said
    assert (
        "VALID" in airlock("audit", "verify", workspace=folder, env={"PGPASSWORD": password}).stdout
    )


def test_the_sign_in_window_asks_and_retries(
    qtbot, runner, prefs, team_workspace, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QInputDialog

    from gui.dialogs.login import LoginDialog

    folder, password = team_workspace
    answers = ["wrong", password]
    asked = []
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *a, **k: asked.append(a[2]) or (answers.pop(0), True)
    )
    dialog = LoginDialog(runner, prefs, tmp_path / "demo", str(folder), "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText(ADMIN_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        dialog.submit()
    assert len(asked) == 2 and "PostgreSQL server" in asked[0]  # a wrong one: asked again
    opened, actor = dialog.result_session
    assert actor.name == "admin"
    opened.close()
    wait_idle(qtbot, runner)


def test_cancelling_the_question_shows_the_message(
    qtbot, runner, prefs, team_workspace, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QInputDialog

    from gui.dialogs.login import LoginDialog

    folder, _ = team_workspace
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    dialog = LoginDialog(runner, prefs, tmp_path / "demo", str(folder), "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.submit()
    wait_idle(qtbot, runner)
    assert "needs the database password" in dialog.message.text()
    assert "PGPASSWORD or ~/.pgpass" in dialog.message.text()
    assert dialog.result_session is None and dialog.password.text() == ""
