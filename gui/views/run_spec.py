"""A run's spec as a readable table: one row per setting (a label in words, the value as
text; nested values such as hyperparameters or a recipe one "name = value" line each)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from gui.models.runs_model import number

ORDER = (
    "experiment",
    "dataset",
    "target",
    "task",
    "positive",
    "features",
    "exclude",
    "recipe",
    "model",
    "params",
    "balanced",
    "calibration",
    "scheme",
    "folds",
    "group",
    "time",
    "holdout",
    "test_size",
    "search",
    "n_iter",
    "space",
    "metric",
    "seed",
    "learning_curve",
    "explain",
    "n_jobs",
)


class SpecTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels([self.tr("Setting"), self.tr("Value")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def labels(self) -> dict[str, str]:
        return {
            "experiment": self.tr("Experiment"),
            "dataset": self.tr("Dataset"),
            "target": self.tr("Target"),
            "task": self.tr("Task"),
            "positive": self.tr("Positive class"),
            "features": self.tr("Features"),
            "exclude": self.tr("Excluded columns"),
            "recipe": self.tr("Recipe"),
            "model": self.tr("Model"),
            "params": self.tr("Hyperparameters"),
            "balanced": self.tr("Balanced class weights"),
            "calibration": self.tr("Probability calibration"),
            "scheme": self.tr("Validation scheme"),
            "folds": self.tr("Folds"),
            "group": self.tr("Group column"),
            "time": self.tr("Time column"),
            "holdout": self.tr("Holdout share"),
            "test_size": self.tr("Test share"),
            "search": self.tr("Search"),
            "n_iter": self.tr("Search candidates"),
            "space": self.tr("Search space"),
            "metric": self.tr("Search metric"),
            "seed": self.tr("Random seed"),
            "learning_curve": self.tr("Learning curve"),
            "explain": self.tr("Importance and partial dependence"),
            "n_jobs": self.tr("Parallel jobs"),
        }

    def text(self, key: str, value: Any) -> str:
        if value is None or value == [] or value == {}:
            return {
                "features": self.tr("every usable column"),
                "task": self.tr("detected"),
                "positive": self.tr("detected"),
                "scheme": self.tr("by task"),
                "metric": self.tr("by task"),
            }.get(key, "—")
        if isinstance(value, bool):
            return self.tr("yes") if value else self.tr("no")
        if isinstance(value, dict):
            return "\n".join(f"{k} = {self.inline(v)}" for k, v in value.items())
        if isinstance(value, list):
            return ", ".join(self.inline(v) for v in value)
        return number(value)

    def inline(self, value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {self.inline(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.inline(v) for v in value) + "]"
        return number(value)

    def show_spec(self, spec: dict[str, Any] | None) -> None:
        spec = spec or {}
        keys = [k for k in ORDER if k in spec] + sorted(k for k in spec if k not in ORDER)
        labels = self.labels()
        self.setRowCount(len(keys))
        for row, key in enumerate(keys):
            name = QTableWidgetItem(labels.get(key, key))
            name.setToolTip(key)
            value = QTableWidgetItem(self.text(key, spec[key]))
            value.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            name.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.setItem(row, 0, name)
            self.setItem(row, 1, value)
        self.resizeRowsToContents()
