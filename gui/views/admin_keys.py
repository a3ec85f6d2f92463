"""The Administration view's workspace actions: rotating the master key, replacing the recovery
key, and saving the workspace settings — each a background job the engine audits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QMessageBox,
)

from gui.jobs import Job

if TYPE_CHECKING:
    from gui.views.admin import AdminView


class KeyActions(QObject):
    def __init__(self, view: AdminView) -> None:
        super().__init__(view)
        self._view = view

    def rotate(self) -> Job:
        ws, actor = self._view._ctx.workspace, self._view._ctx.actor
        return self._view.run_job(
            self.tr("Rotating the master key"),
            lambda progress, cancel: ws.keys.rotate_master(actor, progress=progress, cancel=cancel),
            lambda result: self._view.status.setText(
                self.tr("Master key rotated: %1 data keys rewrapped, %2 key slots resealed.")
                .replace("%1", str(result.objects_rewrapped))
                .replace("%2", str(result.slots_resealed)),
                "ok",
            ),
        )

    def replace_recovery(self) -> Job:
        from gui.dialogs.recovery import RecoveryKeyDialog

        ws, actor = self._view._ctx.workspace, self._view._ctx.actor

        def show(printed: object) -> None:
            self._view.status.setText(
                self.tr("The recovery key was replaced; the old one no longer works."), "ok"
            )
            self._view.recovery_dialog = RecoveryKeyDialog(str(printed), self._view)
            self._view.recovery_dialog.open()

        return self._view._ctx.runner.run(
            self.tr("Replacing the recovery key"),
            lambda _p, _c: ws.keys.rotate_recovery(actor),
            on_success=show,
            on_error=self._view.status.show_error,
            cancellable=False,
        )

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
        ws, actor = self._view._ctx.workspace, self._view._ctx.actor

        def work() -> None:
            ws.settings.set(actor, "display_name", name)
            ws.settings.set(actor, "autolock_max_minutes", minutes)
            if scheduler is not None:
                ws.settings.set(actor, "dask_scheduler", scheduler)
            if mail is not None:
                ws.settings.set(actor, "smtp_relay", mail[0])
                ws.settings.set(actor, "mail_from", mail[1])
            if privacy is not None:
                ws.settings.set(actor, "require_dpia", privacy[0])
                ws.settings.set(actor, "audit_retention_days", privacy[1])
            if cooling is not None:
                ws.settings.set(actor, "four_eyes_cooling_days", cooling)
            if default_gates is not None:
                ws.settings.set(actor, "default_gates", default_gates)
            if trusted_code is not None:
                ws.settings.set(actor, "trusted_code", trusted_code)

        return self._view._run(
            self.tr("Saving workspace settings"), work, self.tr("Workspace settings saved.")
        )

    def on_rotate(self) -> None:
        answer = QMessageBox.question(
            self._view,
            self.tr("Rotate the master key"),
            self.tr(
                "Make a new master key and rewrap every object's data key? Other users "
                "must sign in again; disabled users lose access for good."
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.rotate()

    def on_replace_recovery(self) -> None:
        answer = QMessageBox.question(
            self._view,
            self.tr("Replace the recovery key"),
            self.tr(
                "Make a new recovery key? The old one stops working at once; the new one "
                "is shown once and must be stored offline."
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.replace_recovery()

    def save_settings(self) -> None:
        self.save(
            self._view.display_name.text(),
            self._view.autolock_max.value(),
            self._view.scheduler.text(),
            (self._view.smtp_relay.text(), self._view.mail_from.text()),
            (self._view.require_dpia.isChecked(), self._view.audit_retention.value()),
            self._view.cooling.value(),
            self._view.default_gates.isChecked(),
            self._view.trusted_code.text(),
        )
