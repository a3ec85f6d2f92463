"""Runs side by side: parameters (differences marked), headline metrics (best in bold), and
their ROC or residual curves overlaid."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.views.run_detail import number


class CompareDialog(QDialog):
    def __init__(self, comparison: Any, curves: list[dict[str, Any]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare runs"))
        self.comparison = comparison
        runs = comparison.runs
        rows = list(comparison.params) + list(comparison.metrics)
        self.table = QTableWidget(len(rows), len(runs))
        self.table.setHorizontalHeaderLabels([r.ref for r in runs])
        self.table.setVerticalHeaderLabels(rows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, name in enumerate(comparison.params):
            differs = name in comparison.differing
            for column, value in enumerate(comparison.params[name]):
                item = QTableWidgetItem(number(value))
                if differs:
                    item.setBackground(QColor("#fdebd0"))
                    item.setForeground(QColor("#000000"))
                self.table.setItem(row, column, item)
        offset = len(comparison.params)
        for row, name in enumerate(comparison.metrics, offset):
            best = comparison.best.get(name)
            for column, value in enumerate(comparison.metrics[name]):
                item = QTableWidgetItem(number(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
                if column == best:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        from gui.widgets.plot import PlotCanvas

        self.plot = PlotCanvas()
        axes = self.plot.axes()
        drawn = 0
        for run, curve in zip(runs, curves, strict=True):
            roc = curve.get("roc")
            if roc:
                axes.plot(roc["fpr"], roc["tpr"], label=run.ref)
                drawn += 1
            elif curve.get("residuals"):
                res = curve["residuals"]
                axes.scatter(res["predicted"], res["residual"], s=4, alpha=0.4, label=run.ref)
                drawn += 1
        if drawn:
            axes.legend(fontsize=8)
            axes.set_title(self.tr("ROC curves (test set)") if any(
                c.get("roc") for c in curves) else self.tr("Residuals (test set)"))
        else:
            axes.text(0.5, 0.5, self.tr("No curves to overlay."), ha="center")
            axes.set_axis_off()
        self.plot.draw()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.plot)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.resize(900, 700)
