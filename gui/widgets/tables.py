"""Helpers for table widgets."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QTableWidget


def read_only_table(headers: list[str]) -> QTableWidget:
    """A table of whole-row selection, not editable, without row numbers."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    return table


def select_row(table: QTableView, row: int) -> None:
    """Select a whole row and make it current. QTableView.selectRow picks the column under
    the leading edge of the viewport, which in a right-to-left layout is empty when the
    columns do not fill the width — so it silently selected nothing in Arabic."""
    model = table.model()
    if model is None or not 0 <= row < model.rowCount():
        return
    index = model.index(row, 0)
    table.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
