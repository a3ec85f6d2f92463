"""Every view, for every role, fits the default window (1280×800) and a common laptop
screen (1366×768) — checked at 1280×768, the narrower and the shorter at once — on the demo
workspace: the main window does not grow, and no table or list
is squeezed below a usable size (issue 20)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView

from .conftest import wait_idle, windows

# The narrower of the two (1280 px, the default window) and the shorter (768 px, a common
# laptop's 1366×768) at once: what fits here fits both.
SIZES = [(1280, 768)]
# a table or list on screen keeps at least this much room (two rows and a header)
MIN_VIEW = (120, 60)


@pytest.fixture
def demo_window(qtbot, runner, prefs, english, tmp_path, demo_copy):
    from engine.demo import DEMO_USERS
    from engine.workspace import Workspace

    ws = Workspace.open(demo_copy(tmp_path / "demo"))
    yield from windows(qtbot, runner, prefs, lambda role: (ws, ws.login(*DEMO_USERS[role])))
    ws.close()


def squeezed(window) -> list[str]:
    """The visible item views smaller than MIN_VIEW, named by their view and class."""
    out = []
    for view in window.current_view().findChildren(QAbstractItemView):
        if isinstance(view, QHeaderView) or not view.isVisibleTo(window) or view.width() == 0:
            continue
        if view.width() < MIN_VIEW[0] or view.height() < MIN_VIEW[1]:
            out.append(
                f"{type(window.current_view()).__name__}: {type(view).__name__} "
                f"{view.objectName()} {view.width()}×{view.height()}"
            )
    return out


@pytest.mark.parametrize("role", ["admin", "analyst", "validator", "auditor"])
def test_every_view_fits_the_default_window(qtbot, demo_window, runner, role):
    window = demo_window(role)
    problems = []
    for width, height in SIZES:
        window.resize(width, height)
        for area in window.areas:
            window.show_area(area.key)
            wait_idle(qtbot, runner)
            QApplication.processEvents()
            size = window.size()
            if size.width() > width or size.height() > height:
                problems.append(
                    f"{area.key} at {width}×{height}: the window grew to "
                    f"{size.width()}×{size.height()}"
                )
                window.resize(width, height)
                QApplication.processEvents()
            problems += [f"{area.key} at {width}×{height}: {p}" for p in squeezed(window)]
    assert problems == [], "\n".join(problems)
