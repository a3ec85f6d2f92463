"""The Monitoring view's Performance tab: a model's accuracy on labelled batches over time,
with its fairness per chunk."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.context import AppContext
from gui.errors import show_engine_error
from gui.i18n import plain
from gui.jobs import Job
from gui.palette import SERIES, level_colour
from gui.views.monitoring_panels import _fill
from gui.widgets.plot import PlotCanvas
from gui.widgets.projects import refill
from gui.widgets.tables import read_only_table


class PerformancePanel(QWidget):
    """A model's performance over chunks: CBPE estimate and realised, with the band."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.project: str | None = None
        self.found: Any = None
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.setMinimumContentsLength(16)
        self.current = QComboBox()
        self.current.setEditable(True)  # a window too: NAME@A..B, NAME@last:30d
        self.current.setMinimumContentsLength(24)
        self.current.setToolTip(
            self.tr("A dataset version, a window of versions (NAME@3..6, NAME@last:30d) or a file")
        )
        self.labels = QLineEdit()
        self.labels.setPlaceholderText(self.tr("labels file (optional)"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._browse)
        self.id_column = QLineEdit()
        self.id_column.setPlaceholderText(self.tr("id column"))
        self.labels.setMinimumWidth(150)  # the placeholders say what goes in
        self.id_column.setMinimumWidth(90)
        self.metric_box = QComboBox()  # not `metric`: QWidget.metric() is a Qt virtual
        self.metric_box.addItem(self.tr("default"), None)  # ROC AUC, or accuracy for multiclass
        for metric in ("roc_auc", "accuracy", "precision", "recall", "f1"):
            self.metric_box.addItem(metric, metric)
        self.measure_button = QPushButton(self.tr("&Measure"))
        self.measure_button.clicked.connect(lambda: self.measure())
        # two rows: in one, the tab (and so the window) was wider than 1280 pixels in Arabic
        form, labels_row = QHBoxLayout(), QHBoxLayout()
        for row, label, widget, stretch in (
            (form, self.tr("Model:"), self.model, 1),
            (form, self.tr("Data:"), self.current, 2),
            (labels_row, "", self.labels, 1),
            (labels_row, "", browse, 0),
            (labels_row, "", self.id_column, 0),
            (labels_row, self.tr("Metric:"), self.metric_box, 0),
        ):
            if label:
                row.addWidget(QLabel(label))
            row.addWidget(widget, stretch)
        labels_row.addWidget(self.measure_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.plot = PlotCanvas()
        self.table = read_only_table(
            [
                self.tr("Chunk"),
                self.tr("Period"),
                self.tr("Rows"),
                self.tr("Labelled"),
                self.tr("Estimated"),
                self.tr("Realised"),
            ]
        )
        split = QSplitter()
        split.addWidget(self.plot)
        split.addWidget(self.table)
        split.setSizes([560, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(labels_row)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    def fill(self, project: str | None, models: list[str], versions: list[str]) -> None:
        self.project = project
        refill(self.model, models)
        refill(self.current, versions)  # editable: a typed window is kept
        if versions and not self.current.currentText():
            self.current.setCurrentIndex(len(versions) - 1)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Labels file"), "", self.tr("Data files (*.csv *.parquet *.xlsx)")
        )
        if path:
            self.labels.setText(path)

    def measure(self) -> Job:
        from pathlib import Path

        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.project
        model, current = self.model.currentText().strip(), self.current.currentText().strip()
        labels = Path(self.labels.text().strip()) if self.labels.text().strip() else None
        id_column = self.id_column.text().strip() or None
        metric = self.metric_box.currentData()

        def work(_p: Any, cancel: Any) -> Any:
            return ws.monitoring.performance(
                actor,
                model,
                current,
                labels=labels,
                id_column=id_column,
                metric=metric,
                project=project,
                cancel=cancel,
            )

        self.measure_button.setEnabled(False)
        job = self._ctx.runner.run(
            self.tr("Measuring %1 on %2").replace("%1", model).replace("%2", current),
            work,
            on_success=self._show,
            on_error=self._error,
        )
        job.finished.connect(lambda *_: self.measure_button.setEnabled(True))
        return job

    def _error(self, error: BaseException) -> bool:
        return show_engine_error(self.summary, error)

    def _show(self, found: Any) -> None:
        self.found = found
        result = found.result
        signals = "; ".join(
            f"{name}: " + ", ".join(str(c + 1) for c in chunks)
            for name, chunks in found.detections.items()
            if chunks
        )
        self.summary.setText(
            self.tr("%1 on %2 (%3 rows, %4 labelled): reference %5 %6, band %7. %8")
            .replace("%1", found.model)
            .replace("%2", found.current)
            .replace("%3", f"{found.rows:,}")
            .replace("%4", f"{found.labelled:,}")
            .replace("%5", result.metric)
            .replace("%6", f"{result.reference_mean:.3f}")
            .replace("%7", f"[{result.low:.3f}, {result.high:.3f}]")
            .replace(
                "%8",
                (
                    self.tr("%1 of %2 chunks outside the band, first: %3.")
                    .replace("%1", str(len(found.alerts)))
                    .replace("%2", str(len(result.chunks)))
                    .replace("%3", found.alerts[0])
                    if found.alerts
                    else self.tr("Every chunk is inside the band.")
                )
                + (
                    " " + self.tr("Detectors signalled drift at chunks %1.").replace("%1", signals)
                    if signals
                    else ""
                ),
            )
        )

        def num(value: float | None) -> str:
            return "—" if value is None else f"{value:.3f}"

        chunks = result.chunks
        _fill(
            self.table,
            [
                [
                    str(c.index + 1),
                    c.period,
                    f"{c.rows:,}",
                    f"{c.labelled:,}",
                    num(c.estimated),
                    num(c.realised),
                ]
                for c in chunks
            ],
            [
                level_colour("alert") if c.estimated_alert or c.realised_alert else None
                for c in chunks
            ],
        )
        axes = self.plot.axes()
        x = [c.index + 1 for c in chunks]
        axes.axhspan(
            result.low,
            result.high,
            color=level_colour("ok"),
            alpha=0.15,
            label=plain(self.tr("reference ±3σ")),
        )
        axes.plot(
            x,
            [c.estimated for c in chunks],
            linestyle="--",
            marker=".",
            label=plain(self.tr("estimated (CBPE)")),
        )
        if any(c.realised is not None for c in chunks):
            axes.plot(
                x,
                [c.realised for c in chunks],
                marker="o",
                markersize=3,
                label=plain(self.tr("realised")),
            )
        for name, hits in found.detections.items():
            for hit in hits[:3]:
                axes.axvline(hit + 1, color=SERIES[3], linestyle=":", linewidth=1)
                axes.text(hit + 1.1, result.low, name, rotation=90, fontsize=7, color=SERIES[3])
        axes.set_xlabel(self.tr("chunk"), fontsize=8)
        axes.set_ylabel(result.metric, fontsize=8)
        axes.legend(fontsize=7, loc="lower left")
        self.plot.draw()
