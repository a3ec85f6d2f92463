"""A table model over an Arrow table: cells are formatted only when Qt asks for them, so a
million-row dataset version shows at once."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


def _format(value: Any) -> str:
    if value is None:
        return ""
    return str(value)  # floats in their shortest exact form: no silent rounding


class ArrowTableModel(QAbstractTableModel):
    def __init__(self, table: pa.Table | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._table = table if table is not None else pa.table({})
        self._columns = [self._table.column(i) for i in range(self._table.num_columns)]

    def set_table(self, table: pa.Table) -> None:
        self.beginResetModel()
        self._table = table
        self._columns = [table.column(i) for i in range(table.num_columns)]
        self.endResetModel()

    @property
    def table(self) -> pa.Table:
        return self._table

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._table.num_rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._table.num_columns

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _format(self._columns[index.column()][index.row()].as_py())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            kind = self._table.schema.field(index.column()).type
            if pa.types.is_integer(kind) or pa.types.is_floating(kind):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._table.schema.field(section).name
        return str(section + 1)
