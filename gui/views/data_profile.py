"""The Profile tab: per-column statistics, a histogram of the chosen column, warnings."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.context import AppContext
from gui.jobs import Job


def _num(value: Any) -> str:
    return f"{value:,.4g}" if isinstance(value, float) else ("" if value is None else str(value))


class ProfileTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.version: Any = None
        self.profile: Any = None
        self.plot: Any = None
        self.run_button = QPushButton(self.tr("Profile this version"))
        self.run_button.clicked.connect(self.run)
        self.html_button = QPushButton(self.tr("Export HTML…"))
        self.html_button.clicked.connect(self._export)
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.run_button)
        top.addWidget(self.html_button)
        top.addWidget(self.status, 1)
        self.table = QTableWidget(0, 8)
        self.table.setHorizontalHeaderLabels([
            self.tr("Column"), self.tr("Type"), self.tr("Missing"), self.tr("Distinct"),
            self.tr("Mean"), self.tr("Min"), self.tr("Max"), self.tr("Top values")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._draw)
        self.warnings = QListWidget()
        self.plot_holder = QVBoxLayout()
        right = QWidget()
        right.setLayout(self.plot_holder)
        self.plot_holder.addWidget(QLabel(self.tr("Select a column to see its distribution.")))
        self.plot_holder.addWidget(self.warnings)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def set_version(self, version: Any) -> None:
        self.version = version
        self.profile = None
        self.table.setRowCount(0)
        self.warnings.clear()
        self.status.setText("")

    def run(self) -> Job | None:
        if self.version is None:
            return None
        ws, actor, ref, project = (self._ctx.workspace, self._ctx.actor, self.version.ref,
                                   self.version.project)
        self.status.setText(self.tr("Profiling…"))
        return self._ctx.runner.run(
            self.tr("Profiling %1").replace("%1", ref),
            lambda progress, cancel: ws.data.profile(actor, ref, project, progress=progress,
                                                     cancel=cancel),
            on_success=self.show_profile)

    def show_profile(self, profile: Any) -> None:
        self.profile = profile
        self.status.setText(self.tr("%1 rows, %2 columns").replace(
            "%1", f"{profile.rows:,}").replace("%2", str(len(profile.columns))))
        self.table.setRowCount(len(profile.columns))
        for row, column in enumerate(profile.columns):
            top = ", ".join(f"{v} ({n:,})" for v, n in column.top[:3])
            for index, text in enumerate((column.name, column.semantic,
                                          f"{column.missing_share:.1%}", f"{column.distinct:,}",
                                          _num(column.mean), _num(column.min), _num(column.max),
                                          top)):
                self.table.setItem(row, index, QTableWidgetItem(text))
        self.warnings.clear()
        self.warnings.addItems(profile.warnings or [self.tr("No warnings.")])

    def _draw(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.profile is None:
            return
        column = self.profile.columns[rows[0].row()]
        if self.plot is None:
            from gui.widgets.plot import PlotCanvas

            self.plot = PlotCanvas()
            self.plot_holder.insertWidget(0, self.plot, 1)
        axes = self.plot.axes()
        if column.histogram:
            edges, counts = column.histogram["edges"], column.histogram["counts"]
            axes.bar(edges[:-1], counts, width=[b - a for a, b in pairwise(edges)],
                     align="edge", color="#4a78c2")
        elif column.top:
            labels = [v for v, _ in column.top][::-1]
            axes.barh(labels, [n for _, n in column.top][::-1], color="#4a78c2")
        axes.set_title(column.name)
        self.plot.draw()

    def _export(self) -> None:
        if self.version is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the profile"),
                                              f"{self.version.dataset}-profile.html",
                                              "HTML (*.html)")
        if name:
            self.export_html(Path(name))

    def export_html(self, path: Path) -> Job:
        ws, actor, ref, project = (self._ctx.workspace, self._ctx.actor, self.version.ref,
                                   self.version.project)
        return self._ctx.runner.run(
            self.tr("Writing the profile"),
            lambda progress, cancel: ws.data.profile_html(actor, ref, path, project=project,
                                                          progress=progress, cancel=cancel),
            on_success=lambda p: self.status.setText(self.tr("Wrote %1").replace("%1", str(p))))
