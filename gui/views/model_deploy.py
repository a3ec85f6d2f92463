"""Scoring a file with the selected version and exporting its signed bundle, from the Models
view: the forms, the background jobs and what the view shows when they end."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QFileDialog,
)

from engine.audit.record import grouped
from engine.registry.deploy_entities import Scored
from gui.jobs import Job

if TYPE_CHECKING:
    from gui.views.models import ModelsView


class ScoringActions(QObject):
    def __init__(self, view: ModelsView) -> None:
        super().__init__(view)
        self._view = view

    def open_score(self) -> Any:
        from gui.dialogs.scoring import ScoreDialog

        version = self._view.current_version()
        if version is None:
            return None
        self._view.dialog = ScoreDialog(version.ref, self._view, prefs=self._view._ctx.prefs)
        self._view.dialog.accepted.connect(
            lambda: self.score(
                version.ref,
                self._view.dialog.source.text(),
                self._view.dialog.target.text(),
                strict=self._view.dialog.strict.isChecked(),
                decimals=self._view.dialog.decimals.value(),
                keep=self._view.dialog.keep.text().strip() or None,
            )
        )
        self._view.dialog.open()
        return self._view.dialog

    def score(
        self,
        ref: str,
        source: str,
        target: str,
        *,
        strict: bool = False,
        decimals: int = 4,
        keep: str | None = None,
    ) -> Job:
        ws, actor, project = (
            self._view._ctx.workspace,
            self._view._ctx.actor,
            self._view.current_project(),
        )

        def work(progress: Any, cancel: Any) -> Scored:
            return ws.registry.deploy.score(
                actor,
                ref,
                source,
                target,
                strict=strict,
                decimals=decimals,
                keep=keep,
                project=project,
                progress=progress,
                cancel=cancel,
            )

        title = self.tr("Scoring %1 with %2").replace("%1", Path(source).name).replace("%2", ref)
        self._view.job = self._view.strip.track(
            self._view._ctx.runner.run(
                title,
                work,
                on_success=self._scored,
                on_error=self._score_failed,
                on_cancel=self._score_cancelled,
            ),
            title,
        )
        self._view._update_buttons()
        return self._view.job

    def _score_done(self) -> None:
        self._view.job = None
        self._view._update_buttons()

    def _scored(self, result: Scored) -> None:
        self._score_done()
        text = (
            self.tr("Scored %1 rows with %2 → %3.")
            .replace("%1", f"{result.rows:,}")
            .replace("%2", result.version)
            .replace("%3", result.output)
        )
        if result.notes:
            text += " " + " ".join(result.notes)
        self._view.status.setText(text, "ok")

    def _score_failed(self, error: BaseException) -> bool:
        self._score_done()
        return self._view._error(error)

    def _score_cancelled(self) -> None:
        self._score_done()
        self._view.status.setText(self.tr("Scoring cancelled; nothing was written."))

    def export_bundle(self, target: str | None = None) -> Job | None:
        version = self._view.current_version()
        if version is None:
            return None
        if target is None:
            target, _ = QFileDialog.getSaveFileName(
                self._view,
                self.tr("Export bundle"),
                f"{version.model}-{version.version}.zip",
                "Bundle (*.zip)",
            )
            if not target:
                return None
        ws, actor, project = (
            self._view._ctx.workspace,
            self._view._ctx.actor,
            self._view.current_project(),
        )
        return self._view._ctx.runner.run(
            self.tr("Exporting %1").replace("%1", version.ref),
            lambda _p, _c: ws.registry.deploy.export_bundle(
                actor, version.ref, target, project=project
            ),
            on_success=lambda r: self._view.status.setText(
                self.tr(
                    "Wrote %1. Signed by workspace key %2 — give this fingerprint to the "
                    "receiving team out of band."
                )
                .replace("%1", r.file)
                .replace("%2", grouped(r.fingerprint))
            ),
            on_error=self._view._error,
            cancellable=False,
        )
