"""The one view skeleton every area builds on.

    header      heading · Project: [picker] · action buttons (shown by role)
    message     inline: errors in red with the engine's message and hint (GUI words)
    job strip   the view's own long job: title, progress, Cancel
    body        the view's content (add_body)

`refresh()` reads the projects (when the view has a picker) and calls `load()`; the main
window calls it when the view is shown after a change and when a job started elsewhere ends.
`EmptyState` puts "No runs yet — New run…" in place of an empty table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.errors import AirlockError
from engine.security import rbac
from gui.context import AppContext
from gui.errors import engine_text
from gui.jobs import Job
from gui.palette import colour
from gui.widgets.projects import fill_projects


class MessageBar(QFrame):
    """An inline message under the header: info, ok, warning or error. Reads like a QLabel
    (`setText`, `text`, `clear`) so that a view's status line is one call."""

    KINDS = ("info", "ok", "warning", "error")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = "info"
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.clicked.connect(self.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setVisible(False)

    def setText(self, text: str, kind: str = "info") -> None:
        self.kind = kind if kind in self.KINDS else "info"
        self.label.setText(text)
        fg, bg = (
            colour(self.kind if self.kind != "info" else "info"),
            colour(f"{self.kind}_bg" if self.kind != "warning" else "warning_bg"),
        )
        self.setStyleSheet(
            f"MessageBar {{ background: {bg}; border-radius: 4px; }} QLabel {{ color: {fg}; }}"
        )
        self.setVisible(bool(text))

    def text(self) -> str:
        return self.label.text()

    def clear(self) -> None:
        self.label.clear()
        self.setVisible(False)

    def show_error(self, error: BaseException) -> bool:
        """An engine error's message and hint in red (handled, True); any other error is
        left to the presenter (a bug report)."""
        if isinstance(error, AirlockError):
            self.setText(engine_text(error), "error")
            return True
        return False


class JobStrip(QWidget):
    """The view's own long job: its title, a determinate bar and Cancel; hidden otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: Job | None = None
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.setVisible(False)

    def track(self, job: Job, title: str) -> Job:
        self.job = job
        self.label.setText(title)
        self.bar.setValue(0)
        self.bar.setFormat("%p%")
        self.cancel_button.setEnabled(job.cancellable)
        job.progressed.connect(self._progressed)
        job.finished.connect(lambda: self._ended(job))
        self._progressed(job.fraction, job.message)  # what it reported before this call
        self.setVisible(job.running)
        if not job.running:  # over already (its finished signal has been sent)
            self.job = None
        return job

    def _progressed(self, fraction: float, message: str) -> None:
        self.bar.setValue(int(fraction * 1000))
        self.bar.setFormat(f"{message}  %p%" if message else "%p%")

    def _ended(self, job: Job) -> None:
        if self.job is job:
            self.job = None
            self.setVisible(False)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    @property
    def busy(self) -> bool:
        return self.job is not None


class EmptyState(QStackedWidget):
    """`content` (a table, a list) or, when there is nothing to show, a sentence saying what
    to do, with an optional button that does it."""

    def __init__(
        self,
        content: QWidget,
        text: str,
        action: QPushButton | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.content = content
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet(f"color: {colour('muted')}; font-size: 12pt;")
        page = QWidget()
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(self.label)
        self._source = action
        if action is not None:
            self.action = QPushButton(action.text().replace("&", ""))
            self.action.clicked.connect(action.click)
            # in a layout before anything is shown: a parentless visible button would open
            # as a window of its own and take the keyboard from the main window
            column.addWidget(self.action, 0, Qt.AlignmentFlag.AlignCenter)
            self.action.setVisible(not action.isHidden())  # hidden for a role without it
        column.addStretch(1)
        self.addWidget(content)
        self.addWidget(page)

    def set_empty(self, empty: bool, text: str | None = None) -> None:
        if text is not None:
            self.label.setText(text)
        if self._source is not None:  # the role may have changed since
            self.action.setVisible(not self._source.isHidden())
        self.setCurrentIndex(1 if empty else 0)

    @property
    def empty(self) -> bool:
        return self.currentIndex() == 1


class AreaView(QWidget):
    """Header, message bar, job strip and body; subclasses fill the body and implement
    `load()` (read on a worker, show on the UI thread)."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        *,
        projects: bool = True,
        actions_below: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.heading = QLabel(title)
        self.heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.header = QHBoxLayout()
        self.header.addWidget(self.heading)
        self.header.addStretch(1)
        self.project: QComboBox | None = None
        if projects:
            self.project = QComboBox()
            self.project.setMinimumContentsLength(18)
            self.project.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            self.project_label = QLabel(self.tr("Project:"))
            self.project_label.setBuddy(self.project)
            self.header.addWidget(self.project_label)
            self.header.addWidget(self.project)
            self.project.currentIndexChanged.connect(lambda _i: self.load())
        self.action_buttons: list[tuple[QPushButton, str | None]] = []
        # many actions (the Models view has eight) go in a bar of their own under the header
        self.action_bar = QHBoxLayout()
        self._actions_below = actions_below
        if actions_below:
            self.action_bar.addStretch(1)
        self.status = MessageBar()
        self.strip = JobStrip()
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addLayout(self.header)
        layout.addLayout(self.action_bar)
        layout.addWidget(self.status)
        layout.addWidget(self.strip)
        layout.addLayout(self.body, 1)

    # -- building --------------------------------------------------------------------------
    def add_action(
        self, text: str, slot: Callable[[], Any], permission: str | None = None, tooltip: str = ""
    ) -> QPushButton:
        """A header button; hidden for a role without `permission`."""
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        if tooltip:
            button.setToolTip(tooltip)
        if self._actions_below:
            self.action_bar.insertWidget(self.action_bar.count() - 1, button)
        else:
            self.header.addWidget(button)
        self.action_buttons.append((button, permission))
        button.setVisible(permission is None or rbac.allowed(self._ctx.actor.role, permission))
        return button

    def add_body(self, item: QWidget | QLayout, stretch: int = 1) -> None:
        if isinstance(item, QLayout):
            self.body.addLayout(item, stretch)
        else:
            self.body.addWidget(item, stretch)

    def apply_permissions(self) -> None:
        for button, permission in self.action_buttons:
            button.setVisible(permission is None or rbac.allowed(self._ctx.actor.role, permission))

    # -- the refresh protocol --------------------------------------------------------------
    def current_project(self) -> str | None:
        return self.project.currentData() if self.project is not None else None

    def refresh(self) -> None:
        """Read again (F5, shown after a change, the actor changed)."""
        self.apply_permissions()
        if self.project is None:
            self.load()
            return
        ws, actor = self._ctx.workspace, self._ctx.actor
        self._ctx.runner.run(
            self.tr("Reading projects"),
            lambda _p, _c: ws.projects.list(actor),
            on_success=self._projects_read,
            on_error=self.status.show_error,
            cancellable=False,
            listed=False,
        )

    def _projects_read(self, projects: list[Any]) -> None:
        assert self.project is not None
        fill_projects(self.project, projects)
        wanted = getattr(self, "_wanted_project", None)
        self._wanted_project: str | None = None
        if wanted is not None and self.project.findData(wanted) >= 0:
            self.project.blockSignals(True)
            self.project.setCurrentIndex(self.project.findData(wanted))
            self.project.blockSignals(False)
        self.load()

    def show_project(self, name: str | None) -> None:
        """Switch to project `name` and read it (now, or once the projects are read — a link
        from another view may arrive before this one has listed them)."""
        if self.project is None or name is None:
            self.load()
            return
        index = self.project.findData(name)
        if index < 0:
            self._wanted_project = name
            return
        if index != self.project.currentIndex():
            self.project.setCurrentIndex(index)  # reads it
        else:
            self.load()

    def load(self) -> Any:
        raise NotImplementedError

    # -- jobs ------------------------------------------------------------------------------
    def run_job(
        self,
        title: str,
        work: Callable[[Any, Any], Any],
        on_success: Callable[[Any], Any],
        *,
        cancellable: bool = True,
        on_cancel: Callable[[], Any] | None = None,
    ) -> Job:
        """A long job of this view: in the job strip, errors in the message bar."""
        job = self._ctx.runner.run(
            title,
            work,
            on_success=on_success,
            on_error=self.status.show_error,
            on_cancel=on_cancel,
            cancellable=cancellable,
        )
        return self.strip.track(job, title)
