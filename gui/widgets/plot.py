"""A matplotlib canvas for views (matplotlib loads only when a plot is first shown)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget


class PlotCanvas(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(5, 3), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

    def axes(self) -> Any:
        self.figure.clear()
        return self.figure.add_subplot(111)

    def draw(self) -> None:
        follow_theme(self.figure, self.palette())
        self.canvas.draw_idle()


def follow_theme(figure: Any, palette: QPalette) -> None:
    """The figure in the window's colours — a dark background in dark mode, not a white
    card: background, axes, ticks, labels, titles and legends; the data's own colours
    (levels, bars, lines) stay. The one place charts take their colours from."""
    window = palette.color(QPalette.ColorRole.Window).name()
    base = palette.color(QPalette.ColorRole.Base).name()
    text = palette.color(QPalette.ColorRole.WindowText).name()
    edge = palette.color(QPalette.ColorRole.Mid).name()
    figure.set_facecolor(window)
    for text_item in figure.texts:
        text_item.set_color(text)
    for axes in figure.axes:
        axes.set_facecolor(base)  # a heatmap's own colour map covers it
        axes.tick_params(colors=text, which="both")
        for spine in axes.spines.values():
            spine.set_color(edge)
        for label in (axes.xaxis.label, axes.yaxis.label, axes.title):
            label.set_color(text)
        legend = axes.get_legend()
        if legend is not None:
            legend.get_frame().set_facecolor(base)
            legend.get_frame().set_edgecolor(edge)
            for entry in legend.get_texts():
                entry.set_color(text)
