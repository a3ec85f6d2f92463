"""The Experiments view: the run table (sortable, filterable), a new-run form, live
progress with Cancel, the selected run in detail, re-run, explain a row, compare."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from engine.errors import AirlockError
from engine.security import rbac
from gui.context import AppContext
from gui.jobs import Job
from gui.models.runs_model import RunsFilter, RunsModel
from gui.views.run_detail import RunDetail
from gui.widgets.projects import fill_projects


class ExperimentsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.datasets: list[Any] = []
        self.job: Job | None = None
        self.form: Any = None  # the New run… form of the run in progress
        self.select_after: str | None = None
        heading = QLabel(self.tr("Experiments"))
        heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.project = QComboBox()
        self.project.setMinimumContentsLength(24)
        self.project.currentIndexChanged.connect(lambda _i: self.load())
        self.new_button = QPushButton(self.tr("&New run…"))
        self.new_button.clicked.connect(lambda: self.open_new_run())
        self.rerun_button = QPushButton(self.tr("&Re-run"))
        self.rerun_button.clicked.connect(lambda: self.rerun())
        self.explain_button = QPushButton(self.tr("E&xplain a row…"))
        self.explain_button.clicked.connect(self._ask_row)
        self.compare_button = QPushButton(self.tr("&Compare"))
        self.compare_button.clicked.connect(lambda: self.compare())
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Project:")))
        top.addWidget(self.project)
        for button in (self.new_button, self.rerun_button, self.explain_button,
                       self.compare_button):
            top.addWidget(button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        running = QHBoxLayout()
        running.addWidget(self.progress_label)
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel_button)
        self.running = QWidget()
        self.running.setLayout(running)
        self.running.setVisible(False)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter runs (experiment, status, model, "
                                               "dataset, target)"))
        self.filter.setClearButtonEnabled(True)
        self.model = RunsModel(self)
        self.proxy = RunsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.detail = RunDetail(ctx)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.table, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setSizes([560, 620])
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.running)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        self.apply_permissions()
        self._selected()

    def apply_permissions(self) -> None:
        may_train = rbac.allowed(self._ctx.actor.role, "training.run")
        self.new_button.setVisible(may_train)
        self.rerun_button.setVisible(may_train)

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

        def work(_p: Any, _c: Any) -> tuple[list[Any], list[Any]]:
            return ws.training.runs(actor, project), ws.data.datasets(actor, project)

        return self._ctx.runner.run(self.tr("Reading runs"), work, on_success=self._show,
                                    cancellable=False, listed=False)

    def _show(self, result: tuple[list[Any], list[Any]]) -> None:
        runs, self.datasets = result
        previous = [r.id for r in self.selected_runs()]
        self.model.set_runs(runs)
        self.table.resizeColumnsToContents()
        wanted = [self.select_after] if self.select_after else previous
        self.select_after = None
        if not wanted and runs:
            wanted = [runs[-1].id]
        self.select(wanted)
        if not runs:
            self.status.setText(self.tr("No runs in this project yet: use New run…"))

    def select(self, run_ids: list[str]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for row, run in enumerate(self.model.runs):
            if run.id in run_ids or run.ref in run_ids:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                selection.select(index, QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(index)

    def selected_runs(self) -> list[Any]:
        rows = sorted({self.proxy.mapToSource(i).row()
                       for i in self.table.selectionModel().selectedRows()})
        return [self.model.runs[r] for r in rows]

    def _selected(self) -> None:
        runs = self.selected_runs()
        self.compare_button.setEnabled(len(runs) >= 2)
        one = len(runs) == 1
        self.rerun_button.setEnabled(one and bool(runs[0].spec) and self.job is None)
        self.explain_button.setEnabled(one and runs[0].model_object_id is not None)
        if one:
            self.detail.show_run(runs[0])

    # -- actions ---------------------------------------------------------------------------
    def open_new_run(self) -> Any:
        from gui.dialogs.new_run import NewRunDialog

        if self.form is not None:  # the previous form, kept for a failed run, is done with
            self.form.deleteLater()
        dialog = NewRunDialog(self._ctx, self.project.currentData(), self.datasets, self)
        dialog.accepted.connect(lambda: self.start(dialog.result_spec))
        dialog.open()
        self.form = dialog  # kept until the run succeeds: a refusal reopens it as it was
        return dialog

    def start(self, spec: Any = None, rerun_of: str | None = None) -> Job | None:
        if spec is None and rerun_of is None:
            return None
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project.currentData()
        if rerun_of is None:
            title = self.tr("Training %1 on %2").replace("%1", spec.model).replace(
                "%2", spec.dataset)

            def work(progress: Any, cancel: Any) -> Any:
                return ws.training.train(actor, spec, project=project, progress=progress,
                                         cancel=cancel)
        else:
            title = self.tr("Re-running %1").replace("%1", rerun_of)

            def work(progress: Any, cancel: Any) -> Any:
                return ws.training.rerun(actor, rerun_of, project, progress=progress,
                                         cancel=cancel)

        self.job = self._ctx.runner.run(title, work, on_success=self._finished,
                                        on_error=self._failed, on_cancel=self._cancelled)
        self.job.progressed.connect(self._progressed)
        self.progress.setValue(0)
        self.progress_label.setText(title)
        self.running.setVisible(True)
        self._selected()
        return self.job

    def _progressed(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        if message:
            self.progress.setFormat(f"{message}  %p%")

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _done(self) -> None:
        self.job = None
        self.running.setVisible(False)
        self.progress.setFormat("%p%")

    def _finished(self, result: Any) -> None:
        self._done()
        if hasattr(result, "original"):  # a re-run
            run = result.run
            text = self.tr("Re-ran %1 as %2: identical metrics.") if result.identical else \
                self.tr("Re-ran %1 as %2: the metrics differ (%3).")
            text = text.replace("%1", result.original.ref).replace("%2", run.ref).replace(
                "%3", "; ".join(result.mismatched[:3]))
            if result.environment:
                text += " " + self.tr("Environment differences: %1").replace(
                    "%1", "; ".join(result.environment[:5]))
            self.status.setText(text)
        else:
            run = result
            self.status.setText(self.tr("Run %1 finished.").replace("%1", run.ref))
            if self.form is not None:
                self.form.deleteLater()
                self.form = None
        self.select_after = run.id
        self.load()

    def _failed(self, error: BaseException) -> bool:
        self._done()
        self.load()  # a failed run is recorded
        if isinstance(error, AirlockError):
            text = error.message + (f" {error.hint}" if error.hint else "")
            self.status.setText(text)
            if self.form is not None and self.form.result_spec is not None:
                # what the engine refused (a name, the data) is fixed in the same form,
                # with everything the analyst chose still in it
                self.form.result_spec = None
                self.form.message.setText(text)
                self.form.open()
            return True
        return False

    def _cancelled(self) -> None:
        self._done()
        self.status.setText(self.tr("Run cancelled: recorded as cancelled, no model kept."))
        self.load()

    def rerun(self) -> Job | None:
        runs = self.selected_runs()
        if len(runs) != 1:
            return None
        return self.start(rerun_of=runs[0].ref)

    def compare(self) -> Job | None:
        runs = self.selected_runs()
        if len(runs) < 2:
            return None
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project.currentData()
        refs = [r.id for r in runs]

        def work(_p: Any, _c: Any) -> tuple[Any, list[dict[str, Any]]]:
            comparison = ws.training.compare(actor, refs, project)
            curves = [ws.training.artifacts(actor, r).get("curves", {})
                      for r in comparison.runs]
            return comparison, curves

        return self._ctx.runner.run(self.tr("Comparing runs"), work,
                                    on_success=self._show_comparison, cancellable=False)

    def _show_comparison(self, result: tuple[Any, list[dict[str, Any]]]) -> None:
        from gui.views.run_compare import CompareDialog

        self.compare_dialog = CompareDialog(*result, parent=self)
        self.compare_dialog.open()

    def _ask_row(self) -> None:
        runs = self.selected_runs()
        if len(runs) != 1:
            return
        row, ok = QInputDialog.getInt(self, self.tr("Explain a row"),
                                      self.tr("Row of %1 (from 1):").replace("%1",
                                                                             runs[0].dataset),
                                      1, 1, 10**9)
        if ok:
            self.explain(runs[0], row)

    def explain(self, run: Any, row: int) -> Job:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project.currentData()
        return self._ctx.runner.run(
            self.tr("Explaining row %1").replace("%1", str(row)),
            lambda _p, _c: ws.training.explain_row(actor, run.id, row, project),
            on_success=self._show_explanation, on_error=self._explain_failed,
            cancellable=False)

    def _show_explanation(self, found: dict[str, Any]) -> None:
        self.explanation = found
        lines = [self.tr("Row %1: prediction %2 (%3 %4)").replace("%1", str(found["row"]))
                 .replace("%2", str(found["prediction"])).replace("%3", found["of"])
                 .replace("%4", f"{found['output']:.4f}")]
        for item in found["contributions"][:10]:
            lines.append(f"{item['feature']}: {item['value']!s} "
                         f"({self.tr('typical')} {item['typical']!s}) "
                         f"{item['contribution']:+.4f}")
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Why this prediction"),
                          "\n".join(lines), QMessageBox.StandardButton.Close, self)
        box.setInformativeText(self.tr("Each feature in turn set to a typical value: how far "
                                       "the output moves."))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explanation_box = box
        box.open()

    def _explain_failed(self, error: BaseException) -> bool:
        if isinstance(error, AirlockError):
            self.status.setText(error.message)
            return True
        return False
