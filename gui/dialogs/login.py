"""Sign in: choose a workspace (recent, browse, new, or the demo), then user and password.

A wrong password shows the engine's message in the dialog; during back-off the Sign in
button counts down. The slow parts (opening, Argon2id) run as background jobs.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.errors import AirlockError, MetadataPasswordNeeded, TooManyAttempts
from gui.jobs import Job, JobRunner
from gui.palette import colour
from gui.preferences import Preferences

if TYPE_CHECKING:
    from engine.security.actor import Actor
    from engine.workspace import Workspace


def load_engine() -> None:
    """Import the engine (SQLAlchemy, cryptography) in the background while the user types."""
    import engine.workspace  # noqa: F401


def open_and_login(
    path: str, user: str, password: str, db_password: str | None = None
) -> tuple[Workspace, Actor]:
    """Worker: open the workspace and log in; the workspace is closed again on failure.
    `db_password`: a team workspace's database password, when libpq has none."""
    from engine.workspace import Workspace

    ws = Workspace.open(path, metadata_password=db_password)
    try:
        return ws, ws.login(user, password, desktop=True)
    except BaseException:
        ws.close()
        raise


class LoginDialog(QDialog):
    def __init__(
        self,
        runner: JobRunner,
        prefs: Preferences,
        demo_path: Path,
        workspace: str | None = None,
        user: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._prefs = prefs
        self._demo_path = demo_path
        self.result_session: tuple[Workspace, Actor] | None = None
        self._attempt = ("", "", "")
        self._wait = 0
        self.setWindowTitle(self.tr("Airlock — Sign in"))
        self.setMinimumWidth(520)

        title = QLabel(self.tr("Airlock"))
        title.setStyleSheet("font-size: 20pt; font-weight: 600;")
        subtitle = QLabel(self.tr("Offline MLOps workbench. Everything stays on this network."))
        self.workspace = QComboBox()
        self.workspace.setEditable(True)
        self.workspace.setMinimumContentsLength(40)
        for path in prefs.recent:
            self.workspace.addItem(path)
        if workspace:
            self._set_workspace(workspace)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        self.new_button = new = QPushButton(self.tr("New workspace…"))
        new.clicked.connect(self._new_workspace)
        self.demo_button = demo = QPushButton(self.tr("Open demo workspace"))
        demo.clicked.connect(self.open_demo)
        self.browse_button = browse
        picker = QHBoxLayout()
        picker.addWidget(self.workspace, 1)
        picker.addWidget(browse)

        self.user = QLineEdit(user or prefs.last_user)
        self.user.setPlaceholderText(self.tr("user name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("password"))
        form = QFormLayout()
        workspace_label = QLabel(self.tr("&Workspace:"))
        workspace_label.setBuddy(self.workspace)
        form.addRow(workspace_label, picker)
        form.addRow(self.tr("&User:"), self.user)
        form.addRow(self.tr("&Password:"), self.password)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {colour('error')};")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.demo_job: Job | None = None
        self.cancel_demo = QPushButton(self.tr("Cancel"))
        self.cancel_demo.setVisible(False)
        self.cancel_demo.clicked.connect(lambda: self.demo_job.cancel() if self.demo_job else None)
        busy_row = QHBoxLayout()
        busy_row.addWidget(self.busy, 1)
        busy_row.addWidget(self.cancel_demo)
        self.sign_in = QPushButton(self.tr("Sign in"))
        self.sign_in.setDefault(True)
        self.sign_in.clicked.connect(self.submit)
        recover = QPushButton(self.tr("Forgot the administrator password? Use the recovery key…"))
        recover.setFlat(True)
        recover.clicked.connect(self._recover)
        row = QHBoxLayout()
        row.addWidget(new)
        row.addWidget(demo)
        row.addStretch(1)
        row.addWidget(self.sign_in)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        layout.addLayout(busy_row)
        layout.addLayout(row)
        layout.addWidget(recover)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        (self.password if self.user.text() else self.user).setFocus()
        runner.run("", lambda _p, _c: load_engine(), cancellable=False, listed=False)

    # -- helpers ---------------------------------------------------------------------------
    def _set_workspace(self, path: str) -> None:
        index = self.workspace.findText(path)
        if index < 0:
            self.workspace.insertItem(0, path)
            index = 0
        self.workspace.setCurrentIndex(index)

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (
            self.workspace,
            self.user,
            self.password,
            self.new_button,
            self.demo_button,
            self.browse_button,
        ):
            widget.setEnabled(not busy)
        self.sign_in.setEnabled(not busy and self._wait <= 0)

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        # a wrapped message needs height the window does not take by itself: without this
        # the fields above it were squeezed to slivers
        layout = self.layout()
        if layout is not None:
            layout.activate()
        needed = self.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    # -- actions ---------------------------------------------------------------------------
    def submit(self) -> None:
        path, user, password = (
            self.workspace.currentText().strip(),
            self.user.text().strip(),
            self.password.text(),
        )
        if not path or not user or not password:
            self.show_error(self.tr("Choose a workspace and enter your user name and password."))
            return
        self._attempt = (path, user, password)
        self._sign_in(None)

    def _sign_in(self, db_password: str | None) -> None:
        path, user, password = self._attempt
        self.show_error("")
        self._busy(True)
        self._runner.run(
            self.tr("Signing in"),
            lambda _p, _c: open_and_login(path, user, password, db_password),
            on_success=self._signed_in,
            on_error=self._failed,
            cancellable=False,
        )

    def _signed_in(self, result: tuple[Workspace, Actor]) -> None:
        self._busy(False)
        ws, _actor = result
        self._prefs.remember(ws.path)
        self._prefs.last_user = self.user.text().strip()
        self.result_session = result
        self.password.clear()
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self._busy(False)
        if isinstance(error, MetadataPasswordNeeded) and self._ask_database_password():
            return True
        self._attempt = ("", "", "")
        self.password.clear()
        if not isinstance(error, AirlockError):
            return False  # a bug: the presenter shows it
        text = error.message + (f" {error.hint}" if error.hint else "")
        self.show_error(text)
        if isinstance(error, TooManyAttempts):
            self._wait = math.ceil(error.retry_after)
            self._tick()
            self._countdown.start()
        return True

    def _ask_database_password(self) -> bool:
        """A team workspace whose server wants a password libpq does not have: ask for it
        and try again (kept only in this process's memory)."""
        text, ok = QInputDialog.getText(
            self,
            self.tr("Metadata server"),
            self.tr(
                "This workspace keeps its metadata on a PostgreSQL server. Its database password:"
            ),
            QLineEdit.EchoMode.Password,
        )
        if not ok or not text:
            return False
        self._sign_in(text)
        return True

    def _tick(self) -> None:
        if self._wait <= 0:
            self._countdown.stop()
            self.sign_in.setText(self.tr("Sign in"))
            self.sign_in.setEnabled(True)
            return
        self.sign_in.setEnabled(False)
        self.sign_in.setText(self.tr("Wait %n s", "", self._wait))
        self._wait -= 1

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a workspace folder"))
        if folder:
            self._set_workspace(folder)

    def _new_workspace(self) -> None:
        from gui.dialogs.create_workspace import CreateWorkspaceDialog

        dialog = CreateWorkspaceDialog(self._runner, self)
        if dialog.exec() and dialog.created is not None:
            self._set_workspace(str(dialog.created))
            self.user.setText(dialog.admin_name)
            self.password.setFocus()

    def open_demo(self) -> None:
        """Create the demo workspace if needed (a background job), then select it."""
        from engine.demo import DEMO_USERS, open_or_create_demo

        self._busy(True)
        self.hint.setText(self.tr("Preparing the demo workspace…"))
        path = self._demo_path
        # stages and a determinate bar: building the demo takes minutes on a busy machine
        self.busy.setRange(0, 1000)
        self.busy.setValue(0)

        def progressed(fraction: float, message: str) -> None:
            self.busy.setValue(int(fraction * 1000))
            self.busy.setFormat("%p%")
            self.hint.setText(
                self.tr("Preparing the demo workspace: %1").replace("%1", demo_stage(message))
            )

        def finished() -> None:
            self.demo_job = None
            self.cancel_demo.setVisible(False)
            self.busy.setRange(0, 0)

        def cancelled() -> None:
            self._busy(False)
            self.hint.setText(self.tr("The demo was not made (cancelled); nothing was kept."))

        def done(folder: Path) -> None:
            self._busy(False)
            self._set_workspace(str(folder))
            self.user.setText(DEMO_USERS["admin"][0])
            users = ", ".join(f"{n} / {p}" for n, p in DEMO_USERS.values())
            self.hint.setText(self.tr("Demo users (user / password): %1").replace("%1", users))
            self.password.setFocus()

        def failed(error: BaseException) -> bool:
            self._busy(False)
            self.hint.setText("")
            return False

        self.demo_job = self._runner.run(
            self.tr("Preparing the demo workspace"),
            lambda progress, cancel: open_or_create_demo(path, progress=progress, cancel=cancel),
            on_success=done,
            on_error=failed,
            on_cancel=cancelled,
        )
        self.demo_job.progressed.connect(progressed)
        self.demo_job.finished.connect(finished)
        self.cancel_demo.setVisible(True)

    def _recover(self) -> None:
        from gui.dialogs.recovery import RecoverDialog

        path = self.workspace.currentText().strip()
        if not path:
            self.show_error(self.tr("Choose the workspace to recover first."))
            return
        dialog = RecoverDialog(self._runner, path, self)
        if dialog.exec() and dialog.result_session is not None:
            self.result_session = dialog.result_session
            self._prefs.remember(path)
            self.accept()


def demo_stage(message: str) -> str:
    """The engine's stage of the demo's preparation, as the user's language says it."""
    stages = {
        "creating the workspace": QCoreApplication.translate(
            "LoginDialog", "creating the workspace"
        ),
        "adding the users": QCoreApplication.translate("LoginDialog", "adding the users"),
        "adding the credit applications": QCoreApplication.translate(
            "LoginDialog", "adding the credit applications"
        ),
        "training the demo's runs": QCoreApplication.translate(
            "LoginDialog", "training the demo's runs"
        ),
        "registering the models": QCoreApplication.translate(
            "LoginDialog", "registering the models"
        ),
        "watching the monthly batches": QCoreApplication.translate(
            "LoginDialog", "watching the monthly batches"
        ),
        "done": QCoreApplication.translate("LoginDialog", "done"),
    }
    for key, words in stages.items():
        if message.startswith(key):
            return words + message[len(key) :]
    return message
