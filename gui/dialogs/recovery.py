"""The recovery key: shown once after a workspace is created, and used to reset an
administrator's password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.dialogs.form import FormDialog, password_field
from gui.jobs import JobRunner

if TYPE_CHECKING:
    from engine.security.actor import Actor
    from engine.workspace import Workspace


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key; it can be closed only after the user confirms storing it."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recovery key — shown once"))
        intro = QLabel(
            self.tr(
                "This key unlocks the workspace and resets an administrator's password. Write it "
                "down now and store it OFFLINE (on paper, in a safe), never on this computer. "
                "Airlock cannot show it again."
            )
        )
        intro.setWordWrap(True)
        self.key = QLineEdit(key)
        self.key.setReadOnly(True)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(13)
        self.key.setFont(font)
        self.key.setMinimumWidth(self.key.fontMetrics().horizontalAdvance(key) + 24)
        copy = QPushButton(self.tr("Copy"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(key))
        self.stored = QCheckBox(self.tr("I have stored the recovery key offline"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.stored.toggled.connect(ok.setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.key)
        layout.addWidget(self.stored)
        layout.addWidget(self.buttons)

    def reject(self) -> None:  # Escape must not skip the confirmation
        if self.stored.isChecked():
            super().reject()


def recover(path: str, key: str, admin: str, password: str) -> tuple[Workspace, Actor]:
    from engine.workspace import Workspace

    ws = Workspace.open(path)
    try:
        return ws, ws.recover(key, admin, password)
    except BaseException:
        ws.close()
        raise


class RecoverDialog(FormDialog):
    def __init__(self, runner: JobRunner, workspace: str, parent: QWidget | None = None) -> None:
        super().__init__(
            runner, self.tr("Reset an administrator password"), self.tr("Reset"), parent
        )
        self._workspace = workspace
        self.result_session: tuple[Workspace, Actor] | None = None
        intro = QLabel(self.tr("Workspace: %1").replace("%1", workspace))
        intro.setWordWrap(True)
        self.admin = QLineEdit()
        self.key = QLineEdit()
        self.key.setPlaceholderText("XXXX-XXXX-…")
        self.password = password_field()
        self.again = password_field()
        self.form.addRow(self.tr("&Administrator:"), self.admin)
        self.form.addRow(self.tr("Recovery &key:"), self.key)
        self.form.addRow(self.tr("&New password:"), self.password)
        self.form.addRow(self.tr("&Repeat password:"), self.again)
        note = QLabel(
            self.tr(
                "The administrator gets new signing keys; the reset is recorded "
                "in the audit log, signed by the recovery key."
            )
        )
        note.setWordWrap(True)
        self.finish(intro, below=(note,))

    def submit(self) -> None:
        if not self.passwords_match(self.password, self.again):
            return
        path, key, admin, password = (
            self._workspace,
            self.key.text(),
            self.admin.text().strip(),
            self.password.text(),
        )
        self.run(
            self.tr("Resetting the password"),
            lambda: recover(path, key, admin, password),
            self._done,
        )

    def _done(self, result: tuple[Workspace, Actor]) -> None:
        self.result_session = result
        self.accept()
