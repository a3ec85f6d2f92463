"""The run table, like MLflow's runs page: one row per run with its ref, start, duration,
user, dataset, target, model and status, then its metrics and hyperparameters. Every column
has a stable key ("dataset", "metric:roc_auc", "param:C") that the column chooser remembers;
`default_visible` says which show before the user chooses. Sortable by any column (numbers
sort as numbers) and filterable by text through a QSortFilterProxyModel."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from gui.i18n import local_time
from gui.palette import colour

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # a header's column key
FIXED = ("ref", "started", "duration", "user", "dataset", "target", "model", "status")
TEXT_KEYS = ("ref", "user", "dataset", "target", "model", "status")  # what a filter searches
KEY_PARAMS = 4  # hyperparameters shown before the user chooses: those that vary, at most 4


def number(value: Any) -> str:
    """A value as a cell shows it: floats to four decimals, None as a dash."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 1000 else f"{value:,.1f}"
    if isinstance(value, list | tuple):
        return ", ".join(number(v) for v in value)
    return str(value)


def differing_params(runs: list[Any]) -> tuple[list[str], list[str]]:
    """The hyperparameters whose values differ between `runs`: (key, other). `key`: those
    two or more runs have and that differ among them, the most held first (a forest's
    depth against another forest's); `other`: those that differ only because some runs'
    models lack them."""
    names = sorted({n for r in runs for n in r.params})
    key, other = [], []
    for name in names:
        held = [
            json.dumps(r.params[name], sort_keys=True, default=str)
            for r in runs
            if name in r.params
        ]
        if len(held) >= 2 and len(set(held)) > 1:
            key.append(name)
        elif len(held) < len(runs) or len(set(held)) > 1:
            other.append(name)
    key.sort(key=lambda n: (-sum(n in r.params for r in runs), n))
    return key, other


class RunsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.runs: list[Any] = []
        self.metrics: list[str] = []  # metric names, the runs' primary metrics first
        self.params: list[str] = []  # hyperparameter names, those that vary first
        self.primary: list[str] = []
        self.varying: list[str] = []
        self.users: dict[str, str] = {}  # user id -> name
        self.keys: list[str] = list(FIXED)

    # -- columns ---------------------------------------------------------------------------
    def labels(self) -> dict[str, str]:
        return {
            "ref": self.tr("Run"),
            "started": self.tr("Started"),
            "duration": self.tr("Duration"),
            "user": self.tr("User"),
            "dataset": self.tr("Dataset"),
            "target": self.tr("Target"),
            "model": self.tr("Model"),
            "status": self.tr("Status"),
        }

    def label(self, key: str) -> str:
        return self.labels().get(key) or key.partition(":")[2]

    def headers(self) -> list[str]:
        return [self.label(k) for k in self.keys]

    def column(self, key: str) -> int:
        return self.keys.index(key)

    def text_columns(self) -> list[int]:
        """The columns a filter looks in: run, user, dataset, target, model, status."""
        return [self.keys.index(k) for k in TEXT_KEYS]

    def default_visible(self, key: str) -> bool:
        """Before the user chooses: every fixed column, the primary metrics and the
        hyperparameters that differ between runs (at most four)."""
        kind, _, name = key.partition(":")
        if kind == "metric":
            return name in self.primary
        if kind == "param":
            return name in self.varying[:KEY_PARAMS]
        return True

    def set_runs(self, runs: list[Any], users: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self.runs = list(runs)
        if users is not None:
            self.users = dict(users)
        self.primary = []
        for run in self.runs:
            if run.primary and run.primary not in self.primary and run.primary in run.headline():
                self.primary.append(run.primary)
        rest = sorted({n for r in self.runs for n in r.headline()} - set(self.primary))
        self.metrics = self.primary + rest
        names = sorted({n for r in self.runs for n in r.params})
        key, other = differing_params(self.runs)
        self.varying = key + other
        self.params = self.varying + [n for n in names if n not in self.varying]
        self.keys = [
            *FIXED,
            *(f"metric:{m}" for m in self.metrics),
            *(f"param:{p}" for p in self.params),
        ]
        self.endResetModel()

    # -- cells -----------------------------------------------------------------------------
    def value(self, run: Any, key: str) -> Any:
        kind, _, name = key.partition(":")
        if kind == "metric":
            return run.headline().get(name)
        if kind == "param":
            return run.params.get(name)
        return {
            "ref": run.ref,
            "started": run.started,
            "duration": run.seconds,
            "user": self.users.get(run.created_by, run.created_by),
            "dataset": run.dataset,
            "target": run.target,
            "model": run.model,
            "status": run.status,
        }[key]

    def display(self, run: Any, key: str) -> str:
        value = self.value(run, key)
        if key == "started":
            return local_time(value) if value else ""
        if key == "duration":
            return self.duration(value)
        if key == "status":
            return {
                "finished": self.tr("finished"),
                "cancelled": self.tr("cancelled"),
                "failed": self.tr("failed"),
            }.get(value, value)
        if value is None:
            return "" if key.startswith("metric:") else number(value)
        return number(value)

    def duration(self, seconds: float | None) -> str:
        if not seconds:
            return ""
        if seconds < 60:
            return self.tr("%1 s").replace("%1", f"{seconds:.1f}")
        if seconds < 3600:
            return (
                self.tr("%1 min %2 s")
                .replace("%1", str(int(seconds // 60)))
                .replace("%2", str(int(seconds % 60)))
            )
        return (
            self.tr("%1 h %2 min")
            .replace("%1", str(int(seconds // 3600)))
            .replace("%2", f"{int(seconds % 3600 // 60):02d}")
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.runs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        run, key = self.runs[index.row()], self.keys[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(run, key)
        if role == SORT_ROLE:
            if key == "ref":
                return (run.experiment, run.number)
            value = self.value(run, key)
            return value if value is not None else float("-inf")
        value = self.value(run, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and (
            isinstance(value, int | float) and not isinstance(value, bool)
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and key == "status" and run.status != "finished":
            return QColor(colour("alert" if run.status == "failed" else "warning"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "started":
                return local_time(run.started) + (
                    " → " + local_time(run.finished) if run.finished else ""
                )
            if run.error and key == "status":
                return run.error
            if run.notes:
                return "\n".join(run.notes)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < len(self.keys):
            return None
        key = self.keys[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.label(key)
        if role == KEY_ROLE:
            return key
        if role == Qt.ItemDataRole.ToolTipRole:
            if key.startswith("metric:"):
                return self.tr(
                    "Metric: the test-set value (else the cross-validated mean). "
                    "Right-click a header to choose the columns."
                )
            if key.startswith("param:"):
                return self.tr("Hyperparameter. Right-click a header to choose the columns.")
            return self.tr("Right-click a header to choose the columns.")
        return None


class RunsFilter(QSortFilterProxyModel):
    """Sorts by the real values; keeps rows whose run, user, dataset, target, model or
    status contains the filter text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        text = self.filterRegularExpression().pattern().lower()
        if not text:
            return True
        model = self.sourceModel()
        assert isinstance(model, RunsModel)
        return any(
            text in str(model.index(row, c, parent).data()).lower() for c in model.text_columns()
        )
