"""The dashboard (issue 20): its tiles are links — the request awaiting approval opens the
Models view on that version, the open alerts the Monitoring view's alerts, the last
verification its entry in the Audit log — its charts draw the workspace's numbers, and its
counts read right in the singular and the plural."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from engine.auditing.service import EntryFilter
from gui.context import AppContext
from gui.session import Session
from tests.gui.conftest import app_filter_off, wait_idle


@pytest.fixture
def demo_window(qtbot, tmp_path, demo_copy, runner, prefs, english):
    """demo_window(role) -> a shown MainWindow over a copy of the demo workspace."""
    from engine.demo import DEMO_USERS
    from engine.workspace import Workspace
    from gui.main_window import MainWindow

    made = []

    def make(role: str) -> MainWindow:
        ws = Workspace.open(demo_copy(tmp_path / f"demo-{role}"))
        session = Session(ws, ws.login(*DEMO_USERS[role]), runner, 30)
        window = MainWindow(AppContext(session, runner, runner.presenter, prefs))
        qtbot.addWidget(window)
        window.show()
        made.append((ws, session))
        wait_idle(qtbot, runner)
        return window

    yield make
    runner.wait(20_000)
    for ws, session in made:
        session.lock_changed.disconnect()
        app_filter_off(session)
        ws.close()


def test_each_tile_opens_its_view_on_what_it_counts(qtbot, demo_window, runner):
    window = demo_window("validator")
    dashboard = window.views["dashboard"]
    ws, actor = window.ctx.workspace, window.ctx.actor
    tile = dashboard.pending_tile
    assert tile.value.text() == "1 request" and "credit_default@3" in tile.detail.text()
    assert tile.focusPolicy() == Qt.FocusPolicy.StrongFocus  # Tab reaches it
    assert tile.cursor().shape() == Qt.CursorShape.PointingHandCursor
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Return)  # Enter follows the link
    models = window.views["models"]
    qtbot.waitUntil(
        lambda: (
            models.current_version() is not None
            and models.current_version().ref == "credit_default@3"
        ),
        timeout=20_000,
    )
    assert window.current_view() is models
    assert models.current_model().name == "credit_default"

    window.show_area("dashboard")
    qtbot.mouseClick(dashboard.alerts_tile, Qt.MouseButton.LeftButton)
    monitoring = window.views["monitoring"]
    wait_idle(qtbot, runner)
    assert window.current_view() is monitoring
    assert monitoring.tabs.currentIndex() == 3 and "open" in monitoring.tabs.tabText(3)
    opened = ws.monitors.alerts(actor, status="open", project="retail credit default")
    rows = monitoring.alert_table.selectionModel().selectedRows()
    assert opened and [r.row() for r in rows] == [
        [a.id for a in monitoring.alerts].index(opened[0].id)
    ]

    window.show_area("dashboard")
    qtbot.mouseClick(dashboard.verification_tile, Qt.MouseButton.LeftButton)
    audit = window.views["audit"]
    last = ws.audit.entries(actor, EntryFilter(action="audit.verify"))[-1]
    qtbot.waitUntil(lambda: audit.table.currentIndex().isValid(), timeout=20_000)
    assert window.current_view() is audit
    assert audit.model.entry(audit.table.currentIndex().row()).seq == last.seq
    assert '"action": "audit.verify"' in audit.details.toPlainText()


def test_runs_per_week_and_the_other_charts(qtbot, demo_window):
    window = demo_window("analyst")
    dashboard = window.views["dashboard"]
    ws, actor = window.ctx.workspace, window.ctx.actor
    runs = ws.training.runs(actor, "retail credit default")
    assert len(runs) == 4
    mondays = Counter()
    for run in runs:
        day = datetime.fromisoformat(run.started.replace("Z", "+00:00")).date()
        mondays[day - timedelta(days=day.weekday())] += 1
    axes = dashboard.runs_chart.figure.axes[0]
    heights = [bar.get_height() for bar in axes.patches]
    assert sum(heights) == 4 and heights[-1] == mondays[max(mondays)]
    assert sorted(h for h in heights if h) == sorted(mondays.values())
    # drift: one bar per monitor in its level's colour; versions by stage
    drift = dashboard.drift_chart.figure.axes[0]
    names = [t.get_text() for t in drift.get_yticklabels()]
    assert sorted(names) == ["credit-inputs", "credit-model"]
    stages = dashboard.stages_chart.figure.axes[0]
    counts = dict(
        zip(
            [t.get_text() for t in stages.get_xticklabels()],
            [bar.get_height() for bar in stages.patches],
            strict=True,
        )
    )
    assert counts == {"dev": 0, "staging": 2, "production": 1, "archived": 0}


def test_counts_read_in_the_singular_and_the_plural(qtbot, window_for, runner):
    window = window_for("validator")
    dashboard = window.views["dashboard"]
    facts, found = dashboard.overview, dashboard.found
    assert facts is not None and found is not None
    said = {}
    for number in (0, 1, 2, 3):
        dashboard.show_tiles(replace(facts, pending_requests=number, open_alerts=number), found)
        said[number] = (dashboard.pending_tile.value.text(), dashboard.alerts_tile.value.text())
    assert said == {
        0: ("No requests", "No open alerts"),
        1: ("1 request", "1 open alert"),
        2: ("2 requests", "2 open alerts"),
        3: ("3 requests", "3 open alerts"),
    }
    dashboard.show_facts(replace(facts, models=1, projects=2))
    models, data = dashboard.models_card.body.text(), dashboard.data_card.body.text()
    assert "1 registered model, 0 in production" in models and "2 projects" in data
    # an analyst does not read the audit log: that tile leads nowhere
    analyst = window_for("analyst").views["dashboard"]
    assert analyst.verification_tile.value.text() == "Not for your role"
    assert analyst.verification_tile.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_the_scoring_service_tile_and_the_version_pane_say_where_it_is_served(
    qtbot, demo_window, runner
):
    from datetime import UTC

    from engine.serving.status import Heartbeat

    window = demo_window("analyst")
    ws = window.ctx.workspace
    dashboard = window.views["dashboard"]
    assert dashboard.serving_tile.value.text() == "Not serving"
    beat = Heartbeat(
        ws.path / "serving",
        "http://127.0.0.1:8080",
        "production",
        "retail credit default",
        datetime.now(UTC),
    )
    beat.write(datetime.now(UTC), {("credit_default", "credit_default@1"): (0, 0)})
    beat.write(datetime.now(UTC), {("credit_default", "credit_default@1"): (30, 3)})
    try:
        dashboard.refresh()
        wait_idle(qtbot, runner)
        tile = dashboard.serving_tile
        assert tile.value.text() == "1 version served"
        assert "errors" in tile.detail.text() and "10.0%" in tile.detail.text()
        tile.setFocus()
        qtbot.keyClick(tile, Qt.Key.Key_Return)
        models = window.views["models"]
        qtbot.waitUntil(
            lambda: (
                models.current_version() is not None
                and models.current_version().ref == "credit_default@1"
                and "Served at" in models.detail.toPlainText()
            ),
            timeout=20_000,
        )
        assert "http://127.0.0.1:8080 (production)" in models.detail.toPlainText()
    finally:
        beat.remove()
