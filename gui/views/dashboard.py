"""The dashboard: what the workspace holds today. Later issues add their cards here."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.overview import Overview, overview
from gui.context import AppContext
from gui.dialogs.users import role_label
from gui.widgets.card import Card


def _size(count: int) -> str:
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return str(count)


class DashboardView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.overview: Overview | None = None
        heading = QLabel(self.tr("Dashboard"))
        heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.workspace_card = Card(self.tr("Workspace"))
        self.people_card = Card(self.tr("People"))
        self.audit_card = Card(self.tr("Audit log"))
        self.objects_card = Card(self.tr("Stored objects"))
        self.data_card = Card(self.tr("Projects and data"))
        self.models_card = Card(self.tr("Models and approvals"))
        grid = QGridLayout()
        for i, card in enumerate((self.workspace_card, self.people_card, self.data_card,
                                  self.models_card, self.audit_card, self.objects_card)):
            grid.addWidget(card, i // 2, i % 2)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        ws, actor = self._ctx.workspace, self._ctx.actor
        self._ctx.runner.run(self.tr("Reading the workspace"),
                             lambda _p, _c: overview(ws, actor), on_success=self.render,
                             cancellable=False, listed=False)

    def render(self, facts: Overview) -> None:
        self.overview = facts
        self.workspace_card.set_lines([
            f"<b>{escape(facts.display_name)}</b>", escape(facts.path),
            self.tr("Created %1").replace("%1", facts.created[:10]),
            self.tr("Id %1").replace("%1", facts.workspace_id),
            self.tr("Metadata: %1").replace("%1", escape(facts.metadata))])
        people = [f"{role_label(role)}: {count}" for role, count in
                  sorted(facts.active_users.items())]
        people.append(self.tr("Disabled accounts: %1").replace("%1",
                                                               str(facts.disabled_users)))
        self.people_card.set_lines(people)
        audit = [_count(facts.audit_entries, self.tr("1 entry"), self.tr("%1 entries"))]
        if not facts.can_read_audit:
            audit.append(self.tr("Your role does not read the audit log."))
        elif facts.last_verification is None:
            audit.append(self.tr("Not verified yet."))
        else:
            last = facts.last_verification
            result = self.tr("valid") if last.result == "valid" else self.tr("INVALID")
            audit.append(self.tr("Last verification: %1 (%2 entries, %3 problems)")
                         .replace("%1", result).replace("%2", f"{last.entries:,}")
                         .replace("%3", str(last.problems)))
            audit.append(self.tr("on %1 by %2").replace("%1", last.time[:16].replace("T", " "))
                         .replace("%2", escape(last.by)))
        self.audit_card.set_lines(audit)
        validations = self.tr("%1 validations, %2 failed").replace(
            "%1", f"{facts.validations:,}").replace("%2", f"{facts.failed_validations:,}")
        self.data_card.set_lines([
            _count(facts.projects, self.tr("1 project"), self.tr("%1 projects")),
            self.tr("%1 datasets, %2 versions").replace("%1", f"{facts.datasets:,}")
            .replace("%2", f"{facts.dataset_versions:,}"),
            _count(facts.contracts, self.tr("1 data contract"), self.tr("%1 data contracts")),
            f"<span style='color:#c0392b'>{validations}</span>" if facts.failed_validations
            else validations])
        models = [self.tr("%1 registered models, %2 in production").replace(
            "%1", f"{facts.models:,}").replace("%2", f"{facts.production_versions:,}"),
            _count(facts.pending_requests, self.tr("1 request for production pending"),
                   self.tr("%1 requests for production pending"))]
        if facts.open_alerts:
            models.append("<b style='color:#c0392b'>" + _count(
                facts.open_alerts, self.tr("1 open drift alert (Monitoring)"),
                self.tr("%1 open drift alerts (Monitoring)")) + "</b>")
        if facts.awaiting_me:
            models.append("<b style='color:#d68910'>" + self.tr(
                "Awaiting your approval: %1").replace(
                "%1", escape(", ".join(facts.awaiting_me))) + "</b>")
        self.models_card.set_lines(models)
        self.objects_card.set_lines([
            _count(facts.objects, self.tr("1 encrypted object"),
                   self.tr("%1 encrypted objects")),
            _size(facts.object_bytes)])


def _count(number: int, one: str, many: str) -> str:
    """"1 request", "3 requests": the singular sentence for one, the other with the number
    (each translated whole; Arabic's plural of 3–10 and of 11+ read alike in these lines)."""
    return one if number == 1 else many.replace("%1", f"{number:,}")
