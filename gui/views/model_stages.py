"""Changing a version from the Models view: registering a run, moving it between stages,
requesting production, deciding a request, rolling back, comparing with the champion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from gui.jobs import Job

if TYPE_CHECKING:
    from gui.views.models import ModelsView


class StageActions(QObject):
    def __init__(self, view: ModelsView) -> None:
        super().__init__(view)
        self._view = view

    def open_register(self) -> Any:
        from gui.dialogs.registry import RegisterDialog

        self._view.dialog = RegisterDialog(
            self._view._ctx,
            self._view.current_project(),
            self._view.runs,
            [m.name for m in self._view.models],
            self._view,
        )
        self._view.dialog.accepted.connect(
            lambda: self._view._after(
                self.tr("Registered %1 in dev.").replace("%1", self._view.dialog.result_version.ref)
            )
        )
        self._view.dialog.open()
        return self._view.dialog

    def move_to_stage(self, stage: str) -> Job | None:
        version = self._view.current_version()
        if version is None:
            return None
        ws, actor, project = (
            self._view._ctx.workspace,
            self._view._ctx.actor,
            self._view.current_project(),
        )
        return self._view._ctx.runner.run(
            self.tr("Moving %1 to %2").replace("%1", version.ref).replace("%2", stage),
            lambda _p, _c: ws.registry.versions.set_stage(
                actor, version.ref, stage, project=project
            ),
            on_success=lambda t: self._view._after(
                self.tr("%1: %2 → %3")
                .replace("%1", t.version.ref)
                .replace("%2", t.from_stage)
                .replace("%3", t.to_stage)
            ),
            on_error=self._view._error,
            cancellable=False,
        )

    def open_request(self) -> Job | None:
        version = self._view.current_version()
        if version is None:
            return None
        ws, actor, project = (
            self._view._ctx.workspace,
            self._view._ctx.actor,
            self._view.current_project(),
        )

        def show(evidence: dict[str, Any]) -> None:
            from gui.dialogs.registry import RequestDialog

            self._view.dialog = RequestDialog(
                self._view._ctx, project, version.ref, evidence, self._view
            )
            self._view.dialog.accepted.connect(
                lambda: self._view._after(
                    self.tr(
                        "Requested production for %1; a validator who did not train it decides."
                    ).replace("%1", version.ref)
                )
            )
            self._view.dialog.open()

        return self._view._ctx.runner.run(
            self.tr("Gathering the evidence"),
            lambda _p, _c: ws.registry.approvals.evidence(actor, version.ref, project),
            on_success=show,
            on_error=self._view._error,
            cancellable=False,
        )

    def open_decide(self) -> Any:
        from gui.dialogs.registry import DecideDialog

        version = self._view.current_version()
        waiting = [a for a in self._view.pending if version and a.version == version.ref]
        if not waiting:
            return None
        self._view.dialog = DecideDialog(
            self._view._ctx, self._view.current_project(), waiting[0], self._view
        )
        self._view.dialog.accepted.connect(
            lambda: self._view._after(
                self.tr("%1: %2, signed.")
                .replace("%1", waiting[0].version)
                .replace(
                    "%2",
                    self.tr("approved")
                    if self._view.dialog.decision == "approve"
                    else self.tr("rejected"),
                )
            )
        )
        self._view.dialog.open()
        return self._view.dialog

    def open_rollback(self) -> Any:
        from gui.dialogs.registry import RollbackDialog

        model = self._view.current_model()
        if model is None:
            return None
        self._view.dialog = RollbackDialog(
            self._view._ctx, self._view.current_project(), model.name, self._view
        )
        self._view.dialog.accepted.connect(
            lambda: self._view._after(self.tr("Rolled back %1.").replace("%1", model.name))
        )
        self._view.dialog.open()
        return self._view.dialog

    def open_compare(self) -> Any:
        from gui.dialogs.scoring import CompareDialog

        model, version = self._view.current_model(), self._view.current_version()
        if model is None or version is None:
            return None
        self._view.dialog = CompareDialog(
            self._view._ctx,
            self._view.current_project(),
            model.name,
            version.ref,
            self._view.datasets,
            self._view,
        )
        self._view.dialog.open()
        return self._view.dialog
