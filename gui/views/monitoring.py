"""The Monitoring view: monitors with traffic lights (none yet: a button to add one), each
monitor's trend, a drift analysis form (reference and current dataset versions) with the
per-column results and a drill-down plot, model performance, and the alert inbox with
acknowledgement. All computing happens in the engine, on worker threads."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
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

from engine.monitoring.monitor_entities import Monitor
from engine.security import rbac
from gui.context import AppContext
from gui.jobs import Job
from gui.palette import level_colour
from gui.views.base import AreaView, EmptyState
from gui.views.monitoring_analysis import DriftAnalysis
from gui.views.monitoring_panels import TrendPanel, word
from gui.views.monitoring_performance import PerformancePanel
from gui.widgets.projects import refill
from gui.widgets.tables import select_row

ALERTS_TAB = 3


class MonitoringView(AreaView):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx, QCoreApplication.translate("MonitoringView", "Monitoring"), parent=parent
        )
        self.analysis = DriftAnalysis(self)
        self.monitors: list[Monitor] = []
        self.alerts: list[Any] = []
        self.datasets: list[Any] = []
        self.result: Any = None
        self.plots: dict[str, Any] = {}
        self.job: Job | None = None
        self.dialog: Any = None
        self._wanted: tuple[str | None, str | None] | None = None  # focus(): project, alert
        self._select_monitor: str | None = None  # a monitor just added
        self.new_button = self.add_action(
            self.tr("&New monitor…"), self.new_monitor, "monitoring.edit"
        )
        self.run_button = self.add_action(
            self.tr("&Run monitors now"), self.run_monitors, "monitoring.run"
        )
        self.monitor_list = QListWidget()
        self.monitor_list.currentRowChanged.connect(self._monitor_selected)
        self.monitor_list.setMinimumWidth(230)  # names stay readable at 1280 px
        self.monitor_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.monitor_list.setWordWrap(False)
        self.monitor_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        can_add = rbac.allowed(ctx.actor.role, "monitoring.edit")
        self.monitors_empty = EmptyState(
            self.monitor_list,
            self.tr("No monitors yet — a monitor checks each new batch of a dataset for drift.")
            if can_add
            else self.tr("No monitors yet. An analyst or an administrator adds them."),
            self.new_button,
        )
        self.monitors_empty.setMinimumWidth(230)
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
        self.results.setHorizontalHeaderLabels(
            [
                self.tr("Column"),
                self.tr("Test"),
                self.tr("Value"),
                self.tr("p"),
                "PSI",
                self.tr("Drift"),
            ]
        )
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().setVisible(False)
        self.results.itemSelectionChanged.connect(self.analysis.column_selected)
        from gui.widgets.plot import PlotCanvas

        self.plot = PlotCanvas()
        self.alert_table = QTableWidget(0, 5)
        self.alert_table.setHorizontalHeaderLabels(
            [
                self.tr("Raised"),
                self.tr("Monitor"),
                self.tr("Level"),
                self.tr("Status"),
                self.tr("Message"),
            ]
        )
        self.alert_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.alert_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.alert_table.verticalHeader().setVisible(False)
        self.alert_table.horizontalHeader().setStretchLastSection(True)
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
        self.alerts_summary = QLabel()
        inbox_top.addWidget(self.alerts_summary, 1)
        inbox_top.addWidget(self.ack_button)
        inbox_layout.addLayout(inbox_top)
        inbox_layout.addWidget(self.alert_table, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.trend, self.tr("Tr&end"))
        self.tabs.addTab(analysis, self.tr("&Drift analysis"))
        self.tabs.addTab(self.performance, self.tr("&Performance"))
        self.tabs.addTab(inbox, self.tr("A&lerts"))  # ALERTS_TAB
        split = QSplitter()
        split.addWidget(self.monitors_empty)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        split.setSizes([290, 870])
        self.add_body(split)
        role = ctx.actor.role
        self.compare_button.setVisible(rbac.allowed(role, "monitoring.run"))
        self.ack_button.setVisible(rbac.allowed(role, "monitoring.ack"))
        self.performance.measure_button.setVisible(rbac.allowed(role, "monitoring.run"))

    # -- loading ---------------------------------------------------------------------------
    def load(self) -> Job:
        self._apply_wanted_project()
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()

        def work(_p: Any, _c: Any) -> tuple[Any, Any, Any, Any]:
            datasets = ws.data.datasets(actor, project)
            models = [
                v.ref for m in ws.registry.versions.models(actor, project) for v in m.versions
            ]
            return (
                ws.monitors.monitors(actor, project),
                ws.monitors.alerts(actor, project=project),
                datasets,
                models,
            )

        return self._ctx.runner.run(
            self.tr("Reading monitors"),
            work,
            on_success=self._show,
            on_error=self.status.show_error,
            cancellable=False,
            listed=False,
        )

    def _show(self, found: tuple[Any, Any, Any, Any]) -> None:
        self.monitors, self.alerts, self.datasets, models = found
        versions = [v.ref for d in self.datasets for v in d.versions]
        self.performance.fill(self.current_project(), models, versions)
        selected = self.monitor_list.currentRow()
        if self._select_monitor is not None:
            selected = next(
                (i for i, m in enumerate(self.monitors) if m.name == self._select_monitor),
                selected,
            )
            self._select_monitor = None
        self.monitor_list.blockSignals(True)
        self.monitor_list.clear()
        for monitor in self.monitors:
            level = monitor.last_level
            text = (
                f"●  {monitor.name}\n    {monitor.current} vs {monitor.reference}"
                f"\n    {word(level) if level else self.tr('never run')}"
            )
            item = QListWidgetItem(text)
            item.setToolTip(text.replace("●  ", "").replace("\n    ", "\n"))  # when clipped
            item.setForeground(QColor(level_colour(level)))
            self.monitor_list.addItem(item)
        self.monitor_list.blockSignals(False)
        self.monitors_empty.set_empty(not self.monitors)
        if self.monitors:
            self.monitor_list.setCurrentRow(min(max(selected, 0), len(self.monitors) - 1))
            self._monitor_selected(self.monitor_list.currentRow())
        else:
            self._monitor_selected(-1)
        for box in (self.reference, self.current):
            refill(box, versions)
        if versions and self.current.currentIndex() == self.reference.currentIndex():
            self.current.setCurrentIndex(len(versions) - 1)
        self._show_alerts()

    def _show_alerts(self) -> None:
        self.alert_table.setRowCount(0)
        for row, alert in enumerate(self.alerts):
            self.alert_table.insertRow(row)
            cells = [
                alert.created[:16].replace("T", " "),
                alert.monitor,
                word(alert.level),
                word(alert.status),
                alert.message,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setForeground(QColor(level_colour(alert.level)))
                if column == 4:
                    item.setToolTip(text)
                self.alert_table.setItem(row, column, item)
        self.alert_table.resizeColumnsToContents()
        opened = sum(1 for a in self.alerts if a.status == "open")
        self.ack_button.setEnabled(opened > 0)
        self.tabs.setTabText(
            ALERTS_TAB,
            self.tr("A&lerts (%1 open)").replace("%1", str(opened))
            if opened
            else self.tr("A&lerts"),
        )
        self.alerts_summary.setText(
            self.tr("No alerts in this project.")
            if not self.alerts
            else self.tr("%1 open, %2 acknowledged.")
            .replace("%1", str(opened))
            .replace("%2", str(len(self.alerts) - opened))
        )
        if self._wanted is not None:
            _project, alert_id = self._wanted
            self._wanted = None
            row = next(
                (i for i, a in enumerate(self.alerts) if a.id == alert_id),
                next((i for i, a in enumerate(self.alerts) if a.status == "open"), -1),
            )
            if row >= 0:
                self.select_alert(row)

    def _monitor_selected(self, row: int) -> None:
        monitor = self.monitors[row] if 0 <= row < len(self.monitors) else None
        self.trend.show_monitor(
            monitor, self.current_project(), rbac.allowed(self._ctx.actor.role, "monitoring.edit")
        )

    # -- going somewhere -------------------------------------------------------------------
    def focus(self, target: Any) -> None:
        """Show the alerts: `"alerts"`, or (project, alert id) to select one (the
        dashboard's open-alerts tile)."""
        project, alert = target if isinstance(target, tuple) else (None, None)
        self._wanted = (project, alert)
        self.tabs.setCurrentIndex(ALERTS_TAB)
        if self.project is not None and self.project.count():  # else: a refresh is reading
            self.load()

    def _apply_wanted_project(self) -> None:
        project = self._wanted[0] if self._wanted else None
        if project is None or self.project is None:
            return
        index = self.project.findData(project)
        if index >= 0 and index != self.project.currentIndex():
            self.project.blockSignals(True)
            self.project.setCurrentIndex(index)
            self.project.blockSignals(False)

    def new_monitor(self) -> Any:
        from gui.dialogs.monitor import MonitorDialog

        self.dialog = MonitorDialog(self._ctx, self.current_project(), self.datasets, self)
        self.dialog.accepted.connect(self._added)
        self.dialog.open()
        return self.dialog

    def _added(self) -> None:
        if self.dialog.added is None:
            return
        name = self.dialog.added.name
        self.status.setText(
            self.tr("Added the monitor %1. Run monitors now checks the newest batch.").replace(
                "%1", name
            ),
            "ok",
        )
        self._select_monitor = name
        self.load()

    # -- actions ---------------------------------------------------------------------------
    def _error(self, error: BaseException) -> bool:
        return self.status.show_error(error)

    def analyse(self, reference: str | None = None, current: str | None = None) -> Job:
        return self.analysis.analyse(reference, current)

    def run_monitors(self) -> Job:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()

        def work(_p: Any, _c: Any) -> list[Any]:
            return [
                r
                for m in ws.monitors.monitors(actor, project)
                if (r := ws.monitors.run(actor, m.name, project=project)) is not None
            ]

        def done(runs: list[Any]) -> None:
            self.status.setText(
                "; ".join(
                    f"{r.monitor}: {r.level}" + (f" (alert {r.alert})" if r.alert else "")
                    for r in runs
                )
                or self.tr("Nothing new to check.")
            )
            self.load()

        return self._ctx.runner.run(
            self.tr("Running monitors"),
            work,
            on_success=done,
            on_error=self._error,
            cancellable=False,
        )

    def acknowledge(self, note: str | None = None) -> Job | None:
        rows = self.alert_table.selectionModel().selectedRows()
        candidates = [self.alerts[r.row()] for r in rows] or [
            a for a in self.alerts if a.status == "open"
        ][:1]
        if not candidates:
            return None
        alert = candidates[0]
        if note is None:
            note, ok = QInputDialog.getText(
                self, self.tr("Acknowledge an alert"), self.tr("Note (what will be done):")
            )
            if not ok:
                return None
        ws, actor = self._ctx.workspace, self._ctx.actor
        return self._ctx.runner.run(
            self.tr("Acknowledging"),
            lambda _p, _c: ws.monitors.acknowledge(actor, alert.id, note),
            on_success=self._acknowledged,
            on_error=self._error,
            cancellable=False,
        )

    def _acknowledged(self, alert: Any) -> None:
        self.status.setText(self.tr("Acknowledged %1.").replace("%1", alert.id), "ok")
        self.load()

    def select_alert(self, row: int) -> None:
        select_row(self.alert_table, row)
