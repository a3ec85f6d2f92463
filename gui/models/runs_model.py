"""The run table: one row per run, sortable by any column (metrics sort as numbers) and
filterable by text through a QSortFilterProxyModel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class RunsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.runs: list[Any] = []
        self.metrics: list[str] = []

    def headers(self) -> list[str]:
        return [self.tr("Run"), self.tr("Status"), self.tr("Model"), *self.metrics,
                self.tr("Dataset"), self.tr("Target"), self.tr("Seconds"), self.tr("Finished")]

    def text_columns(self) -> list[int]:
        """The columns a filter looks in: run, status, model, dataset, target."""
        first = 3 + len(self.metrics)
        return [0, 1, 2, first, first + 1]

    def set_runs(self, runs: list[Any]) -> None:
        self.beginResetModel()
        self.runs = list(runs)
        names: list[str] = []
        for run in self.runs:  # primary metrics first, then the rest, at most eight
            if run.primary and run.primary not in names and run.primary in run.headline():
                names.append(run.primary)
        for run in self.runs:
            for name in sorted(run.headline()):
                if name not in names:
                    names.append(name)
        self.metrics = names[:8]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.runs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def value(self, run: Any, column: int) -> Any:
        if column < 3:
            return (run.ref, run.status, run.model)[column]
        column -= 3
        if column < len(self.metrics):
            return run.headline().get(self.metrics[column])
        column -= len(self.metrics)
        return (run.dataset, run.target, run.seconds,
                run.finished[:16].replace("T", " "))[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        run = self.runs[index.row()]
        value = self.value(run, index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, float):
                return f"{value:.1f}" if index.column() == len(self.headers()) - 2 \
                    else f"{value:.4f}"
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            if index.column() == 0:
                return (run.experiment, run.number)
            return value if value is not None else float("-inf")
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1 and \
                run.status != "finished":
            from PySide6.QtGui import QColor

            return QColor("#c0392b") if run.status == "failed" else QColor("#b9770e")
        if role == Qt.ItemDataRole.ToolTipRole and run.notes:
            return "\n".join(run.notes)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return str(section + 1)


class RunsFilter(QSortFilterProxyModel):
    """Sorts by the real values; keeps rows whose run, status, model, dataset or target
    contains the filter text."""

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
        return any(text in str(model.index(row, c, parent).data()).lower()
                   for c in model.text_columns())
