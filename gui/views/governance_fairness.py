"""The Governance view's Fairness tab: assess a run or a version, groups and disparities with
their intervals, the verdict, stored reports, and mitigation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.errors import AirlockError
from engine.security import rbac
from gui.context import AppContext
from gui.dialogs.form import FormDialog
from gui.errors import show_engine_error
from gui.i18n import plain
from gui.jobs import Job
from gui.palette import SERIES, colour
from gui.widgets.plot import PlotCanvas
from gui.widgets.projects import refill
from gui.widgets.tables import read_only_table


def _num(value: Any) -> str:
    return "—" if value is None else f"{value:.3f}"


class MitigateDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        project: str,
        run: str,
        attributes: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx.runner, self.tr("Mitigate %1").replace("%1", run), self.tr("&Mitigate"), parent
        )
        self._ctx, self._project, self._run = ctx, project, run
        self.attribute = QComboBox()
        self.attribute.addItems(attributes)
        self.method = QComboBox()
        self.method.addItem(self.tr("Thresholds per group (post-processing)"), "threshold")
        self.method.addItem(self.tr("Retrain under the constraint (reduction)"), "reduction")
        self.constraint = QComboBox()
        self.constraint.addItem(self.tr("Demographic parity"), "demographic_parity")
        self.constraint.addItem(self.tr("Equalized odds"), "equalized_odds")
        self.form.addRow(self.tr("&Attribute:"), self.attribute)
        self.form.addRow(self.tr("M&ethod:"), self.method)
        self.form.addRow(self.tr("&Constraint:"), self.constraint)
        self.finish()
        self.result_mitigation: Any = None

    def submit(self) -> None:
        ws, actor = self._ctx.workspace, self._ctx.actor
        run, project = self._run, self._project
        attribute, method = self.attribute.currentText(), self.method.currentData()
        constraint = self.constraint.currentData()

        def done(result: Any) -> None:
            self.result_mitigation = result
            self.accept()

        self.run(
            self.tr("Mitigating %1").replace("%1", run),
            lambda: ws.governance.fairness.mitigate(
                actor,
                run,
                attribute=attribute,
                method=method,
                constraint=constraint,
                project=project,
            ),
            done,
        )


class FairnessPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.project: str | None = None
        self.stored: Any = None
        self.version = QComboBox()
        self.version.setMinimumContentsLength(20)
        self.version.currentIndexChanged.connect(lambda _i: self.load_reports())
        self.attributes = QLineEdit()
        self.attributes.setPlaceholderText(self.tr("attributes (default: the sensitive columns)"))
        self.assess_button = QPushButton(self.tr("&Assess"))
        self.assess_button.clicked.connect(lambda: self.assess())
        self.mitigate_button = QPushButton(self.tr("&Mitigate…"))
        self.mitigate_button.clicked.connect(lambda: self.mitigate())
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Model version:")))
        row.addWidget(self.version, 1)
        row.addWidget(self.attributes, 1)
        row.addWidget(self.assess_button)
        row.addWidget(self.mitigate_button)
        self.summary = QLabel(self.tr("Pick a model version and assess it."))
        self.summary.setWordWrap(True)
        self.groups = read_only_table(
            [
                self.tr("Attribute"),
                self.tr("Group"),
                self.tr("Rows"),
                self.tr("Selection rate"),
                self.tr("95 % interval"),
                self.tr("TPR"),
                self.tr("FPR"),
                self.tr("Precision"),
                self.tr("Accuracy"),
                self.tr("Calibration gap"),
            ]
        )
        self.disparities = read_only_table(
            [
                self.tr("Attribute"),
                self.tr("Parity difference"),
                self.tr("Parity ratio"),
                self.tr("Equalized odds difference"),
                self.tr("Equalized odds ratio"),
                self.tr("Four-fifths rule"),
            ]
        )
        self.plot = PlotCanvas()
        tables = QSplitter(Qt.Orientation.Vertical)
        tables.addWidget(self.groups)
        tables.addWidget(self.disparities)
        split = QSplitter()
        split.addWidget(tables)
        split.addWidget(self.plot)
        split.setSizes([620, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        role = ctx.actor.role
        self.assess_button.setVisible(rbac.allowed(role, "governance.assess"))
        self.mitigate_button.setVisible(rbac.allowed(role, "governance.mitigate"))

    def fill(self, project: str | None, versions: list[str]) -> None:
        self.project = project
        refill(self.version, versions)
        self.load_reports()

    def _error(self, error: BaseException) -> bool:
        return show_engine_error(self.summary, error)

    def load_reports(self) -> Job | None:
        ref = self.version.currentText()
        if not ref:
            return None
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project

        def work(_p: Any, _c: Any) -> tuple[str, Any]:
            reports = ws.governance.fairness.reports(actor, ref, project=project)
            return ref, reports[0] if reports else None

        return self._ctx.runner.run(
            self.tr("Reading fairness reports"),
            work,
            on_success=self._loaded,
            on_error=self._error,
            cancellable=False,
            listed=False,
        )

    def _loaded(self, found: tuple[str, Any]) -> None:
        ref, stored = found
        if ref != self.version.currentText():
            return
        if stored is None:
            self.stored = None
            self.summary.setText(self.tr("%1 has no fairness report yet.").replace("%1", ref))
            self.groups.setRowCount(0)
            self.disparities.setRowCount(0)
            self.plot.axes()
            self.plot.draw()
            return
        self._show(stored)

    def assess(self) -> Job | None:
        ref = self.version.currentText()
        if not ref:
            return None
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project
        wanted = [a.strip() for a in self.attributes.text().split(",") if a.strip()] or None
        self.assess_button.setEnabled(False)
        job = self._ctx.runner.run(
            self.tr("Assessing the fairness of %1").replace("%1", ref),
            lambda _p, _c: ws.governance.fairness.report(
                actor, ref, attributes=wanted, project=project
            ),
            on_success=self._show,
            on_error=self._error,
        )
        job.finished.connect(lambda *_: self.assess_button.setEnabled(True))
        return job

    def _show(self, stored: Any) -> None:
        self.stored = stored
        report = stored.report
        flags = report.flags
        self.summary.setText(
            self.tr("%1 (run %2 on %3), report %4 of %5 by %6: %7")
            .replace("%1", stored.version)
            .replace("%2", stored.run)
            .replace("%3", stored.dataset)
            .replace("%4", stored.id)
            .replace("%5", stored.created[:16].replace("T", " "))
            .replace("%6", stored.created_by)
            .replace(
                "%7",
                "; ".join(flags)
                if flags
                else self.tr("no group falls below four fifths of the highest selection rate."),
            )
        )
        key = "selection_rate" if report.task != "regression" else "mean_prediction"
        self.groups.setRowCount(0)
        for row, group in enumerate(report.groups):
            self.groups.insertRow(row)
            values = group.values
            interval = (
                "—"
                if group.low.get(key) is None
                else f"[{_num(group.low.get(key))}, {_num(group.high.get(key))}]"
            )
            cells = [
                group.attribute,
                group.group,
                f"{group.rows:,}",
                _num(values.get(key)),
                interval,
                _num(values.get("true_positive_rate")),
                _num(values.get("false_positive_rate")),
                _num(values.get("precision")),
                _num(values.get("accuracy")),
                _num(values.get("calibration_gap")),
            ]
            for column, text in enumerate(cells):
                self.groups.setItem(row, column, QTableWidgetItem(text))
        self.groups.resizeColumnsToContents()
        self.disparities.setRowCount(0)
        for row, d in enumerate(report.disparities):
            self.disparities.insertRow(row)
            verdict = (
                "—"
                if d.four_fifths is None
                else (
                    self.tr("passes")
                    if d.four_fifths
                    else self.tr("fails (%1)").replace("%1", d.lowest_group)
                )
            )
            cells = [
                d.attribute,
                _num(d.demographic_parity_difference),
                _num(d.demographic_parity_ratio),
                _num(d.equalized_odds_difference),
                _num(d.equalized_odds_ratio),
                verdict,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 5 and d.four_fifths is not None:
                    item.setForeground(QColor(colour("ok") if d.four_fifths else colour("alert")))
                self.disparities.setItem(row, column, item)
        self.disparities.resizeColumnsToContents()
        self._chart(report, key)

    def _chart(self, report: Any, key: str) -> None:
        axes = self.plot.axes()
        single = [g for g in report.groups if " × " not in g.attribute]
        labels = [f"{g.attribute}: {g.group}" for g in single]
        values = [g.values.get(key) or 0.0 for g in single]
        low = [
            max(0.0, v - (g.low.get(key) if g.low.get(key) is not None else v))
            for g, v in zip(single, values, strict=True)
        ]
        high = [
            max(0.0, (g.high.get(key) if g.high.get(key) is not None else v) - v)
            for g, v in zip(single, values, strict=True)
        ]
        positions = list(range(len(single)))
        axes.barh(positions, values, xerr=[low, high], color=SERIES[0], capsize=3)
        marked = False
        for attribute in {g.attribute for g in single}:
            rates = [v for g, v in zip(single, values, strict=True) if g.attribute == attribute]
            rows = [p for p, g in zip(positions, single, strict=True) if g.attribute == attribute]
            if rates and report.task != "regression":
                line = 0.8 * max(rates)
                axes.vlines(
                    line,
                    min(rows) - 0.4,
                    max(rows) + 0.4,
                    colors=colour("alert"),
                    linestyles="--",
                    linewidth=1,
                    label=None if marked else plain(self.tr("four fifths of the highest")),
                )
                marked = True
        axes.set_yticks(positions, labels, fontsize=8)
        # a short axis title and the dashed line in a legend: the long title was cut off
        axes.set_xlabel(
            plain(
                self.tr("selection rate")
                if report.task != "regression"
                else self.tr("mean prediction")
            ),
            fontsize=8,
        )
        if marked:
            axes.legend(fontsize=7, loc="lower right")
        axes.invert_yaxis()
        self.plot.draw()

    def mitigate(self) -> None:
        ref = self.version.currentText()
        if not ref:
            return
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project
        try:
            run = ws.governance.fairness.version_run(actor, ref, project)
        except AirlockError as exc:
            self.summary.setText(exc.message)
            return
        attributes = list(self.stored.attributes) if self.stored else []
        if not attributes:
            self.summary.setText(
                self.tr("Assess the version first: the attributes come from its report.")
            )
            return
        dialog = MitigateDialog(self._ctx, project or "", run.ref, attributes, self)
        if dialog.exec() and dialog.result_mitigation is not None:
            done = dialog.result_mitigation
            self.summary.setText(
                self.tr(
                    "Run %1 made: parity difference %2 → %3, accuracy %4 → %5. Register "
                    "it in the Models view to promote it."
                )
                .replace("%1", done.run.ref)
                .replace("%2", _num(done.before.get("demographic_parity_difference")))
                .replace("%3", _num(done.after.get("demographic_parity_difference")))
                .replace("%4", _num(done.before.get("accuracy")))
                .replace("%5", _num(done.after.get("accuracy")))
            )
