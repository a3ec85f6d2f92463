"""Dialogs of the administration view: add a user, set a password."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from engine.security.rbac import Role


def role_label(role: str) -> str:
    labels = {"admin": QCoreApplication.translate("Roles", "administrator"),
              "analyst": QCoreApplication.translate("Roles", "analyst"),
              "validator": QCoreApplication.translate("Roles", "validator"),
              "auditor": QCoreApplication.translate("Roles", "auditor")}
    return labels.get(role, role)


class PasswordForm(QDialog):
    """Base: a form with a password typed twice and an error line."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.form.addRow(self.tr("&Password:"), self.password)
        self.form.addRow(self.tr("&Repeat password:"), self.again)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _check(self) -> None:
        if self.password.text() != self.again.text():
            self.message.setText(self.tr("The two passwords do not match."))
            return
        self.accept()


class AddUserDialog(PasswordForm):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("AddUserDialog", "Add a user"), parent)
        self.name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role_label(role.value), role.value)
        self.form.addRow(self.tr("&Name:"), self.name)
        self.form.addRow(self.tr("R&ole:"), self.role)
        self.finish_layout()

    def values(self) -> tuple[str, str, str]:
        return self.name.text().strip(), str(self.role.currentData()), self.password.text()


class SetPasswordDialog(PasswordForm):
    def __init__(self, user: str, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("SetPasswordDialog", "Set the password of %1")
                         .replace("%1", user), parent)
        note = QLabel(self.tr("The user gets new signing keys; entries they signed before "
                              "stay valid."))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.finish_layout()
