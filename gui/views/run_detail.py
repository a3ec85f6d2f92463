"""One run in detail: summary (metrics per fold, test, notes, environment), its spec as a
table, curves, importance and partial dependence, learning curve, search candidates."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.context import AppContext
from gui.models.runs_model import number
from gui.palette import SERIES, colour
from gui.views.run_importance import ImportancePane
from gui.views.run_spec import SpecTable

__all__ = ["RunDetail", "number"]


class RunDetail(QTabWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.run: Any = None
        self.artifacts: dict[str, Any] = {}
        self.heading = QLabel(self.tr("Select a run."))
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.metrics = QTableWidget(0, 4)
        self.metrics.setHorizontalHeaderLabels(
            [self.tr("Metric"), self.tr("CV mean"), self.tr("CV std"), self.tr("Test")]
        )
        self.metrics.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.metrics.horizontalHeader().setStretchLastSection(True)
        # headers and values whole in both languages (Arabic headers are the longer)
        self.metrics.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.metrics.verticalHeader().setVisible(False)
        self.folds = QTableWidget(0, 0)
        self.folds.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        summary = QWidget()
        layout = QVBoxLayout(summary)
        layout.addWidget(self.heading)
        layout.addWidget(self.metrics, 2)
        layout.addWidget(QLabel(self.tr("Per fold:")))
        layout.addWidget(self.folds, 1)
        layout.addWidget(self.details, 1)
        self.addTab(summary, self.tr("Summary"))
        self.spec = SpecTable()
        self.addTab(self.spec, self.tr("Spec"))
        self.curve_choice = QComboBox()
        self.curve_choice.currentIndexChanged.connect(self._draw_curve)
        self.curve_plot: Any = None
        self.curves = QWidget()
        curves_layout = QVBoxLayout(self.curves)
        curves_layout.addWidget(self.curve_choice)
        self.addTab(self.curves, self.tr("Curves"))
        self.importance_plot: Any = None
        self.importance = ImportancePane()
        self.addTab(self.importance, self.tr("Importance"))
        self.learning_plot: Any = None
        self.learning = QWidget()
        QVBoxLayout(self.learning)
        self.addTab(self.learning, self.tr("Learning curve"))
        self.search = QTableWidget(0, 2)
        self.search.setHorizontalHeaderLabels([self.tr("Mean score"), self.tr("Parameters")])
        self.search.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.search.horizontalHeader().setStretchLastSection(True)
        self.addTab(self.search, self.tr("Search"))
        self.currentChanged.connect(lambda _i: self._draw_visible())

    def clear_run(self) -> None:
        """Nothing selected: no run's numbers left showing."""
        self.run, self.artifacts = None, {}
        self.heading.setText(self.tr("Select a run."))
        for table in (self.metrics, self.folds, self.search):
            table.setRowCount(0)
        self.details.clear()
        self.spec.show_spec({})

    def show_run(self, run: Any) -> None:
        self.run = run
        self.artifacts = {}
        metrics = run.metrics
        status = {
            "finished": self.tr("finished"),
            "cancelled": self.tr("cancelled"),
            "failed": self.tr("failed"),
        }.get(run.status, run.status)
        self.heading.setText(
            self.tr("<b>%1</b> · %2 · %3 on %4 → %5 (%6) · %7 s")
            .replace("%1", run.ref)
            .replace("%2", status)
            .replace("%3", run.model)
            .replace("%4", run.dataset or "—")
            .replace("%5", run.target or "—")
            .replace("%6", run.task or "—")
            .replace("%7", f"{run.seconds:.1f}")
        )
        names = sorted(
            set(metrics.get("cv_mean") or {})
            | set(metrics.get("test") or {})
            | set(metrics.get("values") or {})
        )
        self.metrics.setRowCount(len(names))
        # a run from code may have both: test metrics and the values its code logged
        logged = metrics.get("values") or {}
        both = bool(metrics.get("test")) and bool(logged)
        self.metrics.setColumnCount(5 if both else 4)
        if both:
            self.metrics.setHorizontalHeaderItem(4, QTableWidgetItem(self.tr("Logged")))
        for row, name in enumerate(names):
            cells = [
                name,
                number((metrics.get("cv_mean") or {}).get(name)),
                number((metrics.get("cv_std") or {}).get(name)),
                number((metrics.get("test") or logged).get(name)),
            ]
            if both:
                cells.append(number(logged.get(name)))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if name == run.primary:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.metrics.setItem(row, column, item)
        folds = metrics.get("cv") or []
        per_fold = [n for n in names if any(n in fold for fold in folds)]  # what was scored
        self.folds.setColumnCount(len(folds))
        self.folds.setRowCount(len(per_fold))
        self.folds.setHorizontalHeaderLabels([str(i) for i in range(1, len(folds) + 1)])
        self.folds.setVerticalHeaderLabels(per_fold)
        for column, fold in enumerate(folds):
            for row, name in enumerate(per_fold):
                self.folds.setItem(row, column, QTableWidgetItem(number(fold.get(name))))
        lines = [
            self.tr("Parameters: %1").replace(
                "%1", ", ".join(f"{k}={number(v)}" for k, v in sorted(run.params.items())) or "—"
            )
        ]
        if metrics.get("scheme"):
            lines.append(
                self.tr("Validation: %1, %2 folds; %3 training rows, %4 test rows; on %5")
                .replace("%1", metrics["scheme"])
                .replace("%2", str(metrics.get("folds", 0)))
                .replace("%3", f"{metrics.get('train_rows', 0):,}")
                .replace("%4", f"{metrics.get('test_rows', 0):,}")
                .replace("%5", str(metrics.get("backend", "")))
            )
        lines += [self.tr("Note: %1").replace("%1", n) for n in run.notes]
        if run.error:
            lines.append(self.tr("Error: %1").replace("%1", run.error))
        lines.append(
            self.tr("Dataset hash %1 · recipe hash %2 · environment %3")
            .replace("%1", run.dataset_hash[:16] or "—")
            .replace("%2", run.recipe_hash[:16] or "—")
            .replace("%3", run.environment_hash[:16])
        )
        if run.rerun_of:
            lines.append(self.tr("A re-run of %1").replace("%1", run.rerun_of))
        self.details.setPlainText("\n".join(lines))
        self.spec.show_spec(run.spec)
        self.curve_choice.blockSignals(True)
        self.curve_choice.clear()
        self.curve_choice.blockSignals(False)
        self.search.setRowCount(0)
        if run.artifacts_object_id:
            ws, actor = self._ctx.workspace, self._ctx.actor
            self._ctx.runner.run(
                self.tr("Reading the run's curves"),
                lambda _p, _c: ws.training.artifacts(actor, run),
                on_success=self._artifacts,
                cancellable=False,
                listed=False,
            )
        else:
            self._draw_visible()

    def _artifacts(self, artifacts: dict[str, Any]) -> None:
        self.artifacts = artifacts
        curves = artifacts.get("curves", {})
        labels = {
            "roc": self.tr("ROC"),
            "pr": self.tr("Precision–recall"),
            "calibration": self.tr("Calibration"),
            "confusion": self.tr("Confusion matrix"),
            "residuals": self.tr("Residuals"),
        }
        self.curve_choice.blockSignals(True)
        for key in ("roc", "pr", "calibration", "confusion", "residuals"):
            if key in curves:
                self.curve_choice.addItem(labels[key], key)
        self.curve_choice.blockSignals(False)
        found = artifacts.get("search", {})
        candidates = found.get("candidates", [])
        self.search.setRowCount(len(candidates))
        for row, candidate in enumerate(candidates):
            self.search.setItem(row, 0, QTableWidgetItem(number(candidate["mean"])))
            self.search.setItem(
                row,
                1,
                QTableWidgetItem(
                    ", ".join(f"{k}={number(v)}" for k, v in sorted(candidate["params"].items()))
                ),
            )
        self._draw_visible()

    # -- plots (drawn when their tab is shown) ---------------------------------------------
    def _canvas(self, holder: QWidget, attribute: str) -> Any:
        if getattr(self, attribute) is None:
            from gui.widgets.plot import PlotCanvas

            setattr(self, attribute, PlotCanvas())
            layout = holder.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.addWidget(getattr(self, attribute), 1)
        return getattr(self, attribute)

    def _draw_visible(self) -> None:
        current = self.currentWidget()
        if current is self.curves:
            self._draw_curve()
        elif current is self.importance:
            self._draw_importance()
        elif current is self.learning:
            self._draw_learning()

    def _draw_curve(self) -> None:
        if self.currentWidget() is not self.curves:
            return
        canvas = self._canvas(self.curves, "curve_plot")
        axes = canvas.axes()
        key = self.curve_choice.currentData()
        curve = self.artifacts.get("curves", {}).get(key) if key else None
        if curve is None:
            axes.text(0.5, 0.5, self.tr("No curves for this run."), ha="center")
            axes.set_axis_off()
        elif key == "roc":
            axes.plot(curve["fpr"], curve["tpr"], color=SERIES[0])
            axes.plot([0, 1], [0, 1], color=colour("muted"), linestyle="--")
            axes.set_xlabel(self.tr("False positive rate"))
            axes.set_ylabel(self.tr("True positive rate"))
        elif key == "pr":
            axes.plot(curve["recall"], curve["precision"], color=SERIES[0])
            axes.set_xlabel(self.tr("Recall"))
            axes.set_ylabel(self.tr("Precision"))
        elif key == "calibration":
            axes.plot(curve["predicted"], curve["observed"], marker="o", color=SERIES[0])
            axes.plot([0, 1], [0, 1], color=colour("muted"), linestyle="--")
            axes.set_xlabel(self.tr("Predicted probability"))
            axes.set_ylabel(self.tr("Observed share"))
        elif key == "confusion":
            matrix = curve["matrix"]
            axes.imshow(matrix, cmap="Blues")
            for i, row in enumerate(matrix):
                for j, value in enumerate(row):
                    axes.text(j, i, f"{value:,}", ha="center", va="center")
            axes.set_xticks(range(len(curve["labels"])), curve["labels"])
            axes.set_yticks(range(len(curve["labels"])), curve["labels"])
            axes.set_xlabel(self.tr("Predicted"))
            axes.set_ylabel(self.tr("Actual"))
        elif key == "residuals":
            axes.scatter(curve["predicted"], curve["residual"], s=6, alpha=0.5, color=SERIES[0])
            axes.axhline(0, color=colour("muted"), linestyle="--")
            axes.set_xlabel(self.tr("Predicted"))
            axes.set_ylabel(self.tr("Residual"))
        canvas.draw()

    def _draw_importance(self) -> None:
        self.importance.show_artifacts(self.artifacts)
        self.importance_plot = self.importance.importance_plot

    def _draw_learning(self) -> None:
        canvas = self._canvas(self.learning, "learning_plot")
        axes = canvas.axes()
        found = self.artifacts.get("learning_curve")
        if not found:
            axes.text(0.5, 0.5, self.tr("No learning curve for this run."), ha="center")
            axes.set_axis_off()
        else:
            axes.plot(
                found["sizes"],
                found["train"],
                marker="o",
                color=SERIES[0],
                label=self.tr("training"),
            )
            axes.plot(
                found["sizes"],
                found["validation"],
                marker="o",
                color=SERIES[1],
                label=self.tr("validation"),
            )
            axes.set_xlabel(self.tr("Training rows"))
            axes.set_ylabel(found["scoring"])
            axes.legend()
        canvas.draw()
