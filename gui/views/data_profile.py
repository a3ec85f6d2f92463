"""The Profile tab: per-column statistics; for the chosen column its distribution, spread and
quantiles; a correlation heatmap of the numeric columns; the warnings."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.context import AppContext
from gui.details import semantic_word
from gui.jobs import Job
from gui.palette import SERIES
from gui.views.base import EmptyState, JobStrip, MessageBar
from gui.views.data_jobs import run_tracked


def _num(value: Any) -> str:
    """13,250 rather than 1.325e+04; four significant digits below 10,000."""
    if isinstance(value, float):
        if value != value:
            return ""
        return f"{value:,.0f}" if 1e4 <= abs(value) < 1e15 else f"{value:,.4g}"
    return "" if value is None else str(value)


class ProfileTab(QWidget):
    def __init__(
        self, ctx: AppContext, strip: JobStrip | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx, self._strip = ctx, strip
        self.version: Any = None
        self.profile: Any = None
        self.profiles: dict[str, Any] = {}  # version id -> its profile, this session
        self.job: Job | None = None
        self._job_version: str | None = None
        self.plot: Any = None
        self.run_button = QPushButton(self.tr("Profile again"))
        self.run_button.clicked.connect(lambda: self.run(again=True))
        self.html_button = QPushButton(self.tr("Export HTML…"))
        self.html_button.clicked.connect(self._export)
        self.summary = QLabel()
        self.status = MessageBar()
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.run_button)
        top.addWidget(self.html_button)
        self.table = QTableWidget(0, 9)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Column"),
                self.tr("Type"),
                self.tr("Missing"),
                self.tr("Distinct"),
                self.tr("Mean"),
                self.tr("Std"),
                self.tr("Min"),
                self.tr("Max"),
                self.tr("Top values"),
            ]
        )
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._draw)
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        self.details = QLabel(self.tr("Select a column to see its distribution."))
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        distribution = QWidget()
        self.plot_holder = QVBoxLayout(distribution)
        self.plot_holder.addWidget(self.details)
        self.correlation_holder = QWidget()
        self.correlation_layout = QVBoxLayout(self.correlation_holder)
        self.heatmap: Any = None
        self.side = QTabWidget()
        self.side.addTab(distribution, self.tr("Distribution"))
        self.side.addTab(self.correlation_holder, self.tr("Correlations"))
        self.side.addTab(self.warnings, self.tr("Warnings"))
        self.side.currentChanged.connect(self._side_changed)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.side)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 480])
        self.start_button = start = QPushButton(self.tr("Profile this version"))
        start.clicked.connect(lambda: self.run())
        self.empty = EmptyState(split, self.tr("Select a version to see its profile."), start)
        self.empty.action.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.empty, 1)
        self.empty.set_empty(True)

    def set_version(self, version: Any) -> None:
        """Show the version's profile when this session has one; else wait for `ensure`
        (the Data view calls it when the tab is shown)."""
        if (
            self.job is not None
            and self.job.running
            and (version is None or self._job_version != version.id)
        ):
            self.job.cancel()  # another version chosen: its profile is not wanted now
        self.version = version
        self.profile = None
        self.table.setRowCount(0)
        self.warnings.clear()
        self.summary.clear()
        self.status.clear()
        self.details.setText(self.tr("Select a column to see its distribution."))
        for plot in (self.plot, self.heatmap):
            if plot is not None:
                plot.axes()
                plot.draw()
        if version is not None and version.id in self.profiles:
            self.show_profile(self.profiles[version.id])
        elif version is not None:
            self._waiting(
                self.tr("%1 is profiled when you open this tab.").replace("%1", version.ref),
                button=False,
            )

    def _waiting(self, text: str, button: bool) -> None:
        self.empty.set_empty(True, text)
        self.empty.action.setVisible(button)

    def ensure(self) -> Job | None:
        """Profile the version unless it is profiled or being profiled (the tab opened)."""
        if self.version is None or self.version.id in self.profiles:
            return None
        return self.run()

    def run(self, again: bool = False) -> Job | None:
        if self.version is None:
            return None
        if self.job is not None and self.job.running and self._job_version == self.version.id:
            return self.job
        if again:
            self.profiles.pop(self.version.id, None)
        ws, actor, ref, project = (
            self._ctx.workspace,
            self._ctx.actor,
            self.version.ref,
            self.version.project,
        )
        version_id = self.version.id
        self._waiting(self.tr("Profiling %1…").replace("%1", ref), button=False)

        def done(profile: Any) -> None:
            self.profiles[version_id] = profile
            if self.version is not None and self.version.id == version_id:
                self.show_profile(profile)

        def cancelled() -> None:
            if self.version is not None and self.version.id == version_id:
                self._waiting(
                    self.tr("Profiling %1 was cancelled.").replace("%1", ref), button=True
                )

        def failed(error: BaseException) -> bool:
            cancelled()
            return self.status.show_error(error)

        self.job = run_tracked(
            self._ctx,
            self._strip,
            self.tr("Profiling %1").replace("%1", ref),
            lambda progress, cancel: ws.data.profile(
                actor, ref, project, progress=progress, cancel=cancel
            ),
            on_success=done,
            on_error=failed,
            on_cancel=cancelled,
        )
        self._job_version = version_id
        return self.job

    def show_profile(self, profile: Any) -> None:
        self.profile = profile
        self.empty.set_empty(False)
        self.summary.setText(
            self.tr("%1 rows, %2 columns")
            .replace("%1", f"{profile.rows:,}")
            .replace("%2", str(len(profile.columns)))
        )
        self.table.setRowCount(len(profile.columns))
        for row, column in enumerate(profile.columns):
            top = ", ".join(f"{v} ({n:,})" for v, n in column.top[:3])
            for index, text in enumerate(
                (
                    column.name,
                    semantic_word(column.semantic),
                    f"{column.missing_share:.1%}",
                    f"{column.distinct:,}",
                    _num(column.mean),
                    _num(column.std),
                    _num(column.min),
                    _num(column.max),
                    top,
                )
            ):
                self.table.setItem(row, index, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 180))
        self.warnings.clear()
        self.warnings.addItems(profile.warnings or [self.tr("No warnings.")])
        self.side.setTabText(2, self.tr("Warnings (%1)").replace("%1", str(len(profile.warnings))))
        if self.side.currentIndex() == 1:
            self._draw_correlations()
        elif profile.columns and not self.table.selectionModel().selectedRows():
            # the first numeric column's distribution, not an empty chart
            first = next((i for i, c in enumerate(profile.columns) if c.semantic == "numeric"), 0)
            self.table.selectRow(first)

    def _draw(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.profile is None:
            return
        column = self.profile.columns[rows[0].row()]
        self.details.setText(self._describe(column))
        self.side.setCurrentIndex(0)
        if self.plot is None:
            from gui.widgets.plot import PlotCanvas

            self.plot = PlotCanvas()
            self.plot_holder.insertWidget(0, self.plot, 1)
        axes = self.plot.axes()
        if column.histogram:
            edges, counts = column.histogram["edges"], column.histogram["counts"]
            axes.bar(
                edges[:-1],
                counts,
                width=[b - a for a, b in pairwise(edges)],
                align="edge",
                color=SERIES[0],
            )
        elif column.top:
            labels = [v for v, _ in column.top][::-1]
            axes.barh(labels, [n for _, n in column.top][::-1], color=SERIES[0])
        axes.set_title(column.name)
        self.plot.draw()

    def _describe(self, column: Any) -> str:
        parts = [
            self.tr("%1 (%2): %3 missing, %4 distinct")
            .replace("%1", column.name)
            .replace("%2", column.semantic)
            .replace("%3", f"{column.missing_share:.1%}")
            .replace("%4", f"{column.distinct:,}")
        ]
        if column.std is not None:
            parts.append(
                self.tr("mean %1, std %2, skew %3")
                .replace("%1", _num(column.mean))
                .replace("%2", _num(column.std))
                .replace("%3", _num(column.skew))
            )
        if column.quantiles:
            parts.append(" · ".join(f"{k} {_num(v)}" for k, v in column.quantiles.items()))
        parts.extend(column.warnings)
        return "\n".join(parts)

    def _side_changed(self, index: int) -> None:
        if index == 1:
            self._draw_correlations()

    def _draw_correlations(self) -> None:
        """A heatmap of the Pearson correlations between the numeric columns."""
        if self.profile is None:
            return
        names = list(self.profile.correlations)
        if self.heatmap is None:
            from gui.widgets.plot import PlotCanvas

            self.heatmap = PlotCanvas()
            self.correlation_layout.addWidget(self.heatmap)
        axes = self.heatmap.axes()
        if len(names) < 2:
            axes.text(0.5, 0.5, self.tr("Fewer than two numeric columns."), ha="center")
            axes.set_axis_off()
        else:
            values = [
                [self.profile.correlations[a].get(b, float("nan")) for b in names] for a in names
            ]
            image = axes.imshow(values, cmap="RdBu_r", vmin=-1, vmax=1)
            axes.set_xticks(range(len(names)), names, rotation=90, fontsize=7)
            axes.set_yticks(range(len(names)), names, fontsize=7)
            if len(names) <= 6:  # small enough to print each coefficient
                for i, row in enumerate(values):
                    for j, value in enumerate(row):
                        if value == value:
                            axes.text(
                                j,
                                i,
                                f"{value:.2f}",
                                ha="center",
                                va="center",
                                fontsize=6,
                                color="white" if abs(value) > 0.5 else "black",
                            )
            self.heatmap.figure.colorbar(image, ax=axes, fraction=0.046, pad=0.04)
        self.heatmap.draw()

    def _export(self) -> None:
        if self.version is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the profile"),
            f"{self.version.dataset}-profile.html",
            "HTML (*.html)",
        )
        if name:
            self.export_html(Path(name))

    def export_html(self, path: Path) -> Job:
        ws, actor, ref, project = (
            self._ctx.workspace,
            self._ctx.actor,
            self.version.ref,
            self.version.project,
        )
        return run_tracked(
            self._ctx,
            self._strip,
            self.tr("Writing the profile"),
            lambda progress, cancel: ws.data.profile_html(
                actor, ref, path, project=project, progress=progress, cancel=cancel
            ),
            on_success=lambda p: self.status.setText(
                self.tr("Wrote %1").replace("%1", str(p)), "ok"
            ),
            on_error=self.status.show_error,
        )
