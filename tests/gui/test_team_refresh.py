"""Team mode in the desktop app: when another user changes the workspace, the open window
reloads its view and says who; its own changes, sign-ins and a failed look do not."""

from __future__ import annotations

from engine.errors import WorkspaceError
from engine.projects import ProjectFields
from tests.gui.conftest import wait_idle


def test_the_window_refreshes_when_a_colleague_changes_something(qtbot, window_for, team,
                                                                 workspace, runner):
    window = window_for("analyst")
    window.change_timer.stop()  # the test polls by hand
    view = window.current_view()
    calls = []
    real = view.refresh
    view.refresh = lambda: (calls.append(1), real())
    qtbot.waitUntil(lambda: window._seen_seq > 0, timeout=20_000)
    # the analyst's own change and a colleague's sign-in: nothing to refresh
    workspace.projects.create(team["analyst"], "mine", ProjectFields(objective="x"))
    workspace.login("val", "validator pass 1")
    window.poll_changes()
    wait_idle(qtbot, runner)
    assert calls == [] and window.changes_label.text() == ""
    # the administrator changes something: the view reloads and the status bar says who
    workspace.projects.create(team["admin"], "theirs", ProjectFields(objective="y"))
    window.poll_changes()
    wait_idle(qtbot, runner)
    assert calls == [1]
    assert "changes by admin" in window.changes_label.text()
    seen = window._seen_seq
    window.poll_changes()
    wait_idle(qtbot, runner)
    assert calls == [1] and window._seen_seq == seen


def test_a_failed_look_is_a_status_line_not_a_dialog(qtbot, window_for, workspace, runner,
                                                     monkeypatch):
    window = window_for("analyst")
    window.change_timer.stop()
    wait_idle(qtbot, runner)

    def down(actor, since):
        raise WorkspaceError("The workspace's metadata server cannot be reached: refused.")

    monkeypatch.setattr(workspace.audit, "changes", down)
    window.poll_changes()
    wait_idle(qtbot, runner)
    assert "Cannot look for changes: The workspace's metadata server cannot be reached" \
        in window.changes_label.text()
    assert runner.presenter.shown == []  # no dialog
