"""Create a workspace: a new folder, the first administrator, and the recovery key shown
once at the end."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.errors import AirlockError
from gui.jobs import JobRunner


def create_workspace(folder: str, admin: str, password: str) -> tuple[Path, str]:
    from engine.workspace import Workspace

    ws, recovery = Workspace.create(folder, admin, password)
    ws.close()
    return ws.path, recovery


class CreateWorkspaceDialog(QDialog):
    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.created: Path | None = None
        self.admin_name = ""
        self.setWindowTitle(self.tr("New workspace"))
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(self.tr("a new, empty folder"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.admin = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        folder_label = QLabel(self.tr("&Folder:"))
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, row)
        form.addRow(self.tr("&Administrator:"), self.admin)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow(self.tr("&Repeat password:"), self.again)
        note = QLabel(self.tr("At least 12 characters. A phrase of several words is easiest to "
                              "remember. Password hashing takes about a second on purpose."))
        note.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the new workspace"))
        if folder:
            self.folder.setText(folder)

    def submit(self) -> None:
        if self.password.text() != self.again.text():
            self.message.setText(self.tr("The two passwords do not match."))
            return
        folder, admin, password = self.folder.text().strip(), self.admin.text().strip(), \
            self.password.text()
        if not folder or not admin:
            self.message.setText(self.tr("Choose a folder and an administrator name."))
            return
        self.message.clear()
        self.busy.setVisible(True)
        self.buttons.setEnabled(False)
        self._runner.run(self.tr("Creating the workspace"),
                         lambda _p, _c: create_workspace(folder, admin, password),
                         on_success=self._created, on_error=self._failed, cancellable=False)

    def _created(self, result: tuple[Path, str]) -> None:
        from gui.dialogs.recovery import RecoveryKeyDialog

        self.busy.setVisible(False)
        self.created, recovery = result
        self.admin_name = self.admin.text().strip()
        RecoveryKeyDialog(recovery, self).exec()
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.busy.setVisible(False)
        self.buttons.setEnabled(True)
        if isinstance(error, AirlockError):
            self.message.setText(error.message + (f" {error.hint}" if error.hint else ""))
            return True
        return False
