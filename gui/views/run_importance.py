"""A run's Importance tab: permutation importance as its own chart (title, axis label), then
partial dependence as small multiples — one subplot per feature with its own axes and title
— in a scroll area when there are many."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from gui.i18n import plain
from gui.palette import SERIES

TOP = 12  # features in the importance chart
COLUMNS = 3  # small multiples per row
ROW_HEIGHT = 190  # pixels per row of small multiples


class ImportancePane(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.inner = QWidget()
        self.column = QVBoxLayout(self.inner)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.setWidget(self.inner)
        self.importance_plot: Any = None
        self.dependence_plot: Any = None

    def _canvases(self) -> tuple[Any, Any]:
        if self.importance_plot is None:
            from gui.widgets.plot import PlotCanvas

            self.importance_plot, self.dependence_plot = PlotCanvas(), PlotCanvas()
            self.column.addWidget(self.importance_plot)
            self.column.addWidget(self.dependence_plot)
            self.column.addStretch(1)
            self.importance_plot.show()  # added to a pane that may already show
            self.dependence_plot.show()
        return self.importance_plot, self.dependence_plot

    def show_artifacts(self, artifacts: dict[str, Any]) -> None:
        importance, dependence = self._canvases()
        self.draw_importance(importance, artifacts.get("importance"))
        self.draw_dependence(dependence, artifacts.get("dependence") or [])

    def draw_importance(self, canvas: Any, found: dict[str, Any] | None) -> None:
        axes = canvas.axes()
        if not found or not found.get("features"):
            axes.text(
                0.5,
                0.5,
                plain(self.tr("No importance for this run (trained without explanations).")),
                ha="center",
                va="center",
            )
            axes.set_axis_off()
            canvas.setMinimumHeight(120)
            canvas.draw()
            return
        top = list(zip(found["features"], found["mean"], found["std"], strict=True))[:TOP]
        top.reverse()  # the most important at the top
        axes.barh(
            [t[0] for t in top],
            [t[1] for t in top],
            xerr=[t[2] for t in top],
            color=SERIES[0],
            ecolor=SERIES[7],
            capsize=2,
        )
        axes.axvline(0, color=SERIES[7], linewidth=0.8)
        axes.set_title(
            plain(self.tr("Permutation importance (%1)").replace("%1", found["scoring"]))
        )
        axes.set_xlabel(
            plain(
                self.tr("Drop in %1 when the feature is shuffled").replace("%1", found["scoring"])
            )
        )
        axes.tick_params(axis="y", labelsize=8)
        canvas.setMinimumHeight(110 + 24 * len(top))
        canvas.draw()

    def draw_dependence(self, canvas: Any, curves: list[dict[str, Any]]) -> None:
        figure = canvas.figure
        figure.clear()
        if not curves:
            canvas.setVisible(False)
            return
        canvas.setVisible(True)
        columns = min(COLUMNS, len(curves))
        rows = math.ceil(len(curves) / columns)
        grid = figure.subplots(rows, columns, squeeze=False)
        for number, axes in enumerate(grid.flat):
            if number >= len(curves):
                axes.set_visible(False)
                continue
            curve = curves[number]
            axes.plot(
                curve["grid"], curve["average"], color=SERIES[number % len(SERIES)], linewidth=1.8
            )
            axes.set_title(str(curve["feature"]), fontsize=9)
            axes.tick_params(labelsize=7)
            if number % columns == 0:
                axes.set_ylabel(plain(self.tr("Average prediction")), fontsize=8)
        figure.suptitle(
            plain(self.tr("Partial dependence: the average prediction as one feature varies")),
            fontsize=10,
        )
        canvas.setMinimumHeight(50 + ROW_HEIGHT * rows)
        canvas.draw()

    def axes_titles(self) -> list[str]:
        """The titles of every visible chart, importance first (for checks)."""
        found = []
        for canvas in (self.importance_plot, self.dependence_plot):
            if canvas is not None and canvas.isVisibleTo(self):
                found += [a.get_title() for a in canvas.figure.axes if a.get_visible()]
        return found
