"""The Governance view. Fairness: pick a model version, **Assess** (the engine scores its
test rows per sensitive group and stores the report as evidence), read the per-group
metrics with their bootstrap intervals, the disparities and the four-fifths rule, a chart of
the selection rate per group; **Mitigate…** makes a candidate run. Model cards: the card
generated from the evidence, its narrative, save and export. Inventory: every registered
model and what needs attention. Compliance (governance_compliance.py): the controls of the
catalog met, partial or missing, with their evidence. DPIA and Retention
(governance_privacy.py): the project's impact assessment, retention periods, the purge job
and data-subject erasure. Work runs on worker threads."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QTabWidget,
    QWidget,
)

from gui.context import AppContext
from gui.jobs import Job
from gui.views.base import AreaView
from gui.views.governance_cards import CardsPanel
from gui.views.governance_compliance import CompliancePanel
from gui.views.governance_fairness import FairnessPanel
from gui.views.governance_inventory import InventoryPanel
from gui.views.governance_privacy import DpiaPanel
from gui.views.governance_retention import RetentionPanel


class GovernanceView(AreaView):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx, QCoreApplication.translate("GovernanceView", "Governance"), parent=parent
        )
        self.fairness = FairnessPanel(ctx)
        self.cards = CardsPanel(ctx)
        self.inventory = InventoryPanel(ctx)
        self.compliance = CompliancePanel(ctx)
        self.dpia = DpiaPanel(ctx)
        self.retention = RetentionPanel(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.fairness, self.tr("&Fairness"))
        self.tabs.addTab(self.cards, self.tr("Model &cards"))
        self.tabs.addTab(self.inventory, self.tr("&Inventory"))
        self.tabs.addTab(self.compliance, self.tr("C&ompliance"))
        self.tabs.addTab(self.dpia, self.tr("&DPIA"))
        self.tabs.addTab(self.retention, self.tr("Rete&ntion"))
        self.add_body(self.tabs)

    def _fill(self, project: str | None, versions: list[str]) -> None:
        self.fairness.fill(project, versions)
        self.cards.fill(project, versions)
        self.inventory.load(project)
        self.compliance.fill(project)
        self.dpia.load(project)
        self.retention.load(project)

    def load(self) -> Job:
        ws, actor, project = self._ctx.workspace, self._ctx.actor, self.current_project()

        def work(_p: Any, _c: Any) -> list[str]:
            return [v.ref for m in ws.registry.versions.models(actor, project) for v in m.versions]

        return self._ctx.runner.run(
            self.tr("Reading model versions"),
            work,
            on_success=functools.partial(self._fill, project),
            on_error=self.status.show_error,
            cancellable=False,
            listed=False,
        )
