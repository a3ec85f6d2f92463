"""Panels of the Monitoring view: a monitor's trend over its batches (drift share per batch
with the warning and alert levels, dated annotations, the reference each batch was compared
with, anomalies), the annotation dialog, and model performance over chunks (estimated without
labels next to realised, inside the reference band). Computing happens in the engine."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
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

from engine.monitoring.monitor_entities import Annotation, Monitor, MonitorPoint
from gui.context import AppContext
from gui.dialogs.form import FormDialog
from gui.i18n import plain
from gui.jobs import Job
from gui.palette import SERIES, level_colour
from gui.widgets.plot import PlotCanvas
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
        self.monitor: Monitor | None = None
        self.project: str | None = None
        self.runs: list[MonitorPoint] = []
        self.notes: list[Annotation] = []
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
        self, monitor: Monitor | None, project: str | None, can_edit: bool
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
        ws, actor, name = self._ctx.workspace, self._ctx.actor, monitor.name

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

    def _show(self, found: tuple[Monitor, list[MonitorPoint], list[Annotation]]) -> None:
        monitor, runs, notes = found
        if monitor is not self.monitor:  # another monitor was selected meanwhile
            return
        self.runs, self.notes = runs, notes
        levels = monitor.levels
        self.title.setText(
            self.tr("%1: %2 runs; warning at %3, alert at %4 of the columns")
            .replace("%1", monitor.name)
            .replace("%2", str(len(self.runs)))
            .replace("%3", f"{float(levels['warning']):.0%}")
            .replace("%4", f"{float(levels['alert']):.0%}")
        )

        def performance(run: MonitorPoint) -> str:
            found = run.performance
            if not found:
                return "—"
            return f"{found['model']} {found['metric']}: {found['level']}" + (
                f" ({found['alerts'][0]})" if found["alerts"] else ""
            )

        _fill(
            self.table,
            [
                [
                    r.period[0],
                    r.current,
                    word(r.level),
                    f"{r.drift_share:.0%}",
                    performance(r),
                    r.reference + (f" ({r.baseline})" if r.baseline else ""),
                    "; ".join(r.anomalies),
                ]
                for r in reversed(self.runs)
            ],
            [level_colour(r.level) for r in reversed(self.runs)],
        )
        self.draw_trend(levels)

    def draw_trend(self, levels: Mapping[str, Any]) -> None:
        """Drift share per batch against the warning and alert lines. Batches dated by a
        time column stand at their dates on a date axis; others at their versions (@3)."""
        from matplotlib import dates as mdates

        runs, axes = self.runs, self.plot.axes()
        dated = bool(runs) and all("@" not in r.label for r in runs)
        x: list[Any] = [_day(r.period[0]) for r in runs] if dated else list(range(len(runs)))
        shares = [r.drift_share for r in runs]
        axes.plot(
            x, shares, linewidth=1, color=self.palette().windowText().color().name()
        )  # readable in dark mode
        # each point in the colour of its own share's level; the model's performance, which
        # this share does not show, marks its level apart (a red point below the alert line
        # read as a wrong colour)
        axes.scatter(x, shares, c=[level_colour(r.drift_level) for r in runs], zorder=3)
        flagged = [
            (x[i], r.performance["level"])
            for i, r in enumerate(runs)
            if r.performance and r.performance["level"] != "ok"
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
            labels = [r.label for r in runs]
            axes.set_xticks(x, [_short(label) for label in labels], rotation=45, fontsize=7)
            versions = sorted({label.split("@")[0] for label in labels if "@" in label})
            if versions:
                axes.set_xlabel(
                    plain(self.tr("versions of %1").replace("%1", ", ".join(versions))), fontsize=8
                )
        starts = [r.period[0] for r in runs]
        purple = SERIES[3]
        for note in self.notes:
            if dated:  # at its date, kept inside the chart (its text says the date)
                at = min(max(_day(note.date), low), high)
            else:  # before the first batch that starts on or after its date
                at = next((i for i, s in enumerate(starts) if s >= note.date), len(runs)) - 0.5
            axes.axvline(
                at, color=purple, linewidth=1.2, linestyle="-" if note.new_baseline else ":"
            )
            axes.annotate(
                f"{note.date} {note.text}"[:64],
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
        dialog = AnnotateDialog(self._ctx, self.project or "", self.monitor.name, self)
        if dialog.exec():
            self.show_monitor(self.monitor, self.project, True)


def _day(text: str) -> datetime:
    """A batch's or a note's date (YYYY-MM-DD…) for a date axis."""
    return datetime.fromisoformat(text[:10])


def _short(label: str) -> str:
    """A tick label: a month as it is, a version as its number (@3; the axis names the
    dataset)."""
    return "@" + label.split("@", 1)[1] if "@" in label else label
