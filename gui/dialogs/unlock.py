"""The lock screen's password prompt: keys were dropped; the password logs in again."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from engine.errors import AirlockError
from gui.palette import colour
from gui.session import Session


class UnlockDialog(QDialog):
    """Unlock with the password, or sign out (another person at the desk)."""

    sign_out_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.setWindowTitle(self.tr("Airlock is locked"))
        who = QLabel(
            self.tr("Locked. Enter the password of %1 to continue.").replace(
                "%1", session.actor.name
            )
        )
        who.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {colour('error')};")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Unlock"))
        self.buttons.accepted.connect(self.submit)
        self.sign_out = self.buttons.addButton(
            self.tr("&Sign out"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.sign_out.clicked.connect(self._sign_out)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        session.lock_changed.connect(self._lock_changed)

    def submit(self) -> None:
        password = self.password.text()
        self.password.clear()
        if not password:
            return
        self.buttons.setEnabled(False)
        job = self._session.unlock(password)
        job.failed.connect(self._failed)

    def _failed(self, error: BaseException, _details: str) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, AirlockError):
            self.message.setText(error.message)

    def _lock_changed(self, locked: bool) -> None:
        if not locked:
            self.accept()

    def _sign_out(self) -> None:
        self.done(QDialog.DialogCode.Rejected)
        self.sign_out_requested.emit()

    def reject(self) -> None:  # Escape does not dismiss the lock
        pass
