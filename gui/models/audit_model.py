"""A lazy table model of audit entries: pages of 500 are fetched in the background as the
view scrolls, so a log of 100,000+ entries opens at once and stays responsive."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from engine.audit.log import AuditEntry
from engine.auditing.service import EntryFilter
from gui.jobs import JobRunner
from gui.palette import colour

Index = QModelIndex | QPersistentModelIndex
PAGE = 500


class AuditTableModel(QAbstractTableModel):
    loading_changed = Signal(bool)
    page_loaded = Signal(int)  # rows now loaded

    def __init__(
        self,
        runner: JobRunner,
        loader: Callable[[EntryFilter], list[AuditEntry]],
        names: dict[str, str] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._loader = loader
        self.names = names or {}
        self._rows: list[AuditEntry] = []
        self._seqs: list[int] = []
        self._where = EntryFilter()
        self._more = True
        self._loading = False
        self._generation = 0
        self.invalid: dict[int, list[str]] = {}
        self.verified = False
        self.headers = [
            self.tr("Seq"),
            self.tr("Verified"),
            self.tr("Time (UTC)"),
            self.tr("Actor"),
            self.tr("Role"),
            self.tr("Action"),
            self.tr("Target"),
        ]

    # -- loading ---------------------------------------------------------------------------
    def set_filter(self, where: EntryFilter) -> None:
        """Start over with a new filter (the first page loads in the background)."""
        self.beginResetModel()
        self._generation += 1
        self._rows, self._seqs = [], []
        self._where = where
        self._more = True
        self._loading = False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    @property
    def where(self) -> EntryFilter:
        return self._where

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def has_more(self) -> bool:
        return self._more

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more or self._loading:
            return
        self._loading = True
        self.loading_changed.emit(True)
        after = self._seqs[-1] if self._seqs else self._where.after_seq
        page = replace(self._where, after_seq=after, limit=PAGE)
        generation = self._generation
        loader = self._loader
        self._runner.run(
            self.tr("Loading audit entries"),
            lambda _p, _c: loader(page),
            on_success=lambda rows: self._arrived(generation, rows),
            on_error=lambda _e: self._stopped(generation),
            cancellable=False,
            listed=False,
        )

    def _stopped(self, generation: int) -> bool:
        if generation == self._generation:
            self._loading = False
            self._more = False
            self.loading_changed.emit(False)
        return False  # the presenter still shows the error

    def _arrived(self, generation: int, rows: list[AuditEntry]) -> None:
        if generation != self._generation:
            return  # a page for a filter that was replaced meanwhile
        self._loading = False
        self._more = len(rows) == PAGE
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self._seqs.extend(e.seq for e in rows)
            self.endInsertRows()
        self.loading_changed.emit(False)
        self.page_loaded.emit(len(self._rows))

    # -- lookup ----------------------------------------------------------------------------
    def entry(self, row: int) -> AuditEntry:
        return self._rows[row]

    def row_of(self, seq: int) -> int | None:
        position = bisect.bisect_left(self._seqs, seq)
        if position < len(self._seqs) and self._seqs[position] == seq:
            return position
        return None

    def set_verification(self, invalid: dict[int, list[str]] | None) -> None:
        self.verified = invalid is not None
        self.invalid = invalid or {}
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.headers) - 1)
            )

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ForegroundRole and entry.seq in self.invalid:
            return QColor(colour("alert"))
        if role == Qt.ItemDataRole.ToolTipRole and entry.seq in self.invalid:
            return "\n".join(self.invalid[entry.seq])
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, entry: AuditEntry, column: int) -> str:
        if column == 0:
            return str(entry.seq)
        if column == 1:
            if not self.verified:
                return ""
            return self.tr("INVALID") if entry.seq in self.invalid else self.tr("valid")
        if column == 2:
            return entry.time[:19].replace("T", " ")
        if column == 3:
            return self.names.get(entry.user_id or "", entry.user_id or "—")
        if column == 4:
            return entry.role or "—"
        if column == 5:
            if entry.pruned and entry.v >= 2:
                return self.tr("%1 (pruned)").replace("%1", entry.action)
            return entry.action
        if entry.pruned:
            return self.tr("content pruned after the retention period")
        return entry.target
