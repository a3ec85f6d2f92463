"""The Governance view's Compliance tab: every control of the catalog (GDPR, PDPL, NCA ECC-2,
SAMA, EU AI Act) with the status the engine derives from what the workspace holds, the
selected control's checks with their evidence and the command that shows each, and
**Export…** of the report (HTML, PDF or JSON)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.context import AppContext
from gui.errors import gui_words, show_engine_error
from gui.jobs import Job
from gui.palette import colour
from gui.widgets.tables import read_only_table, select_row

KINDS = {"met": "ok", "partial": "warning", "missing": "alert"}


def where(see: str) -> str:
    """Where the GUI shows a piece of evidence: the engine names the command that prints it
    ("airlock governance card credit@1"); the desktop app names the view, keeping what the
    command was about (credit@1)."""
    if not see.startswith("airlock "):
        return see
    words = see.split()
    command = " ".join(words[:3]) if len(words) > 2 else see
    about = " ".join(
        w for w in words[3:] if not w.startswith("--") and w != "production" and not w.isupper()
    )
    place = gui_words(f"`{command}`")
    return f"{place} ({about})" if about else place


class CompliancePanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.project: str | None = None
        self.report: dict[str, Any] | None = None
        self._stale = True
        self.counts = ""
        self.statuses = {
            "met": self.tr("met"),
            "partial": self.tr("partial"),
            "missing": self.tr("missing"),
        }
        self.framework = QComboBox()
        self.framework.addItem(self.tr("All frameworks"), None)
        self.framework.currentIndexChanged.connect(lambda _i: self.load())
        framework_label = QLabel(self.tr("F&ramework:"))
        framework_label.setBuddy(self.framework)
        self.refresh_button = QPushButton(self.tr("Chec&k again"))
        self.refresh_button.clicked.connect(lambda: self.load())
        self.export_button = QPushButton(self.tr("E&xport…"))
        self.export_button.clicked.connect(lambda: self.export())
        top = QHBoxLayout()
        top.addWidget(framework_label)
        top.addWidget(self.framework)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_button)
        self.summary = QLabel(self.tr("Checking the controls…"))
        self.summary.setWordWrap(True)
        self.table = read_only_table(
            [self.tr("Control"), self.tr("Reference"), self.tr("Requirement"), self.tr("Status")]
        )
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, mode in enumerate(
            (
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Interactive,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
            )
        ):
            header.setSectionResizeMode(column, mode)
        self.table.setColumnWidth(1, 180)
        self.table.itemSelectionChanged.connect(self._selected)
        self.detail = QTextBrowser()
        self.detail.setPlaceholderText(
            self.tr("Select a control to read its checks and their evidence.")
        )
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.setTabOrder(self.framework, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.export_button)
        self.setTabOrder(self.export_button, self.table)
        self.setTabOrder(self.table, self.detail)

    def fill(self, project: str | None) -> None:
        """A new project: checked when the tab is shown (the checks verify the whole log)."""
        self.project = project
        self._stale = True
        if self.isVisible():
            self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.load()

    def _error(self, error: BaseException) -> bool:
        return show_engine_error(self.summary, error)

    def load(self) -> Job:
        self._stale = False
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project
        chosen = self.framework.currentData()
        frameworks = [chosen] if chosen else None
        self.refresh_button.setEnabled(False)
        job = self._ctx.runner.run(
            self.tr("Checking the compliance controls"),
            lambda progress, cancel: ws.governance.compliance.check(
                actor, project, frameworks=frameworks, progress=progress, cancel=cancel
            ),
            on_success=self._show,
            on_error=self._error,
            cancellable=True,
        )
        job.finished.connect(lambda: self.refresh_button.setEnabled(True))
        return job

    def _show(self, report: dict[str, Any]) -> None:
        if self.framework.count() == 1:  # the catalog's frameworks, from the first report
            for name, title in report["frameworks"].items():
                self.framework.addItem(name, name)
                self.framework.setItemData(
                    self.framework.count() - 1, title, Qt.ItemDataRole.ToolTipRole
                )
        selected = self.selected_id()
        self.report = report
        counts = report["summary"]
        self.counts = (
            self.tr(
                "%1: %2 met, %3 partial, %4 missing (checked %5). Each control takes "
                "the status of its weakest check."
            )
            .replace("%1", report["project"])
            .replace("%2", str(counts["met"]))
            .replace("%3", str(counts["partial"]))
            .replace("%4", str(counts["missing"]))
            .replace("%5", report["generated"][:16].replace("T", " "))
        )
        self.summary.setText(self.counts)
        self.table.setRowCount(0)
        for row, control in enumerate(report["controls"]):
            self.table.insertRow(row)
            cells = [
                control["id"],
                f"{control['framework']} {control['reference']}",
                control["title"],
                self.statuses.get(control["status"], control["status"]),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (1, 2):
                    item.setToolTip(text)
                if column == 3:
                    item.setForeground(QColor(colour(KINDS.get(control["status"], "muted"))))
                self.table.setItem(row, column, item)
        ids = [c["id"] for c in report["controls"]]
        if selected in ids:
            select_row(self.table, ids.index(selected))
        else:
            self.detail.clear()

    def selected_id(self) -> str | None:
        control = self.selected()
        return control["id"] if control else None

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.report is None or rows[0].row() >= len(self.report["controls"]):
            return None
        return self.report["controls"][rows[0].row()]

    def _selected(self) -> None:
        control = self.selected()
        if control is None:
            self.detail.clear()
            return
        parts = [
            f"<h3>{escape(control['id'])}: {escape(control['title'])}</h3>",
            f"<p>{escape(control['framework'])} {escape(control['reference'])} — "
            f"<b style='color:{colour(KINDS.get(control['status'], 'muted'))}'>"
            f"{escape(self.statuses.get(control['status'], control['status']))}</b></p>",
        ]
        for result in control["results"]:
            shade = colour(KINDS.get(result["status"], "muted"))
            status = self.statuses.get(result["status"], result["status"])
            parts.append(
                f"<p><b>{escape(result['check'])}</b>: <span style='color:{shade}'>"
                f"{escape(status)}</span><br>{escape(result['summary'])}</p>"
            )
            if result["evidence"]:
                see = self.tr("See: %1")
                parts.append(
                    "<ul>"
                    + "".join(
                        f"<li>{escape(e['text'])}<br><span style='color:{colour('muted')}'>"
                        + escape(see.replace("%1", where(e["see"])))
                        + "</span></li>"
                        for e in result["evidence"]
                    )
                    + "</ul>"
                )
            else:
                parts.append("<p><i>" + escape(self.tr("No evidence found.")) + "</i></p>")
        self.detail.setHtml("".join(parts))

    def export(self, path: str | None = None) -> Job | None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the compliance report"),
                "compliance.html",
                self.tr("Compliance report (*.html *.pdf *.json)"),
            )
            if not path:
                return None
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project
        chosen = self.framework.currentData()
        frameworks = [chosen] if chosen else None
        return self._ctx.runner.run(
            self.tr("Exporting the compliance report"),
            lambda _p, _c: ws.governance.evidence.export_compliance(
                actor, path, project=project, frameworks=frameworks
            ),
            on_success=lambda _body: self.summary.setText(
                self.tr("Wrote %1.").replace("%1", str(path)) + " " + self.counts
            ),
            on_error=self._error,
            cancellable=False,
        )
