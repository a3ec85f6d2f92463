"""The Governance view's Retention tab: periods per dataset, expired versions, the purge with
its dry-run list, erasure requests and retraining flags."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.security import rbac
from gui.context import AppContext
from gui.errors import show_engine_error
from gui.jobs import Job
from gui.palette import colour
from gui.views.governance_privacy import _when
from gui.widgets.tables import read_only_table, select_row


class RetentionPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.project: str | None = None
        self.rows: list[Any] = []
        self.columns: dict[str, list[str]] = {}  # dataset -> its newest version's columns
        self.period_button = QPushButton(self.tr("Set &period…"))
        self.period_button.clicked.connect(lambda: self.ask_period())
        self.purge_button = QPushButton(self.tr("P&urge expired…"))
        self.purge_button.clicked.connect(lambda: self.purge())
        self.erase_button = QPushButton(self.tr("&Erase data subjects…"))
        self.erase_button.clicked.connect(lambda: self.open_erase())
        top = QHBoxLayout()
        for button in (self.period_button, self.purge_button, self.erase_button):
            top.addWidget(button)
        top.addStretch(1)
        self.status = QLabel(
            self.tr(
                "A version is kept for its dataset's retention period "
                "after it is made; the purge crypto-shreds what is past "
                "it."
            )
        )
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.datasets = read_only_table(
            [
                self.tr("Dataset"),
                self.tr("Personal data"),
                self.tr("Retention period"),
                self.tr("Expired"),
            ]
        )
        self.datasets.itemSelectionChanged.connect(self._dataset_chosen)
        self.versions = read_only_table(
            [self.tr("Version"), self.tr("Created"), self.tr("Expires"), self.tr("State")]
        )
        for table in (self.datasets, self.versions):
            header = table.horizontalHeader()
            for column in range(4):
                header.setSectionResizeMode(
                    column,
                    QHeaderView.ResizeMode.Stretch
                    if column == 3
                    else QHeaderView.ResizeMode.ResizeToContents,
                )
        tables = QSplitter()
        tables.addWidget(self.datasets)
        tables.addWidget(self.versions)
        tables.setSizes([480, 520])
        self.flags = QListWidget()
        self.erasures = QListWidget()
        flags_box = QGroupBox(self.tr("Models to retrain"))
        QVBoxLayout(flags_box).addWidget(self.flags)
        erasures_box = QGroupBox(self.tr("Erasure requests carried out"))
        QVBoxLayout(erasures_box).addWidget(self.erasures)
        lists = QSplitter()
        lists.addWidget(flags_box)
        lists.addWidget(erasures_box)
        panes = QSplitter(Qt.Orientation.Vertical)
        panes.addWidget(tables)
        panes.addWidget(lists)
        panes.setSizes([420, 160])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(panes, 1)
        role = ctx.actor.role
        for button, action in (
            (self.period_button, "governance.retention"),
            (self.purge_button, "governance.purge"),
            (self.erase_button, "data.erasure"),
        ):
            allowed = rbac.allowed(role, action)
            button.setEnabled(allowed)
            if not allowed:
                button.setToolTip(self.tr("Your role does not allow this."))

    def _error(self, error: BaseException) -> bool:
        return show_engine_error(self.status, error)

    # -- reading ---------------------------------------------------------------------------
    def load(self, project: str | None) -> Job:
        self.project = project
        ws, actor = self._ctx.workspace, self._ctx.actor

        def work(_p: Any, _c: Any) -> dict[str, Any]:
            datasets = ws.data.datasets(actor, project)
            return {
                "retention": ws.governance.retention.overview(actor, project),
                "flags": ws.governance.retention.retrain_flags(actor, project),
                "erasures": ws.governance.retention.erasures(actor, project),
                "columns": {
                    d.name: [c["name"] for c in d.latest.schema]
                    for d in datasets
                    if d.latest is not None
                },
            }

        return self._ctx.runner.run(
            self.tr("Reading retention periods"),
            work,
            on_success=self._show,
            on_error=self._error,
            cancellable=False,
            listed=False,
        )

    def _show(self, found: dict[str, Any]) -> None:
        chosen = self.selected()
        self.rows, self.columns = found["retention"], found["columns"]
        self.datasets.setRowCount(0)
        for row, r in enumerate(self.rows):
            self.datasets.insertRow(row)
            period = (
                self.tr("%1 days").replace("%1", f"{r.days:,}") if r.days else self.tr("no limit")
            )
            if r.days and r.days % 365 == 0:  # 1825 days reads as 5 years (1,825 days)
                period = (
                    self.tr("%1 years (%2)").replace("%1", str(r.days // 365)).replace("%2", period)
                )
            cells = [
                r.dataset,
                self.tr("yes") if r.personal else self.tr("no"),
                period,
                str(len(r.expired)),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if (column == 2 and r.personal and not r.days) or (column == 3 and r.expired):
                    item.setForeground(QColor(colour("alert")))
                self.datasets.setItem(row, column, item)
        names = [r.dataset for r in self.rows]
        select_row(
            self.datasets, names.index(chosen.dataset) if chosen and chosen.dataset in names else 0
        )
        self._dataset_chosen()
        self.flags.clear()
        for flag in found["flags"]:
            self.flags.addItem(
                self.tr("%1: %2 (%3, %4)")
                .replace("%1", flag.version)
                .replace("%2", flag.reason)
                .replace("%3", _when(flag.created))
                .replace("%4", flag.by)
            )
        self.erasures.clear()
        for done in found["erasures"]:
            self.erasures.addItem(
                self.tr("%1 on %2 (%3 by %4): %5 subjects, %6 rows removed; new %7; shredded %8")
                .replace("%1", done.reference)
                .replace("%2", done.dataset)
                .replace("%3", _when(done.created))
                .replace("%4", done.by)
                .replace("%5", str(done.subjects))
                .replace("%6", str(done.rows_removed))
                .replace("%7", ", ".join(done.new_versions) or "—")
                .replace("%8", ", ".join(done.shredded) or "—")
            )

    def selected(self) -> Any:
        rows = self.datasets.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _dataset_chosen(self) -> None:
        retention = self.selected()
        self.versions.setRowCount(0)
        if retention is None:
            return
        for row, v in enumerate(reversed(retention.versions)):  # newest first
            self.versions.insertRow(row)
            if v.shredded:
                state, shade = (
                    self.tr("shredded %1 (%2)")
                    .replace("%1", _when(v.shredded))
                    .replace("%2", v.reason),
                    colour("muted"),
                )
            elif v.ref in retention.expired:
                state, shade = self.tr("expired: purge it"), colour("alert")
            else:
                state, shade = self.tr("kept"), ""
            for column, text in enumerate([v.ref, _when(v.created), _when(v.expires), state]):
                item = QTableWidgetItem(text)
                if shade:
                    item.setForeground(QColor(shade))
                self.versions.setItem(row, column, item)

    # -- changes ---------------------------------------------------------------------------
    def ask_period(self) -> None:
        retention = self.selected()
        if retention is None:
            return
        days, ok = QInputDialog.getInt(
            self,
            self.tr("Retention period of %1").replace("%1", retention.dataset),
            self.tr("Days to keep each version after it is made (0: no limit):"),
            retention.days or 0,
            0,
            36_500,
        )
        if ok:
            self.set_period(retention.dataset, days or None)

    def set_period(self, dataset: str, days: int | None) -> Job:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project
        return self._ctx.runner.run(
            self.tr("Setting the retention period of %1").replace("%1", dataset),
            lambda _p, _c: ws.governance.retention.set(actor, dataset, days, project=project),
            on_success=lambda _days: self.load(project),
            on_error=self._error,
            cancellable=False,
        )

    def purge(self) -> Job:
        """A dry run first; the list goes to the user to confirm, then the real purge."""
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project
        self.purge_button.setEnabled(False)
        job = self._ctx.runner.run(
            self.tr("Listing expired versions"),
            lambda _p, _c: ws.governance.retention.purge(actor, project, dry_run=True),
            on_success=self._confirm_purge,
            on_error=self._error,
            cancellable=False,
        )
        job.finished.connect(lambda: self.purge_button.setEnabled(True))
        return job

    def _confirm_purge(self, due: list[Any]) -> None:
        if not due:
            self.status.setText(self.tr("No version is past its retention period."))
            return
        refs = [s.ref for s in due]
        answer = QMessageBox.question(
            self,
            self.tr("Purge expired versions"),
            self.tr(
                "Crypto-shred these %1 versions? Their data keys and files are destroyed "
                "and they can never be read again; a tombstone keeps their hash for "
                "lineage and the audit log."
            ).replace("%1", str(len(refs)))
            + "\n\n"
            + "\n".join(refs[:30])
            + ("\n…" if len(refs) > 30 else ""),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.status.setText(self.tr("Purge cancelled; nothing was shredded."))
            return
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project
        self.purge_job = self._ctx.runner.run(
            self.tr("Purging expired versions"),
            lambda progress, cancel: ws.governance.retention.purge(
                actor, project, progress=progress, cancel=cancel
            ),
            on_success=self._purged,
            on_error=self._error,
        )

    def _purged(self, done: list[Any]) -> None:
        self.status.setText(
            self.tr("Crypto-shredded %1 versions: %2.")
            .replace("%1", str(len(done)))
            .replace("%2", ", ".join(s.ref for s in done))
        )
        self.load(self.project)

    def open_erase(self) -> Any:
        from gui.dialogs.erasure import EraseDialog

        retention = self.selected()
        dialog = EraseDialog(
            self._ctx, self.project, self.columns, retention.dataset if retention else None, self
        )
        if dialog.exec() and dialog.erasure is not None:
            self.show_erasure(dialog.erasure)
        return dialog

    def show_erasure(self, done: Any) -> None:
        text = (
            self.tr(
                "Erasure %1 done: %2 subjects, %3 rows removed from %4. New versions: "
                "%5. Shredded: %6. Models to retrain: %7."
            )
            .replace("%1", done.reference)
            .replace("%2", str(done.subjects))
            .replace("%3", str(done.rows_removed))
            .replace("%4", done.dataset)
            .replace("%5", ", ".join(done.new_versions) or "—")
            .replace("%6", ", ".join(done.shredded) or "—")
            .replace("%7", ", ".join(done.flagged) or "—")
        )
        self.status.setText(" ".join([text, *done.notes]))
        self.load(self.project)
