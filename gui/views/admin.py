"""Administration (administrators only): users, keys, workspace settings.

The view hides what a role may not do; the engine refuses it anyway and records the attempt.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.audit.export import fingerprint
from engine.audit.record import unb64
from engine.security.rbac import Role
from engine.security.users import User
from gui.context import AppContext
from gui.dialogs.users import AddUserDialog, SetPasswordDialog, role_label
from gui.jobs import Job
from gui.views.admin_keys import KeyActions
from gui.views.base import AreaView


class AdminView(AreaView):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            QCoreApplication.translate("AdminView", "Administration"),
            projects=False,
            parent=parent,
        )
        self.keys_actions = KeyActions(self)
        self.users: list[User] = []

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Status"),
                self.tr("Signing key"),
                self.tr("Created"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((180, 140, 100, 120)):
            self.table.setColumnWidth(column, width)
        self.add_button = QPushButton(self.tr("&Add user…"))
        self.add_button.clicked.connect(self._add)
        self.toggle_button = QPushButton(self.tr("&Disable"))
        self.toggle_button.clicked.connect(self._toggle)
        self.password_button = QPushButton(self.tr("Set &password…"))
        self.password_button.clicked.connect(self._password)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role_label(role.value), role.value)
        self.role_button = QPushButton(self.tr("Change &role"))
        self.role_button.clicked.connect(self._role)
        self.table.itemSelectionChanged.connect(self._selection)
        user_buttons = QHBoxLayout()
        for widget in (
            self.add_button,
            self.toggle_button,
            self.password_button,
            self.role,
            self.role_button,
        ):
            user_buttons.addWidget(widget)
        user_buttons.addStretch(1)
        users = QGroupBox(self.tr("Users"))
        box = QVBoxLayout(users)
        box.addWidget(self.table)
        box.addLayout(user_buttons)

        self.fingerprint = QLabel()
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rotate_button = QPushButton(self.tr("Rotate the master key…"))
        self.rotate_button.clicked.connect(self.keys_actions.on_rotate)
        self.recovery_button = QPushButton(self.tr("Replace the recovery key…"))
        self.recovery_button.setToolTip(
            self.tr("Make a new recovery key, shown once; the old one stops working.")
        )
        self.recovery_button.clicked.connect(self.keys_actions.on_replace_recovery)
        self.recovery_dialog: QDialog | None = None
        keys = QGroupBox(self.tr("Keys"))
        keys_form = QFormLayout(keys)
        keys_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        keys_form.addRow(self.tr("Log key fingerprint (for auditors):"), self.fingerprint)
        keys_form.addRow(self.rotate_button)
        keys_form.addRow(self.recovery_button)

        self.display_name = QLineEdit()
        self.display_name.setMinimumWidth(240)
        self.autolock_max = QSpinBox()
        self.autolock_max.setRange(1, 240)
        self.autolock_max.setSuffix(self.tr(" min"))
        self.scheduler = QLineEdit()
        self.scheduler.setPlaceholderText(self.tr("empty: this computer; e.g. tcp://10.0.0.5:8786"))
        self.smtp_relay = QLineEdit()
        self.smtp_relay.setPlaceholderText(self.tr("empty: no mail; e.g. mail.internal:25"))
        self.mail_from = QLineEdit()
        self.mail_from.setPlaceholderText(self.tr("e.g. airlock@bank.internal"))
        self.require_dpia = QCheckBox(self.tr("before training on personal data"))
        self.audit_retention = QSpinBox()
        self.audit_retention.setRange(365, 36_500)
        self.audit_retention.setSuffix(self.tr(" days"))
        self.audit_retention.setToolTip(self.tr("NCA ECC 2-12 asks for at least 12 months."))
        self.trusted_code = QLineEdit()
        self.trusted_code.setPlaceholderText(
            self.tr("empty: scikit-learn, LightGBM and XGBoost only; e.g. bank_features")
        )
        self.trusted_code.setToolTip(
            self.tr(
                "Python modules whose classes a model from a notebook may hold "
                "(comma-separated). Recorded in the audit log."
            )
        )
        self.default_gates = QCheckBox(
            self.tr("fairness, reviewed sensitive features and a complete card before production")
        )
        self.default_gates.setToolTip(
            self.tr(
                "For models in projects of risk tier medium or high, on top of their own "
                "gates. Turning this off is recorded in the audit log and shown in "
                "compliance."
            )
        )
        self.cooling = QSpinBox()
        self.cooling.setRange(0, 365)
        self.cooling.setSuffix(self.tr(" days"))
        self.cooling.setToolTip(
            self.tr(
                "Approvals by an account younger than this are flagged (four-eyes, docs/roles.md)."
            )
        )
        self.save_settings = QPushButton(self.tr("Save settings"))
        self.save_settings.clicked.connect(self.keys_actions.save_settings)
        self.info = QLabel()
        self.info.setWordWrap(True)
        settings = QGroupBox(self.tr("Workspace"))
        settings_form = QFormLayout(settings)
        settings_form.addRow(self.tr("Name:"), self.display_name)
        settings_form.addRow(self.tr("Lock the app after at most:"), self.autolock_max)
        settings_form.addRow(self.tr("Dask scheduler for searches:"), self.scheduler)
        settings_form.addRow(self.tr("Mail relay for alerts:"), self.smtp_relay)
        settings_form.addRow(self.tr("Alert mail sender:"), self.mail_from)
        settings_form.addRow(self.tr("Require a complete DPIA:"), self.require_dpia)
        settings_form.addRow(self.tr("Keep the audit log at least:"), self.audit_retention)
        settings_form.addRow(self.tr("New approvers wait:"), self.cooling)
        settings_form.addRow(self.tr("Default production gates:"), self.default_gates)
        settings_form.addRow(self.tr("Trusted code in models:"), self.trusted_code)
        settings_form.addRow(self.save_settings)
        settings_form.addRow(self.info)

        self.add_body(users, 2)
        row = QHBoxLayout()
        row.addWidget(keys, 1)
        row.addWidget(settings, 1)
        self.add_body(row, 0)
        self._selection()

    # -- reading ---------------------------------------------------------------------------
    def load(self) -> None:
        ws, actor = self._ctx.workspace, self._ctx.actor
        self._ctx.runner.run(
            self.tr("Reading users"),
            lambda _p, _c: (ws.users.list(actor), ws.settings.all(actor)),
            on_success=self._render,
            on_error=self.status.show_error,
            cancellable=False,
            listed=False,
        )
        config = ws.config
        groups = fingerprint(unb64(config.log_public_key)).split()
        # eight groups a line: one line of sixteen made the window wider than 1280 pixels
        # in Arabic, pushing the sidebar off the screen
        self.fingerprint.setText(
            "\n".join(
                [config.log_key_id]
                + [" ".join(groups[i : i + 8]) for i in range(0, len(groups), 8)]
            )
        )
        self.info.setText(
            self.tr("Folder %1 · id %2 · format %3 · created %4")
            .replace("%1", str(ws.path))
            .replace("%2", ws.id)
            .replace("%3", str(config.format))
            .replace("%4", config.created[:10])
        )

    def _render(self, result: tuple[list[User], dict]) -> None:
        self.users, settings = result
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            status = (
                self.tr("disabled")
                if user.disabled
                else self.tr("service account")
                if user.service
                else self.tr("active")
            )
            for column, text in enumerate(
                (user.name, role_label(user.role), status, user.signing_key_id, user.created[:10])
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.display_name.setText(settings["display_name"])
        self.autolock_max.setValue(int(settings["autolock_max_minutes"]))
        self.scheduler.setText(settings.get("dask_scheduler", ""))
        self.smtp_relay.setText(settings.get("smtp_relay", ""))
        self.mail_from.setText(settings.get("mail_from", ""))
        self.require_dpia.setChecked(bool(settings.get("require_dpia", True)))
        self.audit_retention.setValue(int(settings.get("audit_retention_days", 730)))
        self.cooling.setValue(int(settings.get("four_eyes_cooling_days", 7)))
        self.default_gates.setChecked(bool(settings.get("default_gates", True)))
        self.trusted_code.setText(str(settings.get("trusted_code", "")))
        self._selection()

    def selected(self) -> User | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def _selection(self) -> None:
        user = self.selected()
        for widget in (self.toggle_button, self.password_button, self.role_button):
            widget.setEnabled(user is not None)
        if user is not None:
            self.toggle_button.setText(self.tr("&Enable") if user.disabled else self.tr("&Disable"))
            self.role.setCurrentIndex(self.role.findData(user.role))

    # -- changes (each a background job; the engine checks the permission) ----------------
    def _run(self, title: str, work: Callable[[], object], done_text: str) -> Job:
        def done(_result: object) -> None:
            self.status.setText(done_text, "ok")
            self.refresh()

        return self._ctx.runner.run(
            title,
            lambda _p, _c: work(),
            on_success=done,
            on_error=self.status.show_error,
            cancellable=False,
        )

    def add_user(self, name: str, role: str, password: str) -> Job:
        ws, actor = self._ctx.workspace, self._ctx.actor
        return self._run(
            self.tr("Adding a user"),
            lambda: ws.users.add(actor, name, role, password),
            self.tr("Added %1.").replace("%1", name),
        )

    def set_enabled(self, name: str, enabled: bool) -> Job:
        ws, actor = self._ctx.workspace, self._ctx.actor
        if enabled:
            return self._run(
                self.tr("Enabling a user"),
                lambda: ws.users.enable(actor, name),
                self.tr("Enabled %1.").replace("%1", name),
            )
        return self._run(
            self.tr("Disabling a user"),
            lambda: ws.users.disable(actor, name),
            self.tr("Disabled %1. Rotate the master key to revoke copied keys.").replace(
                "%1", name
            ),
        )

    def set_password(self, name: str, password: str) -> Job:
        ws, actor = self._ctx.workspace, self._ctx.actor
        return self._run(
            self.tr("Setting a password"),
            lambda: ws.users.reset_password(actor, name, password),
            self.tr("Set the password of %1.").replace("%1", name),
        )

    def set_role(self, name: str, role: str) -> Job:
        ws, actor = self._ctx.workspace, self._ctx.actor
        return self._run(
            self.tr("Changing a role"),
            lambda: ws.users.set_role(actor, name, role),
            self.tr("%1 is now %2.").replace("%1", name).replace("%2", role_label(role)),
        )

    def rotate(self) -> Job:
        return self.keys_actions.rotate()

    def replace_recovery(self) -> Job:
        """Replace the recovery key; the new one is shown once, in the dialog that can be
        closed only after the user confirms storing it offline."""
        return self.keys_actions.replace_recovery()

    def save(
        self,
        name: str,
        minutes: int,
        scheduler: str | None = None,
        mail: tuple[str, str] | None = None,
        privacy: tuple[bool, int] | None = None,
        cooling: int | None = None,
        default_gates: bool | None = None,
        trusted_code: str | None = None,
    ) -> Job:
        """Save the settings; `privacy` is (require_dpia, audit_retention_days), `cooling`
        the four-eyes cooling-off in days, `default_gates` whether models in medium and high
        risk projects need the default production gates, `trusted_code` the modules whose
        classes a model from code may hold."""
        return self.keys_actions.save(
            name, minutes, scheduler, mail, privacy, cooling, default_gates, trusted_code
        )

    def _add(self) -> None:
        dialog = AddUserDialog(self)
        if dialog.exec():
            self.add_user(*dialog.values())

    def _toggle(self) -> None:
        user = self.selected()
        if user is not None:
            self.set_enabled(user.name, user.disabled)

    def _password(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = SetPasswordDialog(user.name, self)
        if dialog.exec():
            self.set_password(user.name, dialog.password.text())

    def _role(self) -> None:
        user = self.selected()
        if user is not None:
            self.set_role(user.name, str(self.role.currentData()))
