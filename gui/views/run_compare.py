"""Runs side by side. Columns: one per run, headed by its ref, model and dataset. Rows, in
three sections: every metric's cross-validated mean ± std, every test metric (the best
value of each metric row in bold), the hyperparameters (those that differ shaded). Below, the
runs' ROC or residual curves overlaid."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.training.spec import LOWER_IS_BETTER
from gui.models.runs_model import number
from gui.palette import SERIES, colour


def mean_std(mean: Any, std: Any) -> str:
    """A cross-validated metric as a cell shows it: "0.8123 ± 0.0150"."""
    if mean is None:
        return "—"
    return f"{number(mean)} ± {number(std if std is not None else 0.0)}"


def best_index(values: list[Any], metric: str) -> int | None:
    present = [(i, v) for i, v in enumerate(values) if isinstance(v, int | float)]
    if not present:
        return None
    pick = min if metric in LOWER_IS_BETTER else max
    return pick(present, key=lambda iv: iv[1])[0]


class CompareDialog(QDialog):
    def __init__(
        self, comparison: Any, curves: list[dict[str, Any]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare runs"))
        self.comparison = comparison
        runs = comparison.runs
        cv_names = sorted({m for r in runs for m in (r.metrics.get("cv_mean") or {})})
        test_names = list(comparison.metrics)
        self.sections: dict[str, int] = {}  # section title -> its heading row
        rows: list[tuple[str, str]] = []  # (kind, name): heading, param, cv, test
        for title, kind, names in (
            (self.tr("Cross-validation (mean ± std)"), "cv", cv_names),
            (self.tr("Test set"), "test", test_names),
            (self.tr("Hyperparameters"), "param", list(comparison.params)),
        ):
            if names:
                self.sections[title] = len(rows)
                rows.append(("heading", title))
                rows += [(kind, n) for n in names]
        self.table = QTableWidget(len(rows), len(runs))
        self.table.setHorizontalHeaderLabels(
            [f"{r.ref}\n{r.model}\n{r.dataset or '—'}" for r in runs]
        )
        self.table.setVerticalHeaderLabels([name for _kind, name in rows])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        bold = QFont(self.font())
        bold.setBold(True)
        for row, (kind, name) in enumerate(rows):
            if kind == "heading":
                self.table.setSpan(row, 0, 1, len(runs))
                self.table.verticalHeaderItem(row).setFont(bold)
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setBackground(QColor(colour("info_bg")))
                self.table.setItem(row, 0, item)
                continue
            if kind == "param":
                cells = [number(v) for v in comparison.params[name]]
                best = None
            elif kind == "cv":
                means = [(r.metrics.get("cv_mean") or {}).get(name) for r in runs]
                cells = [
                    mean_std(m, (r.metrics.get("cv_std") or {}).get(name))
                    for m, r in zip(means, runs, strict=True)
                ]
                best = best_index(means, name)
            else:
                cells = [number(v) for v in comparison.metrics[name]]
                best = comparison.best.get(name)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if kind == "param" and name in comparison.differing:
                    item.setBackground(QColor(colour("warning_bg")))
                if kind != "param":
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == best:
                    item.setFont(bold)
                    item.setForeground(QColor(colour("ok")))
                    item.setToolTip(self.tr("The best value of this row"))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.legend = QLabel(
            self.tr(
                "Bold: the best value of each metric. Shaded: the "
                "hyperparameters that differ between the runs."
            )
        )
        self.legend.setStyleSheet(f"color: {colour('muted')};")
        self.plot = self._curves(runs, curves)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.plot)
        split.setSizes([470, 230])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.legend)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.resize(960, 760)

    def row_of(self, kind_title: str, name: str) -> int:
        """The row of metric `name` in a section (by its title), for reading the table."""
        start, headings = self.sections[kind_title], set(self.sections.values())
        for row in range(start + 1, self.table.rowCount()):
            if row in headings:
                break
            if self.table.verticalHeaderItem(row).text() == name:
                return row
        raise KeyError(name)

    def _curves(self, runs: Any, curves: list[dict[str, Any]]) -> Any:
        from gui.i18n import plain
        from gui.widgets.plot import PlotCanvas

        plot = PlotCanvas()
        axes = plot.axes()
        drawn = 0
        for number_, (run, curve) in enumerate(zip(runs, curves, strict=True)):
            shade = SERIES[number_ % len(SERIES)]
            roc = curve.get("roc")
            if roc:
                axes.plot(roc["fpr"], roc["tpr"], label=run.ref, color=shade)
                drawn += 1
            elif curve.get("residuals"):
                res = curve["residuals"]
                axes.scatter(
                    res["predicted"], res["residual"], s=4, alpha=0.4, label=run.ref, color=shade
                )
                drawn += 1
        if drawn:
            axes.legend(fontsize=8)
            roc_drawn = any(c.get("roc") for c in curves)
            axes.set_title(
                plain(
                    self.tr("ROC curves (test set)")
                    if roc_drawn
                    else self.tr("Residuals (test set)")
                )
            )
            if roc_drawn:
                axes.plot([0, 1], [0, 1], color=colour("muted"), linestyle="--")
                axes.set_xlabel(plain(self.tr("False positive rate")))
                axes.set_ylabel(plain(self.tr("True positive rate")))
        else:
            axes.text(0.5, 0.5, plain(self.tr("No curves to overlay.")), ha="center")
            axes.set_axis_off()
        plot.draw()
        return plot
