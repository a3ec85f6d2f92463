"""Panels of the Monitoring view: a monitor's trend over its batches (drift share per batch
with the warning and alert levels, dated annotations, the reference each batch was compared
with, anomalies), the annotation dialog, and model performance over chunks (estimated without
labels next to realised, inside the reference band). Computing happens in the engine."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.context import AppContext
from gui.dialogs.form import FormDialog
from gui.errors import show_engine_error
from gui.i18n import plain
from gui.jobs import Job
from gui.palette import SERIES, level_colour
from gui.widgets.plot import PlotCanvas
from gui.widgets.projects import refill
from gui.widgets.tables import read_only_table


def word(value: str) -> str:
    """A level or an alert's status as the user's language says it (the engine's values
    are English keys)."""
    words = {
        "ok": QCoreApplication.translate("Monitoring", "ok"),
        "warning": QCoreApplication.translate("Monitoring", "warning"),
        "alert": QCoreApplication.translate("Monitoring", "alert"),
        "open": QCoreApplication.translate("Monitoring", "open"),
        "acknowledged": QCoreApplication.translate("Monitoring", "acknowledged"),
    }
    return words.get(value, value)


def _fill(table: QTableWidget, rows: list[list[str]], colours: list[str | None]) -> None:
    table.setRowCount(0)
    for index, (cells, colour) in enumerate(zip(rows, colours, strict=True)):
        table.insertRow(index)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if colour:
                item.setForeground(QColor(colour))
            table.setItem(index, column, item)
    table.resizeColumnsToContents()


class AnnotateDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, project: str, monitor: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ctx.runner, self.tr("Annotate %1").replace("%1", monitor), self.tr("&Annotate"), parent
        )
        self._ctx, self._project, self._monitor = ctx, project, monitor
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("e.g. affordability rule tightened"))
        self.baseline = QCheckBox(
            self.tr("Start a &new baseline: the first batch from this date becomes the reference")
        )
        self.form.addRow(self.tr("&Date:"), self.date)
        self.form.addRow(self.tr("&What happened:"), self.text)
        self.form.addRow("", self.baseline)
        self.finish()

    def submit(self) -> None:
        ws, actor = self._ctx.workspace, self._ctx.actor
        day, text = self.date.date().toString("yyyy-MM-dd"), self.text.text()
        baseline, project, monitor = self.baseline.isChecked(), self._project, self._monitor
        self.run(
            self.tr("Annotating"),
            lambda: ws.monitors.annotate(
                actor, monitor, day, text, new_baseline=baseline, project=project
            ),
            lambda _note: self.accept(),
        )


class TrendPanel(QWidget):
    """The selected monitor's runs, batch by batch, with its annotations."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.monitor: dict[str, Any] | None = None
        self.project: str | None = None
        self.runs: list[dict[str, Any]] = []
        self.notes: list[dict[str, Any]] = []
        self.title = QLabel(self.tr("Select a monitor to see its trend."))
        self.title.setWordWrap(True)
        self.annotate_button = QPushButton(self.tr("A&nnotate…"))
        self.annotate_button.clicked.connect(lambda: self.annotate())
        self.annotate_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.annotate_button)
        self.plot = PlotCanvas()
        self.table = read_only_table(
            [
                self.tr("Period"),
                self.tr("Batch"),
                self.tr("Level"),
                self.tr("Drifted"),
                self.tr("Model performance"),
                self.tr("Compared with"),
                self.tr("Anomalies"),
            ]
        )
        split = QSplitter()
        split.addWidget(self.plot)
        split.addWidget(self.table)
        split.setSizes([520, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def show_monitor(
        self, monitor: dict[str, Any] | None, project: str | None, can_edit: bool
    ) -> Job | None:
        self.monitor, self.project = monitor, project
        self.annotate_button.setEnabled(monitor is not None and can_edit)
        if monitor is None:
            self.runs, self.notes = [], []
            self.title.setText(self.tr("Select a monitor to see its trend."))
            self.table.setRowCount(0)
            self.plot.axes()
            self.plot.draw()
            return None
        ws, actor, name = self._ctx.workspace, self._ctx.actor, monitor["name"]

        def work(_p: Any, _c: Any) -> tuple[Any, Any, Any]:
            return (
                monitor,
                ws.monitors.history(actor, name, project=project),
                ws.monitors.annotations(actor, name, project=project),
            )

        return self._ctx.runner.run(
            self.tr("Reading the trend of %1").replace("%1", name),
            work,
            on_success=self._show,
            cancellable=False,
            listed=False,
        )

    def _show(
        self, found: tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]
    ) -> None:
        monitor, runs, notes = found
        if monitor is not self.monitor:  # another monitor was selected meanwhile
            return
        self.runs, self.notes = runs, notes
        levels = monitor["levels"]
        self.title.setText(
            self.tr("%1: %2 runs; warning at %3, alert at %4 of the columns")
            .replace("%1", monitor["name"])
            .replace("%2", str(len(self.runs)))
            .replace("%3", f"{float(levels['warning']):.0%}")
            .replace("%4", f"{float(levels['alert']):.0%}")
        )

        def performance(run: dict[str, Any]) -> str:
            found = run.get("performance")
            if not found:
                return "—"
            return f"{found['model']} {found['metric']}: {found['level']}" + (
                f" ({found['alerts'][0]})" if found["alerts"] else ""
            )

        _fill(
            self.table,
            [
                [
                    r["period"][0],
                    r["current"],
                    word(r["level"]),
                    f"{r['drift_share']:.0%}",
                    performance(r),
                    r["reference"] + (f" ({r['baseline']})" if r["baseline"] else ""),
                    "; ".join(r["anomalies"]),
                ]
                for r in reversed(self.runs)
            ],
            [level_colour(r["level"]) for r in reversed(self.runs)],
        )
        self.draw_trend(levels)

    def draw_trend(self, levels: dict[str, Any]) -> None:
        """Drift share per batch against the warning and alert lines. Batches dated by a
        time column stand at their dates on a date axis; others at their versions (@3)."""
        from matplotlib import dates as mdates

        runs, axes = self.runs, self.plot.axes()
        dated = bool(runs) and all("@" not in r["label"] for r in runs)
        x: list[Any] = [_day(r["period"][0]) for r in runs] if dated else list(range(len(runs)))
        shares = [r["drift_share"] for r in runs]
        axes.plot(
            x, shares, linewidth=1, color=self.palette().windowText().color().name()
        )  # readable in dark mode
        # each point in the colour of its own share's level; the model's performance, which
        # this share does not show, marks its level apart (a red point below the alert line
        # read as a wrong colour)
        axes.scatter(
            x, shares, c=[level_colour(r.get("drift_level", r["level"])) for r in runs], zorder=3
        )
        flagged = [
            (x[i], r["performance"]["level"])
            for i, r in enumerate(runs)
            if r.get("performance") and r["performance"]["level"] != "ok"
        ]
        if flagged:
            axes.scatter(
                [at for at, _ in flagged],
                [0.9] * len(flagged),
                marker="v",
                c=[level_colour(level) for _, level in flagged],
                zorder=3,
                label=plain(self.tr("model performance")),
            )
        axes.axhline(
            float(levels["warning"]),
            color=level_colour("warning"),
            linestyle="--",
            linewidth=1,
            label=plain(self.tr("warning")),
        )
        axes.axhline(
            float(levels["alert"]),
            color=level_colour("alert"),
            linestyle="--",
            linewidth=1,
            label=plain(self.tr("alert")),
        )
        if dated:
            margin = max((x[-1] - x[0]) / 20, timedelta(days=3)) if x else timedelta(days=3)
            low, high = x[0] - margin, x[-1] + margin
            axes.set_xlim(low, high)
            locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
            axes.xaxis.set_major_locator(locator)
            # months as numbers right to left: matplotlib knows only English month names
            numbers = (
                {
                    "formats": ["%Y", "%m", "%d", "%H:%M", "%H:%M", "%S"],
                    "offset_formats": ["", "%Y", "%Y-%m", "%Y-%m-%d", "%Y-%m-%d", "%Y-%m-%d %H:%M"],
                }
                if self.isRightToLeft()
                else {}
            )
            axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, **numbers))
            axes.set_xlabel(plain(self.tr("date of the batch")), fontsize=8)
        else:
            low, high = -0.6, max(len(runs) - 0.4, 0.6)  # room for a note before the first
            axes.set_xlim(low, high)
            labels = [r["label"] for r in runs]
            axes.set_xticks(x, [_short(label) for label in labels], rotation=45, fontsize=7)
            versions = sorted({label.split("@")[0] for label in labels if "@" in label})
            if versions:
                axes.set_xlabel(
                    plain(self.tr("versions of %1").replace("%1", ", ".join(versions))), fontsize=8
                )
        starts = [r["period"][0] for r in runs]
        purple = SERIES[3]
        for note in self.notes:
            if dated:  # at its date, kept inside the chart (its text says the date)
                at = min(max(_day(note["date"]), low), high)
            else:  # before the first batch that starts on or after its date
                at = next((i for i, s in enumerate(starts) if s >= note["date"]), len(runs)) - 0.5
            axes.axvline(
                at, color=purple, linewidth=1.2, linestyle="-" if note["new_baseline"] else ":"
            )
            axes.annotate(
                f"{note['date']} {note['text']}"[:64],
                (mdates.date2num(at) if dated else at, 0.97),
                xycoords=axes.get_xaxis_transform(),
                xytext=(3, 0),
                textcoords="offset points",
                rotation=90,
                va="top",
                ha="left",
                fontsize=7,
                color=purple,
                annotation_clip=True,
                clip_on=True,
            )
        axes.set_ylim(0, 1)
        axes.tick_params(labelsize=7)
        axes.set_ylabel(plain(self.tr("share of drifted columns")), fontsize=8)
        axes.legend(fontsize=7, loc="lower right")
        self.plot.draw()

    def annotate(self) -> None:
        if self.monitor is None:
            return
        dialog = AnnotateDialog(self._ctx, self.project or "", self.monitor["name"], self)
        if dialog.exec():
            self.show_monitor(self.monitor, self.project, True)


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


def _day(text: str) -> datetime:
    """A batch's or a note's date (YYYY-MM-DD…) for a date axis."""
    return datetime.fromisoformat(text[:10])


def _short(label: str) -> str:
    """A tick label: a month as it is, a version as its number (@3; the axis names the
    dataset)."""
    return "@" + label.split("@", 1)[1] if "@" in label else label
