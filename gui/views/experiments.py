"""The Experiments view, like MLflow's runs page: the run table (columns chosen by
right-clicking a header, sortable, filterable), New run… with live progress and Cancel in
the job strip, the selected run in detail, charts across the selected runs, re-run, explain
a row, compare."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.errors import AirlockError
from engine.security import rbac
from gui.context import AppContext
from gui.jobs import Job
from gui.models.runs_model import RunsFilter, RunsModel
from gui.views.base import AreaView, EmptyState
from gui.views.run_charts import RunCharts

if TYPE_CHECKING:
    from engine.training.explain import RowExplanation
from gui.views.run_detail import RunDetail
from gui.widgets.run_columns import RunColumns


class ExperimentsView(AreaView):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx, QCoreApplication.translate("ExperimentsView", "Experiments"), parent=parent
        )
        self.datasets: list[Any] = []
        self.job: Job | None = None
        self.form: Any = None  # the New run… form of the run in progress
        self.select_after: str | None = None
        self.compare_dialog: Any = None
        self.new_button = self.add_action(self.tr("&New run…"), self.open_new_run, "training.run")
        self.rerun_button = self.add_action(
            self.tr("&Re-run"),
            self.rerun,
            "training.run",
            self.tr("Train the selected run again from its spec and compare the metrics."),
        )
        self.explain_button = self.add_action(
            self.tr("E&xplain a row…"),
            self._ask_row,
            tooltip=self.tr("Why the selected run's model predicts what it does for a row."),
        )
        self.compare_button = self.add_action(
            self.tr("&Compare"),
            self.compare,
            tooltip=self.tr("Select two or more runs (Ctrl+click) to compare them."),
        )
        # kept names: the run's progress and Cancel are the job strip's
        self.running, self.progress, self.cancel_button = (
            self.strip,
            self.strip.bar,
            self.strip.cancel_button,
        )
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(
            self.tr("Filter runs (experiment, user, dataset, target, model, status)")
        )
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
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.columns = RunColumns(self.table, self.model, ctx.prefs)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.table, 1)
        self.empty = EmptyState(left, "", self.new_button)
        self.detail = RunDetail(ctx)
        self.charts = RunCharts()
        self.side = QTabWidget()
        self.side.setDocumentMode(True)
        self.side.addTab(self.detail, self.tr("Selected run"))
        self.side.addTab(self.charts, self.tr("Charts across runs"))
        split = QSplitter()
        split.addWidget(self.empty)
        split.addWidget(self.side)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([640, 560])
        self.add_body(split)
        self.apply_permissions()
        self._selected()

    def apply_permissions(self) -> None:
        super().apply_permissions()
        may_train = rbac.allowed(self._ctx.actor.role, "training.run")
        self.empty.label.setText(
            self.tr("No runs yet — start one with New run…")
            if may_train
            else self.tr("No runs in this project yet.")
        )
        self.empty.action.setVisible(may_train)

    # -- loading ---------------------------------------------------------------------------
    def load(self) -> Job:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()

        def work(_p: Any, _c: Any) -> tuple[list[Any], list[Any], dict[str, str]]:
            users = {u.id: u.name for u in ws.users.list(actor)}
            return ws.training.runs(actor, project), ws.data.datasets(actor, project), users

        return self._ctx.runner.run(
            self.tr("Reading runs"),
            work,
            on_success=self._show,
            on_error=self.status.show_error,
            cancellable=False,
            listed=False,
        )

    def _show(self, result: tuple[list[Any], list[Any], dict[str, str]]) -> None:
        runs, self.datasets, users = result
        previous = [r.id for r in self.selected_runs()]
        self.model.set_runs(runs, users)
        self.columns.apply()
        self.table.resizeColumnsToContents()
        self.empty.set_empty(not runs)
        self.side.setVisible(bool(runs))  # nothing to detail: the empty state fills the view
        wanted = [self.select_after] if self.select_after else previous
        self.select_after = None
        if not wanted and runs:
            wanted = [runs[-1].id]
        self.select(wanted)
        self._selected()  # a reset selection says nothing: the detail and charts follow

    def select(self, run_ids: list[str]) -> None:
        chosen = QItemSelection()
        last = None
        for row, run in enumerate(self.model.runs):
            if run.id in run_ids or run.ref in run_ids:
                last = self.proxy.mapFromSource(self.model.index(row, 0))
                chosen.select(last, last)
        self.table.selectionModel().select(
            chosen,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        if last is not None:
            self.table.scrollTo(last)

    def selected_runs(self) -> list[Any]:
        rows = sorted(
            {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        )
        return [self.model.runs[r] for r in rows]

    def _selected(self) -> None:
        runs = self.selected_runs()
        self.compare_button.setEnabled(len(runs) >= 2)
        one = len(runs) == 1
        self.rerun_button.setEnabled(one and runs[0].rerunnable and self.job is None)
        self.explain_button.setEnabled(one and runs[0].model_object_id is not None)
        if one and runs[0] is not self.detail.run:
            self.detail.show_run(runs[0])
        elif not runs:
            self.detail.clear_run()
        self.charts.show_runs(runs)
        # one run: its detail; several: the charts across them
        if len(runs) >= 2 and self.side.currentWidget() is self.detail:
            self.side.setCurrentWidget(self.charts)
        elif one and self.side.currentWidget() is self.charts:
            self.side.setCurrentWidget(self.detail)

    # -- actions ---------------------------------------------------------------------------
    def open_new_run(self) -> Any:
        from gui.dialogs.new_run import NewRunDialog

        if self.form is not None:  # the previous form, kept for a failed run, is done with
            self.form.deleteLater()
        dialog = NewRunDialog(self._ctx, self.current_project(), self.datasets, self)
        dialog.accepted.connect(lambda: self.start(dialog.result_spec))
        dialog.open()
        self.form = dialog  # kept until the run succeeds: a refusal reopens it as it was
        return dialog

    def start(self, spec: Any = None, rerun_of: str | None = None) -> Job | None:
        if spec is None and rerun_of is None:
            return None
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()
        if rerun_of is None:
            title = (
                self.tr("Training %1 on %2").replace("%1", spec.model).replace("%2", spec.dataset)
            )

            def work(progress: Any, cancel: Any) -> Any:
                return ws.training.train(
                    actor, spec, project=project, progress=progress, cancel=cancel
                )
        else:
            title = self.tr("Re-running %1").replace("%1", rerun_of)

            def work(progress: Any, cancel: Any) -> Any:
                return ws.training.rerun(actor, rerun_of, project, progress=progress, cancel=cancel)

        self.status.clear()
        self.job = self._ctx.runner.run(
            title, work, on_success=self._finished, on_error=self._failed, on_cancel=self._cancelled
        )
        self.strip.track(self.job, title)
        self._selected()
        return self.job

    def cancel(self) -> None:
        self.strip.cancel()

    def _finished(self, result: Any) -> None:
        self.job = None
        if hasattr(result, "original"):  # a re-run
            run = result.run
            text = (
                self.tr("Re-ran %1 as %2: identical metrics.")
                if result.identical
                else self.tr("Re-ran %1 as %2: the metrics differ (%3).")
            )
            text = (
                text.replace("%1", result.original.ref)
                .replace("%2", run.ref)
                .replace("%3", "; ".join(result.mismatched[:3]))
            )
            if result.environment:
                text += " " + self.tr("Environment differences: %1").replace(
                    "%1", "; ".join(result.environment[:5])
                )
            self.status.setText(text, "ok" if result.identical else "warning")
        else:
            run = result
            self.status.setText(self.tr("Run %1 finished.").replace("%1", run.ref), "ok")
            if self.form is not None:
                self.form.deleteLater()
                self.form = None
        self.select_after = run.id
        self.load()

    def _failed(self, error: BaseException) -> bool:
        self.job = None
        self.load()  # a failed run is recorded
        if not self.status.show_error(error):
            return False
        assert isinstance(error, AirlockError)
        if self.form is not None and self.form.result_spec is not None:
            # what the engine refused (a name, the data) is fixed in the same form, with
            # everything the analyst chose still in it
            self.form.result_spec = None
            self.form.message.setText(error.message + (f" {error.hint}" if error.hint else ""))
            self.form.open()
        return True

    def _cancelled(self) -> None:
        self.job = None
        self.status.setText(
            self.tr("Run cancelled: recorded as cancelled, no model kept."), "warning"
        )
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
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()
        refs = [r.id for r in runs]

        def work(_p: Any, _c: Any) -> tuple[Any, list[dict[str, Any]]]:
            comparison = ws.training.compare(actor, refs, project)
            curves = [ws.training.artifacts(actor, r).get("curves", {}) for r in comparison.runs]
            return comparison, curves

        return self._ctx.runner.run(
            self.tr("Comparing runs"),
            work,
            on_success=self._show_comparison,
            on_error=self.status.show_error,
            cancellable=False,
        )

    def _show_comparison(self, result: tuple[Any, list[dict[str, Any]]]) -> None:
        from gui.views.run_compare import CompareDialog

        self.compare_dialog = CompareDialog(*result, parent=self)
        self.compare_dialog.open()

    def _ask_row(self) -> None:
        runs = self.selected_runs()
        if len(runs) != 1:
            return
        row, ok = QInputDialog.getInt(
            self,
            self.tr("Explain a row"),
            self.tr("Row of %1 (from 1):").replace("%1", runs[0].dataset),
            1,
            1,
            10**9,
        )
        if ok:
            self.explain(runs[0], row)

    def explain(self, run: Any, row: int) -> Job:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()
        return self._ctx.runner.run(
            self.tr("Explaining row %1").replace("%1", str(row)),
            lambda _p, _c: ws.training.explain_row(actor, run.id, row, project),
            on_success=self._show_explanation,
            on_error=self.status.show_error,
            cancellable=False,
        )

    def _show_explanation(self, found: RowExplanation) -> None:
        self.explanation = found
        lines = [
            self.tr("Row %1: prediction %2 (%3 %4)")
            .replace("%1", str(found.row))
            .replace("%2", str(found.prediction))
            .replace("%3", found.of)
            .replace("%4", f"{found.output:.4f}")
        ]
        for item in found.contributions[:10]:
            lines.append(
                f"{item.feature}: {item.value!s} "
                f"({self.tr('typical')} {item.typical!s}) "
                f"{item.contribution:+.4f}"
            )
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Why this prediction"),
            "\n".join(lines),
            QMessageBox.StandardButton.Close,
            self,
        )
        box.setInformativeText(
            self.tr("Each feature in turn set to a typical value: how far the output moves.")
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explanation_box = box
        box.open()
