"""The Governance view's Inventory tab: every registered model with its owner, risk tier,
stage, last validation, next revalidation, open alerts, card and fairness state; rows that
need attention stand out (the engine decides what needs it)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.errors import AirlockError
from gui.context import AppContext
from gui.jobs import Job
from gui.palette import colour
from gui.widgets.tables import read_only_table


class InventoryPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.rows: list[Any] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = read_only_table(
            [
                self.tr("Model"),
                self.tr("Stage"),
                self.tr("Owner"),
                self.tr("Risk tier"),
                self.tr("Last validation"),
                self.tr("Validated by"),
                self.tr("Revalidation due"),
                self.tr("Open alerts"),
                self.tr("Card"),
                self.tr("Needs attention"),
            ]
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def load(self, project: str | None) -> Job:
        ws, actor = self._ctx.workspace, self._ctx.actor
        return self._ctx.runner.run(
            self.tr("Reading the model inventory"),
            lambda _p, _c: ws.governance.inventory.rows(actor, project),
            on_success=self._show,
            on_error=self._error,
            cancellable=False,
            listed=False,
        )

    def _error(self, error: BaseException) -> bool:
        if isinstance(error, AirlockError):
            self.summary.setText(error.message)
            return True
        return False

    def _show(self, rows: list[Any]) -> None:
        self.rows = rows
        attention = sum(1 for r in rows if r.attention)
        self.summary.setText(
            self.tr(
                "%1 models; %2 need attention. Revalidation is due a "
                "year after the last validation."
            )
            .replace("%1", str(len(rows)))
            .replace("%2", str(attention))
        )
        self.table.setRowCount(0)
        for index, r in enumerate(rows):
            self.table.insertRow(index)
            cells = [
                r.version,
                r.stage,
                r.owner,
                r.risk_tier or "—",
                r.last_validation[:10] or self.tr("never"),
                r.validated_by or "—",
                r.next_due[:10] or "—",
                str(r.open_alerts),
                r.card,
                "; ".join(r.attention),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if (column == 6 and r.overdue) or (column == 9 and r.attention):
                    item.setForeground(QColor(colour("alert")))
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()
