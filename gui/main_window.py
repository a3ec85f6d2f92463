"""The main window: a thin shell. Sidebar with one entry per area that exists for the
user's role, views created on first use, status bar, menus and shortcuts, lock screen."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTime, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from engine import __version__
from engine.security import rbac
from gui.areas import all_areas, area_key
from gui.context import AppContext
from gui.dialogs.users import role_label
from gui.widgets.jobs_panel import JobsPanel

# How often the window asks whether another user changed the workspace (team mode: several
# app instances and CLI processes on one workspace). One small read on a worker thread.
CHANGE_POLL_MS = 5000


class MainWindow(QMainWindow):
    sign_out_requested = Signal()
    preferences_changed = Signal(str, int, str)  # theme, auto-lock minutes, language

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.autolock_max = 15
        self.display_name = ctx.workspace.path.name
        self.areas = [
            a
            for a in all_areas()
            if a.permission is None or rbac.allowed(ctx.actor.role, a.permission)
        ]
        self.views: dict[str, QWidget] = {}
        self.stale: set[str] = set()  # built views to reload when shown (poll_changes)
        self._job_ended = False
        self.sidebar = QListWidget()
        self.sidebar.setFixedWidth(190)
        self.sidebar.setStyleSheet(
            "QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px 10px; }"
        )
        for area in self.areas:
            self.sidebar.addItem(area.title)
        self.stack = QStackedWidget()
        self.lock_page = QLabel(self.tr("Locked. Enter your password to continue."))
        self.lock_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.lock_page)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.sidebar.currentRowChanged.connect(self._show_row)

        self.jobs_dock = QDockWidget(self.tr("Jobs"), self)
        self.jobs_dock.setObjectName("jobs")
        self.jobs_dock.setWidget(JobsPanel(ctx.runner))
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.jobs_dock)
        self.jobs_dock.hide()

        self._build_status_bar()
        self._build_menus()
        ctx.session.lock_changed.connect(self._lock_changed)
        ctx.session.actor_changed.connect(self._actor_changed)
        ctx.runner.jobs_changed.connect(self._jobs_changed)
        ctx.runner.job_added.connect(self._job_started)
        self._update_status()
        self.sidebar.setCurrentRow(0)
        self.resize(1280, 800)
        self.load_workspace_settings()
        self._seen_seq, self._polling = 0, False
        self.change_timer = QTimer(self)
        self.change_timer.setInterval(CHANGE_POLL_MS)
        self.change_timer.timeout.connect(self.poll_changes)
        self.change_timer.start()
        self.poll_changes()  # where the log stands now

    # -- building --------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.user_label = QLabel()
        self.role_label = QLabel()
        self.workspace_label = QLabel()
        self.lock_label = QLabel()
        self.jobs_button = QPushButton()
        self.jobs_button.setFlat(True)
        self.jobs_button.clicked.connect(self.toggle_jobs)
        bar = self.statusBar()
        for widget in (self.user_label, self.role_label, self.workspace_label, self.lock_label):
            bar.addWidget(widget)
        self.changes_label = QLabel()
        bar.addPermanentWidget(self.changes_label)
        bar.addPermanentWidget(self.jobs_button)

    def _action(
        self,
        menu: QMenu,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file = menus.addMenu(self.tr("&File"))
        self.lock_action = self._action(
            file, self.tr("&Lock"), "Ctrl+L", lambda: self.ctx.session.lock("on request")
        )
        self._action(file, self.tr("&Sign out"), "Ctrl+Shift+L", self.sign_out_requested.emit)
        file.addSeparator()
        self._action(file, self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        view = menus.addMenu(self.tr("&View"))
        for number, area in enumerate(self.areas, 1):
            self._action(
                view, area.title, area_key(number), functools.partial(self.show_area, area.key)
            )
        view.addSeparator()
        self._action(view, self.tr("&Jobs"), "Ctrl+J", self.toggle_jobs)
        self._action(view, self.tr("&Refresh"), QKeySequence.StandardKey.Refresh, self.refresh)
        tools = menus.addMenu(self.tr("&Tools"))
        self._action(tools, self.tr("&Preferences…"), "Ctrl+,", self.open_preferences)
        help_menu = menus.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&Keyboard shortcuts"), "F1", self.show_shortcuts)
        self._action(help_menu, self.tr("&About Airlock"), None, self.show_about)
        self.menus = [file, view, tools, help_menu]

    # -- areas -----------------------------------------------------------------------------
    def show_area(self, key: str) -> QWidget:
        for row, area in enumerate(self.areas):
            if area.key == key:
                self.sidebar.setCurrentRow(row)
                return self.views[key]
        raise KeyError(key)

    def navigate(self, key: str, target: object = None) -> QWidget:
        """Show an area and, when the view can, what `target` names there (a request, an
        alert, an audit entry)."""
        view = self.show_area(key)
        focus = getattr(view, "focus", None)
        if focus is not None and target is not None:
            focus(target)
        return view

    def _show_row(self, row: int) -> None:
        if row < 0 or self.ctx.session.locked:
            return
        area = self.areas[row]
        view = self.views.get(area.key)
        if view is None:
            view = area.factory(self.ctx)
            self.views[area.key] = view
            self.stack.addWidget(view)
            if hasattr(view, "navigate"):  # a view that links to another (dashboard tiles)
                view.navigate.connect(self.navigate)
            view.refresh()  # type: ignore[attr-defined]
        elif area.key in self.stale:  # the workspace changed since it was last shown
            view.refresh()  # type: ignore[attr-defined]
        self.stale.discard(area.key)
        self.stack.setCurrentWidget(view)

    def current_view(self) -> QWidget:
        view = self.stack.currentWidget()
        assert view is not None  # the stack holds every area from the start
        return view

    def refresh(self) -> None:
        view = self.current_view()
        if view is not self.lock_page:
            view.refresh()  # type: ignore[attr-defined]

    # -- other users' changes --------------------------------------------------------------
    def poll_changes(self) -> None:
        """Ask (on a worker) whether someone else changed the workspace since the last look;
        if so, the current view reloads and the status bar says who."""
        if self._polling or self.ctx.session.locked:
            return
        self._polling = True
        ws, actor, since = self.ctx.workspace, self.ctx.actor, self._seen_seq
        self.ctx.runner.run(
            self.tr("Looking for changes"),
            lambda _p, _c: ws.audit.changes(actor, since),
            on_success=self._changes_seen,
            on_error=self._poll_failed,
            cancellable=False,
            listed=False,
        )

    def _changes_seen(self, changes: object) -> None:
        self._polling = False
        before = self._seen_seq
        first, self._seen_seq = before == 0, changes.seq  # type: ignore[attr-defined]
        by = changes.by  # type: ignore[attr-defined]
        if first or self._seen_seq <= before or self.ctx.session.locked:
            return
        # Anything recorded (by anyone, this user's own background jobs included) makes the
        # views not on screen stale: each reloads when it is shown again. A run that had
        # just finished was missing from Register a run… until F5.
        current = self.current_view()
        self.stale.update(key for key, view in self.views.items() if view is not current)
        if self._job_ended:  # a job of this user's, possibly started in another view
            self._job_ended = False
            self.refresh()
        if not by:
            return
        self.refresh()
        self.changes_label.setText(
            self.tr("Updated %1 — changes by %2")
            .replace("%1", QTime.currentTime().toString("HH:mm"))
            .replace("%2", ", ".join(by))
        )

    def _poll_failed(self, error: BaseException) -> bool:
        """A failed look (the metadata server unreachable, say) shows in the status bar, not
        as a dialog every few seconds."""
        self._polling = False
        message = getattr(error, "message", None) or str(error)
        self.changes_label.setText(self.tr("Cannot look for changes: %1").replace("%1", message))
        return True

    # -- session ---------------------------------------------------------------------------
    def load_workspace_settings(self) -> None:
        ws, actor = self.ctx.workspace, self.ctx.actor
        self.ctx.runner.run(
            self.tr("Reading workspace settings"),
            lambda _p, _c: ws.settings.all(actor),
            on_success=self._settings_loaded,
            cancellable=False,
            listed=False,
        )

    def _settings_loaded(self, settings: dict) -> None:
        self.autolock_max = int(settings["autolock_max_minutes"])
        self.display_name = settings["display_name"] or self.ctx.workspace.path.name
        self.ctx.session.set_autolock(min(self.ctx.prefs.autolock_minutes, self.autolock_max))
        self._update_status()

    def _update_status(self) -> None:
        actor = self.ctx.actor
        locked = self.ctx.session.locked
        self.setWindowTitle(self.tr("Airlock — %1").replace("%1", self.display_name))
        self.user_label.setText(self.tr("User: %1").replace("%1", actor.name))
        self.role_label.setText(self.tr("Role: %1").replace("%1", role_label(actor.role)))
        self.workspace_label.setText(self.tr("Workspace: %1").replace("%1", self.display_name))
        self.lock_label.setText(self.tr("Locked") if locked else self.tr("Unlocked"))
        self._jobs_changed()

    def _job_started(self, job: Any) -> None:
        """Remember which view a job was started from: when it ends while another view is
        on screen, that view reloads (the one that started it shows its own result)."""
        if not job.listed:
            return
        origin = self.current_view()
        job.finished.connect(lambda: self._job_finished(origin))

    def _job_finished(self, origin: QWidget) -> None:
        # what the job changed (a run trained a moment ago) is read by every other view when
        # it is next shown, without waiting for the next look for changes
        current = self.current_view()
        self.stale.update(key for key, view in self.views.items() if view is not current)
        if origin is not current:
            self._job_ended = True
            self.poll_changes()  # look now rather than in up to five seconds

    def _jobs_changed(self) -> None:
        running = len(self.ctx.runner.running)
        self.jobs_button.setText(
            self.tr("Jobs: %1 running").replace("%1", str(running)) if running else self.tr("Jobs")
        )

    def toggle_jobs(self) -> None:
        self.jobs_dock.setVisible(not self.jobs_dock.isVisible())

    def _lock_changed(self, locked: bool) -> None:
        self.sidebar.setEnabled(not locked)
        for menu in self.menus[1:]:
            menu.setEnabled(not locked)
        self.lock_action.setEnabled(not locked)
        if locked:
            self.stack.setCurrentWidget(self.lock_page)
            from gui.dialogs.unlock import UnlockDialog

            self.unlock_dialog = UnlockDialog(self.ctx.session, self)
            self.unlock_dialog.sign_out_requested.connect(self.sign_out_requested.emit)
            self.unlock_dialog.open()
        else:
            self._show_row(self.sidebar.currentRow())
        self._update_status()

    def _actor_changed(self) -> None:
        for view in self.views.values():
            view.refresh()  # type: ignore[attr-defined]
        self._update_status()

    # -- dialogs ---------------------------------------------------------------------------
    def open_preferences(self) -> None:
        from gui.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.ctx.prefs, self.autolock_max, self)
        if dialog.exec():
            self.preferences_changed.emit(*dialog.values())

    def show_shortcuts(self) -> None:
        lines = [f"{area_key(n)}\t{a.title}" for n, a in enumerate(self.areas, 1) if area_key(n)]
        lines += [
            "Ctrl+L\t" + self.tr("Lock"),
            "Ctrl+J\t" + self.tr("Jobs"),
            "F5\t" + self.tr("Refresh"),
            "Ctrl+,\t" + self.tr("Preferences"),
            "Ctrl+Q\t" + self.tr("Quit"),
        ]
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), "\n".join(lines))

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Airlock"),
            self.tr(
                "Airlock %1 — an offline MLOps workbench for regulated, "
                "air-gapped networks. No data leaves this computer."
            ).replace("%1", __version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.presenter.close_all()
        super().closeEvent(event)
