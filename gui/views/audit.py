"""The audit view: the signed log, filters, details, verification, checkpoints, bundles.

Auditors live here; it changes nothing in the workspace beyond what the engine records
(verifications, saved checkpoints and exports are themselves audited).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QLabel,
    QMessageBox,
    QSplitter,
    QTableView,
    QWidget,
)

from engine.audit.bundle_check import verify_bundle
from engine.audit.checks import Report
from engine.audit.export import AuditBundle
from engine.auditing.service import EntryFilter
from engine.errors import IntegrityError
from gui.context import AppContext
from gui.jobs import Job
from gui.models.audit_model import AuditTableModel
from gui.views.audit_panels import EntryDetails, FilterBar, FindingsList, summary
from gui.views.base import AreaView


class AuditView(AreaView):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            QCoreApplication.translate("AuditView", "Audit log"),
            projects=False,
            actions_below=True,
            parent=parent,
        )
        self.report: Report | None = None
        self.verify_job: Job | None = None
        self._pending_jump: int | None = None
        self.filters = FilterBar()
        self.filters.applied.connect(self.apply_filter)
        self.model = AuditTableModel(ctx.runner, self._load, parent=self)
        self.model.page_loaded.connect(self._page_loaded)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        for column, width in enumerate((60, 70, 140, 100, 80, 180)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.details = EntryDetails()
        self.findings = FindingsList()
        self.findings.jump.connect(self.jump_to)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.details)
        side.addWidget(self.findings)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.verify_button = self.add_action(self.tr("&Verify log"), self.verify, "audit.verify")
        self.verify_kept = self.add_action(
            self.tr("Verify against a kept checkpoint…"), self._verify_kept, "audit.verify"
        )
        self.checkpoint_button = self.add_action(
            self.tr("Save &checkpoint…"), self._checkpoint, "audit.checkpoint"
        )
        self.export_button = self.add_action(
            self.tr("&Export bundle…"), self._export, "audit.export"
        )
        self.bundle_button = self.add_action(
            self.tr("Verify a &bundle file…"), self._verify_bundle_file
        )
        # kept names: the verification's bar and Cancel are the job strip's
        self.progress, self.cancel_button = self.strip.bar, self.strip.cancel_button
        self.shown = QLabel()  # how many entries are loaded
        self.add_body(self.filters, 0)
        self.add_body(split, 1)
        self.add_body(self.shown, 0)

    # -- data ------------------------------------------------------------------------------
    def _load(self, where: EntryFilter) -> list:
        return self._ctx.workspace.audit.entries(self._ctx.actor, where)

    def load(self) -> None:
        ws, actor = self._ctx.workspace, self._ctx.actor
        self._ctx.runner.run(
            self.tr("Reading user names"),
            lambda _p, _c: ws.audit.user_names(actor),
            on_success=self._names,
            on_error=self.status.show_error,
            cancellable=False,
            listed=False,
        )
        self.apply_filter(self.filters.current())

    def focus(self, target: object) -> None:
        """Select the entry whose seq is `target` and show all of it (from the dashboard's
        last verification, or a step of the Evidence room's timeline)."""
        if isinstance(target, int):
            self.jump_to(target)

    def _names(self, names: dict[str, str]) -> None:
        self.model.names = names
        self.filters.set_users(names)

    def apply_filter(self, where: EntryFilter) -> None:
        self.model.set_filter(where)

    def _page_loaded(self, rows: int) -> None:
        more = self.tr(" (scroll for more)") if self.model.has_more else ""
        self.shown.setText(self.tr("%1 entries shown").replace("%1", f"{rows:,}") + more)
        if self._pending_jump is not None:
            seq, self._pending_jump = self._pending_jump, None
            self.jump_to(seq)

    def _selected(self, current: object, _previous: object) -> None:
        row = current.row()  # type: ignore[attr-defined]
        if row < 0:
            self.details.show_entry(None, False, [])
            return
        entry = self.model.entry(row)
        self.details.show_entry(entry, self.model.verified, self.model.invalid.get(entry.seq, []))

    def jump_to(self, seq: int) -> None:
        """Select entry `seq`, loading the log from just before it if needed."""
        row = self.model.row_of(seq)
        if row is None:
            if self.model.loading:
                self._pending_jump = seq
                return
            self._pending_jump = seq
            self.model.set_filter(replace(EntryFilter(), after_seq=max(seq - 50, 0)))
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    # -- verification ----------------------------------------------------------------------
    def verify(self, trusted_checkpoint: str | None = None) -> Job:
        ws, actor = self._ctx.workspace, self._ctx.actor
        self.status.clear()
        self.verify_button.setEnabled(False)
        job = self.run_job(
            self.tr("Verifying the audit log"),
            lambda progress, cancel: ws.audit.verify(
                actor, trusted_checkpoint=trusted_checkpoint, progress=progress, cancel=cancel
            ),
            lambda report: self.show_report(report, self.tr("Workspace log")),
            on_cancel=lambda: self.status.setText(self.tr("Verification cancelled.")),
        )
        job.finished.connect(lambda: self.verify_button.setEnabled(True))
        self.verify_job = job
        return job

    def cancel_verify(self) -> None:
        if self.verify_job is not None:
            self.verify_job.cancel()

    def show_report(self, report: Report, heading: str) -> None:
        self.report = report
        invalid: dict[int, list[str]] = {}
        for finding in report.findings:
            if finding.invalid and finding.seq is not None:
                invalid.setdefault(finding.seq, []).append(finding.message)
        self.model.set_verification(invalid)
        self.findings.show_report(report, heading)
        self.status.setText(summary(report), "ok" if report.ok else "error")

    def _verify_kept(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("A checkpoint you kept"))
        if name:
            self.verify(Path(name).read_text(encoding="utf-8", errors="replace"))

    # -- checkpoints and bundles -----------------------------------------------------------
    def save_checkpoint(self, path: Path) -> Job:
        ws, actor = self._ctx.workspace, self._ctx.actor
        return self._ctx.runner.run(
            self.tr("Saving a checkpoint"),
            lambda _p, _c: ws.audit.save_checkpoint(actor, path),
            on_success=lambda _note: self.status.setText(
                self.tr("Saved a signed checkpoint to %1. Keep a copy off this computer.").replace(
                    "%1", str(path)
                )
            ),
            cancellable=False,
        )

    def export_bundle(self, path: Path, include_invalid: bool = False) -> Job:
        """Export; a log that fails verification is refused, and the user may then export
        it anyway for an investigator (the bundle lists the findings)."""
        ws, actor = self._ctx.workspace, self._ctx.actor
        return self._ctx.runner.run(
            self.tr("Exporting an audit bundle"),
            lambda progress, cancel: ws.audit.export(
                actor, path, include_invalid=include_invalid, progress=progress, cancel=cancel
            ),
            on_success=self._exported,
            on_error=lambda error: self._export_refused(error, path, include_invalid),
        )

    def _exported(self, summary: AuditBundle) -> None:
        text = (
            self.tr("Wrote %1 (%2 entries). Log key fingerprint: %3")
            .replace("%1", summary.path)
            .replace("%2", str(summary.entries))
            .replace("%3", summary.log_key_fingerprint)
        )
        if summary.verified != "valid":
            text += " " + self.tr(
                "The log FAILED verification: the bundle lists the findings in VERIFICATION.txt."
            )
        self.status.setText(text, "ok" if summary.verified == "valid" else "warning")

    def _export_refused(self, error: BaseException, path: Path, included: bool) -> bool:
        if included or not isinstance(error, IntegrityError):
            return False
        answer = QMessageBox.warning(
            self,
            self.tr("The audit log fails verification"),
            self.tr(
                "%1\n\nVerify the log to see every problem. Export it anyway for an "
                "investigator? The bundle will say that it failed and list the findings "
                "in VERIFICATION.txt."
            ).replace("%1", error.message),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.export_bundle(path, include_invalid=True)
        else:
            self.status.setText(self.tr("Nothing was exported."))
        return True

    def check_bundle(self, path: Path, trusted: str | None = None) -> Job:
        return self._ctx.runner.run(
            self.tr("Verifying a bundle"),
            lambda _p, _c: verify_bundle(str(path), trusted),
            on_success=lambda report: self.findings.show_report(
                report, self.tr("Bundle %1").replace("%1", path.name)
            ),
        )

    def _checkpoint(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save a signed checkpoint"), "checkpoint.txt"
        )
        if name:
            self.save_checkpoint(Path(name))

    def _export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export an audit bundle"), "audit-bundle.zip", "Zip (*.zip)"
        )
        if name:
            self.export_bundle(Path(name))

    def _verify_bundle_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("A bundle to verify"), "", "Zip (*.zip)"
        )
        if name:
            self.check_bundle(Path(name))
