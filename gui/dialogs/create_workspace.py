"""Create a workspace: a new folder, the first administrator, and the recovery key shown
once at the end."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from gui.dialogs.form import FormDialog, password_field
from gui.jobs import JobRunner


def create_workspace(folder: str, admin: str, password: str) -> tuple[Path, str]:
    from engine.workspace import Workspace

    ws, recovery = Workspace.create(folder, admin, password)
    ws.close()
    return ws.path, recovery


class CreateWorkspaceDialog(FormDialog):
    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("New workspace"), self.tr("Create"), parent)
        self.created: Path | None = None
        self.admin_name = ""
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(self.tr("a new, empty folder"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.admin = QLineEdit()
        self.password = password_field()
        self.again = password_field()
        folder_label = QLabel(self.tr("&Folder:"))
        folder_label.setBuddy(self.folder)
        self.form.addRow(folder_label, row)
        self.form.addRow(self.tr("&Administrator:"), self.admin)
        self.form.addRow(self.tr("&Password:"), self.password)
        self.form.addRow(self.tr("&Repeat password:"), self.again)
        note = QLabel(
            self.tr(
                "At least 12 characters. A phrase of several words is easiest to "
                "remember. Password hashing takes about a second on purpose."
            )
        )
        note.setWordWrap(True)
        self.finish(below=(note,))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the new workspace"))
        if folder:
            self.folder.setText(folder)

    def submit(self) -> None:
        if not self.passwords_match(self.password, self.again):
            return
        folder, admin, password = (
            self.folder.text().strip(),
            self.admin.text().strip(),
            self.password.text(),
        )
        if not folder or not admin:
            self.message.setText(self.tr("Choose a folder and an administrator name."))
            return
        self.run(
            self.tr("Creating the workspace"),
            lambda: create_workspace(folder, admin, password),
            self._created,
        )

    def _created(self, result: tuple[Path, str]) -> None:
        from gui.dialogs.recovery import RecoveryKeyDialog

        self.created, recovery = result
        self.admin_name = self.admin.text().strip()
        self.recovery_dialog = RecoveryKeyDialog(recovery, self)
        self.recovery_dialog.accepted.connect(self.accept)  # closes only once stored offline
        self.recovery_dialog.open()
