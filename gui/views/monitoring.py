"""The Monitoring view: monitors with traffic lights, a drift analysis form (reference and
current dataset versions) with the per-column results and a drill-down plot, and the alert
inbox with acknowledgement. All computing happens in the engine, on worker threads."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.security import rbac
from gui.context import AppContext
from gui.errors import show_engine_error
from gui.jobs import Job
from gui.views.monitoring_panels import LIGHTS, PerformancePanel, TrendPanel, word
from gui.widgets.projects import fill_projects, refill
from gui.widgets.tables import select_row


class MonitoringView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.monitors: list[dict[str, Any]] = []
        self.alerts: list[Any] = []
        self.result: Any = None
        self.plots: dict[str, Any] = {}
        self.job: Job | None = None
        heading = QLabel(self.tr("Monitoring"))
        heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.project = QComboBox()
        self.project.setMinimumContentsLength(24)
        self.project.currentIndexChanged.connect(lambda _i: self.load())
        self.run_button = QPushButton(self.tr("&Run monitors now"))
        self.run_button.clicked.connect(lambda: self.run_monitors())
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Project:")))
        top.addWidget(self.project)
        top.addWidget(self.run_button)
        self.monitor_list = QListWidget()
        self.monitor_list.currentRowChanged.connect(self._monitor_selected)
        self.trend = TrendPanel(ctx)
        self.performance = PerformancePanel(ctx)
        self.reference = QComboBox()
        self.current = QComboBox()
        self.compare_button = QPushButton(self.tr("&Compare"))
        self.compare_button.clicked.connect(lambda: self.analyse())
        form = QHBoxLayout()
        form.addWidget(QLabel(self.tr("Reference:")))
        form.addWidget(self.reference, 1)
        form.addWidget(QLabel(self.tr("Current:")))
        form.addWidget(self.current, 1)
        form.addWidget(self.compare_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.results = QTableWidget(0, 6)
        self.results.setHorizontalHeaderLabels([self.tr("Column"), self.tr("Test"),
                                                self.tr("Value"), self.tr("p"), "PSI",
                                                self.tr("Drift")])
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().setVisible(False)
        self.results.itemSelectionChanged.connect(self._column_selected)
        from gui.widgets.plot import PlotCanvas

        self.plot = PlotCanvas()
        self.alert_table = QTableWidget(0, 5)
        self.alert_table.setHorizontalHeaderLabels([self.tr("Raised"), self.tr("Monitor"),
                                                    self.tr("Level"), self.tr("Status"),
                                                    self.tr("Message")])
        self.alert_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.alert_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.alert_table.verticalHeader().setVisible(False)
        self.ack_button = QPushButton(self.tr("&Acknowledge…"))
        self.ack_button.clicked.connect(lambda: self.acknowledge())
        analysis = QWidget()
        analysis_layout = QVBoxLayout(analysis)
        analysis_layout.setContentsMargins(0, 0, 0, 0)
        analysis_layout.addLayout(form)
        analysis_layout.addWidget(self.summary)
        drill = QSplitter()
        drill.addWidget(self.results)
        drill.addWidget(self.plot)
        drill.setSizes([520, 420])
        analysis_layout.addWidget(drill, 1)
        inbox = QWidget()
        inbox_layout = QVBoxLayout(inbox)
        inbox_layout.setContentsMargins(0, 0, 0, 0)
        inbox_top = QHBoxLayout()
        inbox_top.addWidget(QLabel(self.tr("Alerts")))
        inbox_top.addStretch(1)
        inbox_top.addWidget(self.ack_button)
        inbox_layout.addLayout(inbox_top)
        inbox_layout.addWidget(self.alert_table)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.trend, self.tr("Tr&end"))
        self.tabs.addTab(analysis, self.tr("&Drift analysis"))
        self.tabs.addTab(self.performance, self.tr("&Performance"))
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.tabs)
        right.addWidget(inbox)
        right.setSizes([480, 200])
        split = QSplitter()
        self.monitor_list.setMinimumWidth(220)  # names stay readable at 1280 px
        split.addWidget(self.monitor_list)
        split.addWidget(right)
        split.setSizes([300, 860])
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        role = ctx.actor.role
        self.run_button.setVisible(rbac.allowed(role, "monitoring.run"))
        self.compare_button.setVisible(rbac.allowed(role, "monitoring.run"))
        self.ack_button.setVisible(rbac.allowed(role, "monitoring.ack"))
        self.performance.measure_button.setVisible(rbac.allowed(role, "monitoring.run"))

    # -- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        ws, actor = self._ctx.workspace, self._ctx.actor
        self._ctx.runner.run(self.tr("Reading projects"), lambda _p, _c: ws.projects.list(actor),
                             on_success=self._projects, cancellable=False, listed=False)

    def _projects(self, projects: list[Any]) -> None:
        fill_projects(self.project, projects)
        self.load()

    def load(self) -> Job:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project.currentData()

        def work(_p: Any, _c: Any) -> tuple[Any, Any, Any, Any]:
            versions = [v.ref for d in ws.data.datasets(actor, project) for v in d.versions]
            models = [v.ref for m in ws.registry.models(actor, project) for v in m.versions]
            return (ws.monitors.monitors(actor, project), ws.monitors.alerts(actor,
                                                                             project=project),
                    versions, models)

        return self._ctx.runner.run(self.tr("Reading monitors"), work, on_success=self._show,
                                    cancellable=False, listed=False)

    def _show(self, found: tuple[Any, Any, Any, Any]) -> None:
        self.monitors, self.alerts, versions, models = found
        self.performance.fill(self.project.currentData(), models, versions)
        selected = self.monitor_list.currentRow()
        self.monitor_list.blockSignals(True)
        self.monitor_list.clear()
        for monitor in self.monitors:
            level = monitor.get("last_level")
            text = (f"●  {monitor['name']}\n    {monitor['current']} vs {monitor['reference']}"
                    f"\n    {word(level) if level else self.tr('never run')}")
            item = QListWidgetItem(text)
            item.setToolTip(text.replace("●  ", "").replace("\n    ", "\n"))  # when clipped
            item.setForeground(QColor(LIGHTS.get(level, LIGHTS[None])))
            self.monitor_list.addItem(item)
        if not self.monitors:
            self.monitor_list.addItem(self.tr("No monitors yet: airlock monitor add FILE"))
        self.monitor_list.blockSignals(False)
        if self.monitors:
            self.monitor_list.setCurrentRow(min(max(selected, 0), len(self.monitors) - 1))
            self._monitor_selected(self.monitor_list.currentRow())
        for box in (self.reference, self.current):
            refill(box, versions)
        if versions and self.current.currentIndex() == self.reference.currentIndex():
            self.current.setCurrentIndex(len(versions) - 1)
        self.alert_table.setRowCount(0)
        for row, alert in enumerate(self.alerts):
            self.alert_table.insertRow(row)
            cells = [alert.created[:16].replace("T", " "), alert.monitor, word(alert.level),
                     word(alert.status), alert.message]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setForeground(QColor(LIGHTS.get(alert.level, "#000000")))
                self.alert_table.setItem(row, column, item)
        self.alert_table.resizeColumnsToContents()
        self.ack_button.setEnabled(any(a.status == "open" for a in self.alerts))

    def _monitor_selected(self, row: int) -> None:
        monitor = self.monitors[row] if 0 <= row < len(self.monitors) else None
        self.trend.show_monitor(monitor, self.project.currentData(),
                                rbac.allowed(self._ctx.actor.role, "monitoring.edit"))

    # -- actions ---------------------------------------------------------------------------
    def _error(self, error: BaseException) -> bool:
        return show_engine_error(self.status, error)

    def analyse(self, reference: str | None = None, current: str | None = None) -> Job:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project.currentData()
        ref = reference or self.reference.currentText()
        cur = current or self.current.currentText()

        def work(progress: Any, cancel: Any) -> Any:
            return ws.monitoring.analyse(actor, ref, cur, project=project, progress=progress,
                                         cancel=cancel)

        self.tabs.setCurrentIndex(1)
        self.job = self._ctx.runner.run(
            self.tr("Comparing %1 with %2").replace("%1", cur).replace("%2", ref), work,
            on_success=self._analysed, on_error=self._error)
        return self.job

    def _analysed(self, found: tuple[Any, dict[str, Any]]) -> None:
        self.job = None
        self.result, self.plots = found
        result = self.result
        words = {"ok": self.tr("ok"), "warning": self.tr("warning"), "alert": self.tr("alert")}
        self.summary.setText(self.tr("%1 of %2 columns of %3 drift against %4 (%5); dataset "
                                     "drift: %6 (warning at %7, alert at %8).")
                             .replace("%1", str(len(result.drifted)))
                             .replace("%2", str(len(result.columns)))
                             .replace("%3", result.current).replace("%4", result.reference)
                             .replace("%5", f"{result.drift_share:.0%}")
                             .replace("%6", words[result.level])
                             .replace("%7", f"{result.options.warning_share:.0%}")
                             .replace("%8", f"{result.options.drift_share:.0%}"))
        self.results.setRowCount(0)
        for row, column in enumerate(result.columns):
            self.results.insertRow(row)
            cells = [column.column, column.test, f"{column.statistic:.4g}",
                     "—" if column.p_value is None else f"{column.p_value:.3g}",
                     "—" if column.psi is None else f"{column.psi:.3g}",
                     "; ".join(column.reasons) if column.drifted else self.tr("no")]
            for index, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column.drifted:
                    item.setForeground(QColor(LIGHTS["alert"]))
                self.results.setItem(row, index, item)
        self.results.resizeColumnsToContents()
        drifted = [i for i, c in enumerate(result.columns) if c.drifted]
        select_row(self.results, drifted[0] if drifted else 0)

    def _column_selected(self) -> None:
        rows = self.results.selectionModel().selectedRows()
        if not rows or self.result is None:
            return
        name = self.result.columns[rows[0].row()].column
        data = self.plots.get(name)
        if not data:
            return
        axes = self.plot.axes()
        if data["kind"] == "numeric":
            edges = data["edges"]
            widths = [b - a for a, b in pairwise(edges)]
            axes.bar(edges[:-1], data["reference"], widths, align="edge", alpha=0.55,
                     label=self.tr("reference"))
            axes.bar(edges[:-1], data["current"], widths, align="edge", alpha=0.55,
                     label=self.tr("current"))
        else:
            positions = range(len(data["names"]))
            axes.bar([p - 0.2 for p in positions], data["reference"], 0.4,
                     label=self.tr("reference"))
            axes.bar([p + 0.2 for p in positions], data["current"], 0.4,
                     label=self.tr("current"))
            axes.set_xticks(list(positions), [str(n)[:12] for n in data["names"]],
                            rotation=45, fontsize=7)
        axes.set_title(name)
        axes.legend(fontsize=8)
        self.plot.draw()

    def run_monitors(self) -> Job:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project.currentData()

        def work(_p: Any, _c: Any) -> list[Any]:
            return [r for m in ws.monitors.monitors(actor, project)
                    if (r := ws.monitors.run(actor, m["name"], project=project)) is not None]

        def done(runs: list[Any]) -> None:
            self.status.setText("; ".join(
                f"{r.monitor}: {r.level}" + (f" (alert {r.alert})" if r.alert else "")
                for r in runs) or self.tr("Nothing new to check."))
            self.load()

        return self._ctx.runner.run(self.tr("Running monitors"), work, on_success=done,
                                    on_error=self._error, cancellable=False)

    def acknowledge(self, note: str | None = None) -> Job | None:
        rows = self.alert_table.selectionModel().selectedRows()
        candidates = [self.alerts[r.row()] for r in rows] or \
            [a for a in self.alerts if a.status == "open"][:1]
        if not candidates:
            return None
        alert = candidates[0]
        if note is None:
            note, ok = QInputDialog.getText(self, self.tr("Acknowledge an alert"),
                                            self.tr("Note (what will be done):"))
            if not ok:
                return None
        ws, actor = self._ctx.workspace, self._ctx.actor
        return self._ctx.runner.run(
            self.tr("Acknowledging"), lambda _p, _c: ws.monitors.acknowledge(actor, alert.id,
                                                                            note),
            on_success=lambda a: (self.status.setText(self.tr("Acknowledged %1.").replace(
                "%1", a.id)), self.load()),
            on_error=self._error, cancellable=False)

    def select_alert(self, row: int) -> None:
        select_row(self.alert_table, row)
