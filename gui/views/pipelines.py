"""The Pipelines view: definitions with their triggers and steps, their runs with a step
timeline and each step's log, and the actions: add a definition, run now (optionally on a
file), check the inbox and schedules now. Runs are background jobs with progress and
Cancel."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QWidget,
)

from engine.security import rbac
from gui.context import AppContext
from gui.details import ltr, pipeline_html, status_word
from gui.i18n import local_time
from gui.jobs import Job
from gui.palette import colour
from gui.views.base import AreaView, EmptyState
from gui.widgets.tables import select_row

if TYPE_CHECKING:
    from engine.pipelines.service import Pipeline

# a status's meaning; its colour comes from the palette (light or dark)
STATUS_KINDS = {
    "succeeded": "ok",
    "done": "ok",
    "failed": "alert",
    "running": "info",
    "cancelled": "muted",
    "interrupted": "warning",
    "not run": "muted",
    "pending": "muted",
    "not finished": "warning",
}


class PipelinesView(AreaView):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            QCoreApplication.translate("PipelinesView", "Pipelines"),
            actions_below=True,
            parent=parent,
        )
        self.pipelines: list[Any] = []
        self.all_runs: list[Any] = []
        self.job: Job | None = None
        self.add_button = self.add_action(
            self.tr("&Add definition…"), lambda: self.add_definition(), "pipeline.edit"
        )
        self.run_button = self.add_action(
            self.tr("&Run now"), lambda: self.run_now(), "pipeline.run"
        )
        self.run_file_button = self.add_action(
            self.tr("Run on a &file…"), lambda: self.run_on_file(), "pipeline.run"
        )
        self.watch_button = self.add_action(
            self.tr("Check &inbox and schedules"), lambda: self.watch_once(), "pipeline.run"
        )
        self.buttons = (self.add_button, self.run_button, self.run_file_button, self.watch_button)
        self.progress, self.cancel_button, self.running = (
            self.strip.bar,
            self.strip.cancel_button,
            self.strip,
        )
        self.pipeline_list = QListWidget()
        self.pipeline_list.currentRowChanged.connect(lambda _r: self._pipeline_selected())
        self.definition = QTextBrowser()
        self.runs = QTableWidget(0, 5)
        self.runs.setHorizontalHeaderLabels(
            [
                self.tr("Run"),
                self.tr("Status"),
                self.tr("Trigger"),
                self.tr("Started"),
                self.tr("By"),
            ]
        )
        self.runs.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.runs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.runs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.runs.verticalHeader().setVisible(False)
        self.runs.itemSelectionChanged.connect(self._run_selected)
        self.timeline = QListWidget()
        self.timeline.currentRowChanged.connect(lambda _r: self._step_selected())
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.pipeline_list)
        left.addWidget(self.definition)
        right_top = QSplitter()
        right_top.addWidget(self.timeline)
        right_top.addWidget(self.log)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.runs)
        right.addWidget(right_top)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([420, 720])
        self.empty = EmptyState(
            split,
            self.tr(
                "No pipelines in this project yet — Add definition… reads a pipeline file "
                "(docs/pipelines.md shows the format)."
            ),
            self.add_button,
        )
        self.add_body(self.empty)
        self._update_buttons()

    # -- loading ---------------------------------------------------------------------------
    def _added(self, pipeline: Pipeline) -> None:
        self.status.setText(
            self.tr("%1 is at version %2.")
            .replace("%1", pipeline.name)
            .replace("%2", str(pipeline.version))
        )
        self.load()

    def load(self) -> Job:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()

        def work(_p: Any, _c: Any) -> tuple[list[Any], list[Any]]:
            return ws.pipelines.pipelines(actor, project), ws.pipelines.runs(actor, None, project)

        return self._ctx.runner.run(
            self.tr("Reading pipelines"),
            work,
            on_success=self._show,
            on_error=self.status.show_error,
            cancellable=False,
            listed=False,
        )

    def _show(self, result: tuple[list[Any], list[Any]]) -> None:
        keep = self.current_pipeline().name if self.current_pipeline() else None
        self.pipelines, self.all_runs = result
        self.pipeline_list.blockSignals(True)
        self.pipeline_list.clear()
        for pipeline in self.pipelines:
            item = QListWidgetItem(f"{pipeline.name}  v{pipeline.version}\n   {pipeline.trigger}")
            self.pipeline_list.addItem(item)
        self.pipeline_list.blockSignals(False)
        names = [p.name for p in self.pipelines]
        self.pipeline_list.setCurrentRow(
            names.index(keep) if keep in names else (0 if names else -1)
        )
        self._pipeline_selected()
        self.empty.set_empty(not self.pipelines)

    def current_pipeline(self) -> Any:
        row = self.pipeline_list.currentRow()
        return self.pipelines[row] if 0 <= row < len(self.pipelines) else None

    def _pipeline_runs(self) -> list[Any]:
        pipeline = self.current_pipeline()
        return [r for r in self.all_runs if pipeline and r.pipeline == pipeline.name]

    def _pipeline_selected(self) -> None:
        pipeline = self.current_pipeline()
        self._update_buttons()
        self.runs.setRowCount(0)
        self.timeline.clear()
        self.log.clear()
        if pipeline is None:
            return
        self.definition.setHtml(pipeline_html(pipeline, rtl=self.isRightToLeft()))
        runs = list(reversed(self._pipeline_runs()))
        for row, run in enumerate(runs):
            self.runs.insertRow(row)
            source = run.trigger.get("file") or run.trigger.get("dataset") or ""
            if run.trigger.get("alert"):  # started by a monitor's alert: which one
                source += f" ({run.trigger['alert']})"
            cells = [
                f"#{run.number}",
                status_word(run.status),
                f"{run.trigger.get('kind', '')} {source}".strip(),
                local_time(run.started),
                run.actor,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setForeground(QColor(colour(STATUS_KINDS.get(run.status, "muted"))))
                self.runs.setItem(row, column, item)
        self.runs.resizeColumnsToContents()
        if runs:
            select_row(self.runs, 0)

    def current_run(self) -> Any:
        rows = self.runs.selectionModel().selectedRows()
        runs = list(reversed(self._pipeline_runs()))
        return runs[rows[0].row()] if rows and rows[0].row() < len(runs) else None

    def _run_selected(self) -> None:
        run = self.current_run()
        self.timeline.clear()
        self.log.clear()
        if run is None:
            return
        for number, step in enumerate(run.steps, 1):
            seconds = f"  {step['seconds']:.1f} s" if step.get("seconds") is not None else ""
            kind = ltr(step["kind"], self.isRightToLeft())
            item = QListWidgetItem(
                f"{number}. {kind} — {status_word(step['status'])}"
                + ltr(seconds, self.isRightToLeft())
            )
            item.setForeground(QColor(colour(STATUS_KINDS.get(step["status"], "muted"))))
            self.timeline.addItem(item)
        failed = next((i for i, s in enumerate(run.steps) if s["status"] == "failed"), 0)
        self.timeline.setCurrentRow(failed)

    def _step_selected(self) -> None:
        run = self.current_run()
        row = self.timeline.currentRow()
        if run is None or not 0 <= row < len(run.steps):
            return
        step = run.steps[row]
        lines = list(step.get("log", []))
        if step.get("outputs"):
            lines += [f"{k}: {v}" for k, v in step["outputs"].items()]
        if step.get("error"):
            lines.append(self.tr("error: %1").replace("%1", step["error"]))
        if run.error and step["status"] in ("failed", "cancelled"):
            lines.append(run.error)
        self.log.setPlainText("\n".join(lines) or self.tr("(nothing logged)"))

    def _update_buttons(self) -> None:
        may_edit = rbac.allowed(self._ctx.actor.role, "pipeline.edit")
        may_run = rbac.allowed(self._ctx.actor.role, "pipeline.run")
        self.add_button.setVisible(may_edit)
        for button in (self.run_button, self.run_file_button, self.watch_button):
            button.setVisible(may_run)
        idle = self.job is None
        chosen = self.current_pipeline() is not None
        self.run_button.setEnabled(idle and chosen)
        self.run_file_button.setEnabled(
            idle
            and chosen
            and bool(self.current_pipeline().definition.get("trigger", {}).get("dataset"))
        )
        self.watch_button.setEnabled(idle)

    # -- actions ---------------------------------------------------------------------------
    def _error(self, error: BaseException) -> bool:
        return self.status.show_error(error)

    def add_definition(self, path: str | None = None) -> Job | None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Pipeline definition"), "", "TOML (*.toml)"
            )
            if not path:
                return None
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()
        return self._ctx.runner.run(
            self.tr("Adding a pipeline"),
            lambda _p, _c: ws.pipelines.add(actor, Path(path), project=project),
            on_success=self._added,
            on_error=self._error,
            cancellable=False,
        )

    def run_on_file(self, path: str | None = None) -> Job | None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Input file"), "", "Data (*.csv *.parquet *.xlsx)"
            )
            if not path:
                return None
        return self.run_now(path)

    def run_now(self, file: str | None = None) -> Job | None:
        pipeline = self.current_pipeline()
        if pipeline is None:
            return None
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()

        def work(progress: Any, cancel: Any) -> Any:
            return ws.pipelines.run(
                actor, pipeline.name, file=file, project=project, progress=progress, cancel=cancel
            )

        return self._start(self.tr("Running %1").replace("%1", pipeline.name), work)

    def watch_once(self) -> Job:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()

        def work(progress: Any, cancel: Any) -> Any:
            return ws.pipelines.watch_once(actor, project, progress=progress, cancel=cancel)

        return self._start(self.tr("Checking the inbox and schedules"), work)

    def _start(self, title: str, work: Any) -> Job:
        self.job = self.strip.track(
            self._ctx.runner.run(
                title,
                work,
                on_success=self._finished,
                on_error=self._failed,
                on_cancel=self._cancelled,
            ),
            title,
        )
        self._update_buttons()
        return self.job

    def _done(self) -> None:
        self.job = None
        self._update_buttons()
        self.load()

    def _finished(self, result: Any) -> None:
        self._done()
        runs = result if isinstance(result, list) else [result]
        if not runs:
            self.status.setText(self.tr("Nothing was due."))
            return
        self.status.setText(
            "; ".join(f"{r.ref}: {r.status}" + (f" — {r.error}" if r.error else "") for r in runs)
        )

    def _failed(self, error: BaseException) -> bool:
        self._done()
        return self._error(error)

    def _cancelled(self) -> None:
        self._done()
        self.status.setText(self.tr("Cancelled; the run is recorded with the steps it finished."))
