"""The Monitoring view's drift analysis of two dataset versions: run in the background, shown
as a table of columns with their test, statistic and verdict, and each column's histograms."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QTableWidgetItem,
)

from gui.i18n import plain
from gui.jobs import Job
from gui.palette import level_colour
from gui.widgets.tables import select_row

if TYPE_CHECKING:
    from gui.views.monitoring import MonitoringView


class DriftAnalysis(QObject):
    def __init__(self, view: MonitoringView) -> None:
        super().__init__(view)
        self._view = view

    def analyse(self, reference: str | None = None, current: str | None = None) -> Job:
        ws, actor, project = (
            self._view._ctx.workspace,
            self._view._ctx.actor,
            self._view.current_project(),
        )
        ref = reference or self._view.reference.currentText()
        cur = current or self._view.current.currentText()

        def work(progress: Any, cancel: Any) -> Any:
            return ws.monitoring.analyse(
                actor, ref, cur, project=project, progress=progress, cancel=cancel
            )

        self._view.tabs.setCurrentIndex(1)
        self._view.job = self._view._ctx.runner.run(
            self.tr("Comparing %1 with %2").replace("%1", cur).replace("%2", ref),
            work,
            on_success=self._analysed,
            on_error=self._view._error,
        )
        return self._view.job

    def _analysed(self, found: tuple[Any, dict[str, Any]]) -> None:
        self._view.job = None
        self._view.result, self._view.plots = found
        result = self._view.result
        # the form shows what this report compares (an analysis opened from elsewhere, or
        # a window of versions, would otherwise sit under other versions' names)
        for box, ref in (
            (self._view.reference, result.reference),
            (self._view.current, result.current),
        ):
            index = box.findText(ref)
            if index >= 0:
                box.setCurrentIndex(index)
        words = {"ok": self.tr("ok"), "warning": self.tr("warning"), "alert": self.tr("alert")}
        self._view.summary.setText(
            self.tr(
                "%1 of %2 columns of %3 drift against %4 (%5); dataset "
                "drift: %6 (warning at %7, alert at %8)."
            )
            .replace("%1", str(len(result.drifted)))
            .replace("%2", str(len(result.columns)))
            .replace("%3", result.current)
            .replace("%4", result.reference)
            .replace("%5", f"{result.drift_share:.0%}")
            .replace("%6", words[result.level])
            .replace("%7", f"{result.options.warning_share:.0%}")
            .replace("%8", f"{result.options.drift_share:.0%}")
        )
        self._view.results.setRowCount(0)
        for row, column in enumerate(result.columns):
            self._view.results.insertRow(row)
            cells = [
                column.column,
                column.test,
                f"{column.statistic:.4g}",
                "—" if column.p_value is None else f"{column.p_value:.3g}",
                "—" if column.psi is None else f"{column.psi:.3g}",
                "; ".join(column.reasons) if column.drifted else self.tr("no"),
            ]
            for index, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column.drifted:
                    item.setForeground(QColor(level_colour("alert")))
                self._view.results.setItem(row, index, item)
        self._view.results.resizeColumnsToContents()
        drifted = [i for i, c in enumerate(result.columns) if c.drifted]
        select_row(self._view.results, drifted[0] if drifted else 0)

    def column_selected(self) -> None:
        rows = self._view.results.selectionModel().selectedRows()
        if not rows or self._view.result is None:
            return
        name = self._view.result.columns[rows[0].row()].column
        data = self._view.plots.get(name)
        if not data:
            return
        from matplotlib.ticker import PercentFormatter

        axes = self._view.plot.axes()
        if data["kind"] == "numeric":
            edges = data["edges"]
            widths = [b - a for a, b in pairwise(edges)]
            axes.bar(
                edges[:-1],
                data["reference"],
                widths,
                align="edge",
                alpha=0.55,
                label=plain(self.tr("reference")),
            )
            axes.bar(
                edges[:-1],
                data["current"],
                widths,
                align="edge",
                alpha=0.55,
                label=plain(self.tr("current")),
            )
            axes.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        else:
            positions = range(len(data["names"]))
            axes.bar(
                [p - 0.2 for p in positions],
                data["reference"],
                0.4,
                label=plain(self.tr("reference")),
            )
            axes.bar(
                [p + 0.2 for p in positions], data["current"], 0.4, label=plain(self.tr("current"))
            )
            axes.set_xticks(
                list(positions), [str(n)[:12] for n in data["names"]], rotation=45, fontsize=7
            )
            axes.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        axes.set_ylabel(plain(self.tr("share of rows")), fontsize=8)
        axes.set_title(name)
        axes.legend(fontsize=8)
        self._view.plot.draw()
