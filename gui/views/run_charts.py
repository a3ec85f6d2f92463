"""Charts across the selected runs: a metric by run (one point per run in the order they
ran: the cross-validated mean with ± one standard deviation, and the test value), and
parallel coordinates (one axis per hyperparameter that differs between the runs, then the
metric; one line per run, coloured by the metric). Drawn from the runs already read — no
workspace access — and only while the tab shows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.training.spec import LOWER_IS_BETTER
from gui.i18n import plain
from gui.models.runs_model import differing_params, number
from gui.palette import SERIES, colour

MAX_AXES = 8  # hyperparameter axes of the parallel coordinates
LABEL = 12  # characters of a value written beside an axis


def metric_value(run: Any, metric: str) -> float | None:
    """What a run scored on `metric` for the charts: its cross-validated mean, else its
    headline (test or logged) value."""
    found = (run.metrics.get("cv_mean") or {}).get(metric)
    return found if found is not None else run.headline().get(metric)


class RunCharts(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runs: list[Any] = []
        self.dirty = False
        self.metric_choice = QComboBox()
        self.metric_choice.setMinimumContentsLength(12)
        self.metric_choice.currentIndexChanged.connect(lambda _i: self.draw())
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {colour('muted')};")
        top = QHBoxLayout()
        label = QLabel(self.tr("&Metric:"))
        label.setBuddy(self.metric_choice)
        top.addWidget(label)
        top.addWidget(self.metric_choice)
        top.addWidget(self.hint, 1)
        self.metric_plot: Any = None
        self.parallel_plot: Any = None
        self.cv_bars: Any = None  # the errorbar container of the CV means
        self.test_points: Any = None  # the Line2D of the test values
        self.parallel_lines: list[Any] = []  # one Line2D per run
        self.axes_names: list[str] = []  # the parallel coordinates' axes
        self.split = QSplitter(Qt.Orientation.Vertical)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.split, 1)

    # -- input -----------------------------------------------------------------------------
    def show_runs(self, runs: list[Any]) -> None:
        """The selected runs, charted in the order they ran."""
        self.runs = sorted(runs, key=lambda r: (r.started or "", r.experiment, r.number))
        names: list[str] = []
        for run in self.runs:
            if run.primary and run.primary not in names:
                names.append(run.primary)
        for run in self.runs:
            for name in sorted(set(run.metrics.get("cv_mean") or {}) | set(run.headline())):
                if name not in names:
                    names.append(name)
        keep = self.metric_choice.currentData()
        self.metric_choice.blockSignals(True)
        self.metric_choice.clear()
        for name in names:
            self.metric_choice.addItem(name, name)
        if keep in names:
            self.metric_choice.setCurrentIndex(names.index(keep))
        self.metric_choice.blockSignals(False)
        self.dirty = True
        if self.isVisible():
            self.draw()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.dirty:
            self.draw()

    # -- drawing ---------------------------------------------------------------------------
    def _canvases(self) -> tuple[Any, Any]:
        if self.metric_plot is None:
            from gui.widgets.plot import PlotCanvas

            self.metric_plot, self.parallel_plot = PlotCanvas(), PlotCanvas()
            self.split.addWidget(self.metric_plot)
            self.split.addWidget(self.parallel_plot)
            self.metric_plot.show()
            self.parallel_plot.show()
        return self.metric_plot, self.parallel_plot

    def draw(self) -> None:
        self.dirty = False
        metric = self.metric_choice.currentData()
        if len(self.runs) < 2:
            self.hint.setText(
                self.tr(
                    "Select two or more runs in the table (Ctrl+click or "
                    "Shift+click) to chart them side by side."
                )
            )
        else:
            self.hint.setText(
                self.tr("%1 runs, in the order they ran.").replace("%1", str(len(self.runs)))
            )
        by_run, parallel = self._canvases()
        self.draw_by_run(by_run, metric)
        self.draw_parallel(parallel, metric)

    def _note(self, canvas: Any, text: str) -> None:
        axes = canvas.axes()
        axes.text(
            0.5,
            0.5,
            plain(text),
            ha="center",
            va="center",
            wrap=True,
            color=self.palette().color(QPalette.ColorRole.WindowText).name(),
        )
        axes.set_axis_off()
        canvas.draw()

    def draw_by_run(self, canvas: Any, metric: str | None) -> None:
        self.cv_bars = self.test_points = None
        if not self.runs or not metric:
            self._note(canvas, self.tr("No runs with metrics selected."))
            return
        axes = canvas.axes()
        cv = [
            (x, r.metrics["cv_mean"][metric], (r.metrics.get("cv_std") or {}).get(metric) or 0.0)
            for x, r in enumerate(self.runs)
            if (r.metrics.get("cv_mean") or {}).get(metric) is not None
        ]
        test = [
            (x, r.metrics["test"][metric])
            for x, r in enumerate(self.runs)
            if (r.metrics.get("test") or {}).get(metric) is not None
        ]
        logged = [
            (x, r.metrics["values"][metric])
            for x, r in enumerate(self.runs)
            if (r.metrics.get("values") or {}).get(metric) is not None
        ]
        if cv:
            self.cv_bars = axes.errorbar(
                [c[0] for c in cv],
                [c[1] for c in cv],
                yerr=[c[2] for c in cv],
                fmt="o",
                color=SERIES[0],
                capsize=4,
                markersize=7,
                label=plain(self.tr("cross-validated mean ± std")),
            )
        if test:
            (self.test_points,) = axes.plot(
                [t[0] for t in test],
                [t[1] for t in test],
                linestyle="none",
                marker="D",
                markerfacecolor="none",
                markeredgewidth=1.5,
                color=SERIES[1],
                label=plain(self.tr("test set")),
            )
        if logged:
            axes.plot(
                [v[0] for v in logged],
                [v[1] for v in logged],
                linestyle="none",
                marker="s",
                color=SERIES[2],
                label=plain(self.tr("logged")),
            )
        axes.set_xticks(
            range(len(self.runs)),
            [r.ref for r in self.runs],
            rotation=30 if len(self.runs) > 4 else 0,
            ha="right" if len(self.runs) > 4 else "center",
        )
        axes.set_xlim(-0.5, len(self.runs) - 0.5)
        lower = metric in LOWER_IS_BETTER
        axes.set_ylabel(
            plain(
                (
                    self.tr("%1 (lower is better)") if lower else self.tr("%1 (higher is better)")
                ).replace("%1", metric)
            )
        )
        axes.set_title(plain(self.tr("%1 by run").replace("%1", metric)))
        axes.grid(axis="y", alpha=0.3)
        if cv or test or logged:  # under the chart, never over a point
            legend = canvas.figure.legend(
                loc="outside lower center", ncol=3, fontsize=8, frameon=False
            )
            for entry in legend.get_texts():
                entry.set_color(self.palette().color(QPalette.ColorRole.WindowText).name())
        canvas.draw()

    def varying(self) -> list[str]:
        """The axes before the metric: the model when it differs, then the hyperparameters
        two or more runs have and that differ among them, the most held first."""
        key, _other = differing_params(self.runs)
        models = ["model"] if len({r.model for r in self.runs}) > 1 else []
        return (models + key)[:MAX_AXES]

    def draw_parallel(self, canvas: Any, metric: str | None) -> None:
        self.parallel_lines, self.axes_names = [], []
        if len(self.runs) < 2 or not metric:
            self._note(canvas, self.tr("Parallel coordinates: select two or more runs."))
            return
        names = self.varying()
        if not names:
            self._note(canvas, self.tr("The selected runs have the same hyperparameters."))
            return
        from matplotlib.cm import ScalarMappable
        from matplotlib.colors import LinearSegmentedColormap, Normalize

        text = self.palette().color(QPalette.ColorRole.WindowText).name()
        base = self.palette().color(QPalette.ColorRole.Base).name()
        axes = canvas.axes()
        columns: list[tuple[list[float], list[tuple[float, str]]]] = []
        for name in names:
            raw = [r.model if name == "model" else r.params.get(name) for r in self.runs]
            columns.append(_scale(raw))
        scores = [metric_value(r, metric) for r in self.runs]
        present = [s for s in scores if s is not None]
        low, high = (min(present), max(present)) if present else (0.0, 1.0)
        columns.append(_scale(scores))
        # the best runs always orange: the colour map turns round for lower-is-better
        order = [SERIES[0], SERIES[2], SERIES[1]]
        if metric in LOWER_IS_BETTER:
            order.reverse()
        cmap = LinearSegmentedColormap.from_list("airlock_runs", order)
        norm = Normalize(low, high if high > low else low + 1e-9)
        xs = list(range(len(columns)))
        for row, run in enumerate(self.runs):
            ys = [c[0][row] for c in columns]
            score = scores[row]
            shade = cmap(norm(score)) if score is not None else colour("muted")
            (line,) = axes.plot(
                xs, ys, color=shade, linewidth=2, marker="o", markersize=4, alpha=0.9, gid=run.ref
            )
            self.parallel_lines.append(line)
        for x, (_ys, ticks) in enumerate(columns):
            axes.axvline(x, color=colour("muted"), linewidth=1)
            for y, label in ticks:
                short = label if len(label) <= LABEL else label[: LABEL - 1] + "…"
                axes.text(
                    x,
                    y,
                    f" {short} ",
                    fontsize=7,
                    color=text,
                    va="center",
                    zorder=4,
                    ha="left" if x < len(columns) - 1 else "right",
                    bbox={
                        "boxstyle": "round,pad=0.1",
                        "facecolor": base,
                        "edgecolor": "none",
                        "alpha": 0.8,
                    },
                )
        self.axes_names = [*names, metric]
        turn = len(xs) > 3
        axes.set_xticks(
            xs,
            self.axes_names,
            rotation=20 if turn else 0,
            ha="right" if turn else "center",
            rotation_mode="anchor",
        )
        axes.set_yticks([])
        axes.set_ylim(MISSING - 0.08, 1.08)
        axes.set_xlim(-0.1, len(xs) - 0.9)
        for side in ("left", "right", "top"):
            axes.spines[side].set_visible(False)
        axes.set_title(
            plain(self.tr("Hyperparameters and %1 of the selected runs").replace("%1", metric)),
            loc="left",
        )
        bar = canvas.figure.colorbar(
            ScalarMappable(norm=norm, cmap=cmap), ax=axes, fraction=0.04, pad=0.02
        )
        bar.set_label(metric, color=text)
        canvas.draw()


MISSING = -0.16  # where a run without the hyperparameter (another model) crosses an axis


def _scale(values: list[Any]) -> tuple[list[float], list[tuple[float, str]]]:
    """Positions for an axis and its tick labels: numbers from their minimum (0) to their
    maximum (1), anything else (text) as evenly spaced categories; a missing value (a
    hyperparameter another model does not have) under the axis, as "—"."""
    present = [v for v in values if v is not None]
    ticks: list[tuple[float, str]] = [(MISSING, "—")] if len(present) < len(values) else []
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        low, high = min(present), max(present)
        ticks += [(0.5, number(low))] if high == low else [(0.0, number(low)), (1.0, number(high))]

        def place(v: Any) -> float:
            if v is None:
                return MISSING
            return 0.5 if high == low else (v - low) / (high - low)

        return [place(v) for v in values], ticks
    labels = sorted({number(v) for v in present})
    where = {t: (i / (len(labels) - 1) if len(labels) > 1 else 0.5) for i, t in enumerate(labels)}
    ticks += [(where[t], t) for t in labels]
    return [MISSING if v is None else where[number(v)] for v in values], ticks
