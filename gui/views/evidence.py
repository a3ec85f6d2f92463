"""The Evidence room, for auditors: a model version's life as a timeline (data, training,
registry, deployment, monitoring, governance) with each step's audit entries and whether the
signed log verifies them; the evidence pack of the version (a zip signed by the log key)
and the offline check of a pack someone hands over. It changes nothing in the workspace
beyond what the engine records (exports are audited)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.audit.pack_check import verify_pack
from engine.governance.evidence import EvidencePack
from engine.security import rbac
from gui.context import AppContext
from gui.jobs import Job
from gui.palette import colour
from gui.views.base import AreaView
from gui.widgets.projects import refill
from gui.widgets.tables import read_only_table


class EvidenceView(AreaView):
    navigate = Signal(str, object)  # ("audit", seq): a timeline row opened in the Audit log

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx, QCoreApplication.translate("EvidenceView", "Evidence room"), parent=parent
        )
        self.names: dict[str, str] = {}
        self.timeline: dict[str, Any] | None = None
        self.pack: EvidencePack | None = None
        self.check: Any = None  # the Report of the last pack verified
        self.version = QComboBox()
        self.version.setMinimumContentsLength(20)
        version_label = QLabel(self.tr("&Model version:"))
        version_label.setBuddy(self.version)
        self.show_button = QPushButton(self.tr("&Show timeline"))
        self.show_button.clicked.connect(lambda: self.show_timeline())
        self.export_button = QPushButton(self.tr("E&xport evidence pack…"))
        self.export_button.clicked.connect(lambda: self.export())
        self.verify_button = QPushButton(self.tr("Ver&ify a pack…"))
        self.verify_button.clicked.connect(lambda: self.verify())
        self.progress = self.strip.bar  # kept name: the job strip shows the long jobs
        row = QHBoxLayout()
        row.addWidget(version_label)
        row.addWidget(self.version, 1)
        for widget in (self.show_button, self.export_button, self.verify_button):
            row.addWidget(widget)
        self.summary = QLabel(
            self.tr(
                "Pick a model version and show its timeline: every "
                "step of its life with the audit entries that record "
                "it. Double-click a step to open its entry in the "
                "Audit log."
            )
        )
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.phases = {
            "data": self.tr("data"),
            "training": self.tr("training"),
            "registry": self.tr("registry"),
            "deployment": self.tr("deployment"),
            "monitoring": self.tr("monitoring"),
            "governance": self.tr("governance"),
        }
        self.table = read_only_table(
            [
                self.tr("Time"),
                self.tr("Phase"),
                self.tr("What"),
                self.tr("By"),
                self.tr("Entries"),
                self.tr("Verified"),
            ]
        )
        self.table.setWordWrap(False)
        self.table.setToolTip(
            self.tr(
                "Double-click a step (or press Enter) to open its audit entry in the Audit log."
            )
        )
        self.table.itemActivated.connect(lambda item: self.open_entry(item.row()))
        header = self.table.horizontalHeader()
        for column in range(6):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if column == 2
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        self.verdict = QLabel(
            self.tr(
                "Export this version's evidence pack, or verify a pack "
                "someone handed you: the check runs offline."
            )
        )
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.findings = QListWidget()
        pack_side = QWidget()
        side = QVBoxLayout(pack_side)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.verdict)
        side.addWidget(self.findings, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(pack_side)
        split.setSizes([540, 100])
        self.add_body(row, 0)
        self.add_body(self.summary, 0)
        self.add_body(split, 1)
        assert self.project is not None
        for first, second in (
            (self.project, self.version),
            (self.version, self.show_button),
            (self.show_button, self.export_button),
            (self.export_button, self.verify_button),
            (self.verify_button, self.table),
            (self.table, self.findings),
        ):
            self.setTabOrder(first, second)
        self.can_export = rbac.allowed(ctx.actor.role, "audit.export")
        self.export_button.setEnabled(self.can_export)
        if not self.can_export:
            self.export_button.setToolTip(
                self.tr("Your role may read the audit log, not export it.")
            )
        self._versions_chosen()
        self.version.currentIndexChanged.connect(lambda _i: self._versions_chosen())

    # -- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        ws, actor = self._ctx.workspace, self._ctx.actor
        self._ctx.runner.run(
            self.tr("Reading user names"),
            lambda _p, _c: ws.audit.user_names(actor),
            on_success=self._names,
            cancellable=False,
            listed=False,
        )
        super().refresh()  # the projects, then load()

    def _names(self, names: dict[str, str]) -> None:
        self.names = names

    def load(self) -> Job:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()

        def work(_p: Any, _c: Any) -> list[str]:
            return [v.ref for m in ws.registry.versions.models(actor, project) for v in m.versions]

        return self._ctx.runner.run(
            self.tr("Reading model versions"),
            work,
            on_success=self._versions,
            on_error=self.status.show_error,
            cancellable=False,
            listed=False,
        )

    def _versions(self, versions: list[str]) -> None:
        refill(self.version, versions)
        self._versions_chosen()

    def open_entry(self, row: int) -> int | None:
        """Open the audit entry of the timeline's row `row` in the Audit log (its first
        entry when a step has several)."""
        steps = self.timeline["steps"] if self.timeline else []
        if not 0 <= row < len(steps) or not steps[row]["entries"]:
            return None
        seq = int(steps[row]["entries"][0]["seq"])
        self.navigate.emit("audit", seq)
        return seq

    def _versions_chosen(self) -> None:
        ref = self.version.currentText()
        has = bool(ref)
        if self.timeline is not None and self.timeline["version"] != ref:
            self.timeline = None  # the table shows one version's life, never a stale one
            self.table.setRowCount(0)
            self.summary.setStyleSheet("")
            self.summary.setText(self.tr("Show the timeline of %1.").replace("%1", ref or "—"))
        self.show_button.setEnabled(has)
        self.export_button.setEnabled(has and self.can_export)

    def show_timeline(self) -> Job | None:
        ref = self.version.currentText()
        if not ref:
            return None
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()
        self.status.clear()
        self.summary.setStyleSheet("")
        self.summary.setText(
            self.tr("Verifying the audit log and collecting the life of %1…").replace("%1", ref)
        )
        return self.run_job(
            self.tr("Reading the timeline of %1").replace("%1", ref),
            lambda progress, cancel: ws.governance.evidence.timeline(
                actor, ref, project=project, progress=progress, cancel=cancel
            ),
            self._show_timeline,
        )

    def _show_timeline(self, timeline: dict[str, Any]) -> None:
        self.timeline = timeline
        verified = timeline["log_verified"]
        state = (
            self.tr("the audit log verifies")
            if verified
            else self.tr("the audit log does NOT verify")
        )
        self.summary.setText(
            self.tr("%1 (%2): %3 steps; %4.")
            .replace("%1", timeline["version"])
            .replace("%2", timeline["stage"])
            .replace("%3", str(len(timeline["steps"])))
            .replace("%4", state)
            + "\n"
            + timeline["log_summary"]
            + "\n"
            + self.tr("Data: %1. Monitors: %2.")
            .replace("%1", ", ".join(timeline["datasets"]) or "—")
            .replace("%2", ", ".join(timeline["monitors"]) or "—")
        )
        self.summary.setStyleSheet(
            "" if verified else f"color: {colour('error')}; font-weight: 600;"
        )
        self.table.setRowCount(0)
        for row, step in enumerate(timeline["steps"]):
            self.table.insertRow(row)
            cells = [
                step["time"][:19].replace("T", " "),
                self.phases.get(step["phase"], step["phase"]),
                step["what"],
                self.names.get(step["actor"], step["actor"]) or "—",
                ", ".join(f"#{e['seq']}" for e in step["entries"]),
                "✓" if step["verified"] else self.tr("✗ not verified"),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setToolTip(step["action"] + "\n" + text)
                if column == 4:
                    item.setToolTip("\n".join(f"#{e['seq']} {e['hash']}" for e in step["entries"]))
                if column == 5:
                    item.setForeground(QColor(colour("ok" if step["verified"] else "error")))
                self.table.setItem(row, column, item)

    # -- files -----------------------------------------------------------------------------
    def export(self, path: str | None = None) -> Job | None:
        ref = self.version.currentText()
        if not ref:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the evidence pack"),
                f"evidence-{ref.replace('@', '-')}.zip",
                self.tr("Evidence pack (*.zip)"),
            )
            if not path:
                return None
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()
        target = path
        self.status.clear()
        return self.run_job(
            self.tr("Exporting the evidence pack of %1").replace("%1", ref),
            lambda progress, cancel: ws.governance.evidence.pack(
                actor, ref, target, project=project, progress=progress, cancel=cancel
            ),
            self._exported,
        )

    def _exported(self, pack: EvidencePack) -> None:
        self.pack = pack
        self.verdict.setStyleSheet("")
        self.verdict.setText(
            self.tr(
                "Wrote %1 (%2 bytes): %3 steps, %4 audit entries, the log %5. Manifest "
                "SHA-256 %6. Give the auditor the log key fingerprint %7 separately."
            )
            .replace("%1", pack.path)
            .replace("%2", f"{pack.bytes:,}")
            .replace("%3", str(pack.steps))
            .replace("%4", str(pack.entries))
            .replace("%5", self.tr("verifies") if pack.log_verified else self.tr("does NOT verify"))
            .replace("%6", pack.manifest_sha256)
            .replace("%7", pack.log_key_fingerprint)
        )
        self.findings.clear()

    def verify(self, path: str | None = None) -> Job | None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("An evidence pack to verify"), "", self.tr("Evidence pack (*.zip)")
            )
            if not path:
                return None
        name = Path(path).name
        target = path
        self.verdict.setStyleSheet("")
        self.verdict.setText(self.tr("Verifying %1…").replace("%1", name))
        return self.run_job(
            self.tr("Verifying the evidence pack %1").replace("%1", name),
            lambda _p, _c: verify_pack(target),
            lambda report: self._verified(name, report),
            cancellable=False,
        )

    def _verified(self, name: str, report: Any) -> None:
        self.check = report
        verdict = self.tr("VALID") if report.ok else self.tr("INVALID")
        self.verdict.setText(
            self.tr("%1: %2. %3")
            .replace("%1", name)
            .replace("%2", verdict)
            .replace("%3", report.summary())
        )
        self.verdict.setStyleSheet(
            f"color: {colour('ok' if report.ok else 'error')}; font-weight: 600;"
        )
        self.findings.clear()
        for finding in report.findings:
            self.findings.addItem(finding.line())
            if finding.invalid:
                self.findings.item(self.findings.count() - 1).setForeground(QColor(colour("error")))
        if not report.findings:
            self.findings.addItem(
                self.tr(
                    "No findings: every file matches the signed "
                    "manifest and every cited entry is in the signed "
                    "log."
                )
            )
