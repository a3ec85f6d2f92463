"""Dialogs of the administration view: add a user, set a password."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from engine.security.rbac import Role
from gui.dialogs.form import FormDialog, password_field


def role_label(role: str) -> str:
    labels = {
        "admin": QCoreApplication.translate("Roles", "administrator"),
        "analyst": QCoreApplication.translate("Roles", "analyst"),
        "validator": QCoreApplication.translate("Roles", "validator"),
        "auditor": QCoreApplication.translate("Roles", "auditor"),
    }
    return labels.get(role, role)


class PasswordForm(FormDialog):
    """A form with a password typed twice; OK only closes it (the caller runs the job)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(None, title, QCoreApplication.translate("PasswordForm", "OK"), parent)
        self.password = password_field()
        self.again = password_field()

    def finish_layout(self, *above: QWidget) -> None:
        self.form.addRow(self.tr("&Password:"), self.password)
        self.form.addRow(self.tr("&Repeat password:"), self.again)
        self.finish(*above)

    def submit(self) -> None:
        if self.passwords_match(self.password, self.again):
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
        super().__init__(
            QCoreApplication.translate("SetPasswordDialog", "Set the password of %1").replace(
                "%1", user
            ),
            parent,
        )
        note = QLabel(
            self.tr("The user gets new signing keys; entries they signed before stay valid.")
        )
        note.setWordWrap(True)
        self.finish_layout(note)
