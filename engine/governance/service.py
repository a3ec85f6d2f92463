"""The governance area: small services composed into one, each with its own constructor —
`fairness` (assessments, stored reports, mitigation), `cards` (model cards), `dpia`,
`retention` (retention, purges, erasure requests), `inventory`, `compliance` (the
control checks) and `evidence` (timelines and evidence packs). They share the services
around them through `lookups.Areas`; a part that uses another takes it in its constructor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from engine.governance.card_service import CardService
from engine.governance.compliance import ComplianceService
from engine.governance.dpia import DpiaService
from engine.governance.evidence import EvidenceService
from engine.governance.fairness_service import FairnessService, Mitigation, StoredFairness
from engine.governance.inventory import InventoryService
from engine.governance.lookups import Areas, MonitorLookup
from engine.governance.retention import RetentionService

if TYPE_CHECKING:
    from engine.audit.log import AuditLog
    from engine.auditing.service import AuditService
    from engine.data.service import DataService
    from engine.projects import ProjectService
    from engine.registry.service import RegistryService
    from engine.security.access import AccessControl
    from engine.settings import SettingsService
    from engine.training.service import TrainingService

__all__ = ["GovernanceService", "Mitigation", "StoredFairness"]


class GovernanceService:
    def __init__(
        self,
        access: AccessControl,
        audit: AuditLog,
        data: DataService,
        training: TrainingService,
        registry: RegistryService,
        projects: ProjectService,
        monitors: MonitorLookup,
        clock: Callable[[], datetime],
        *,
        audit_service: AuditService,
        settings: SettingsService,
    ) -> None:
        areas = Areas(
            access,
            audit,
            data,
            training,
            registry,
            projects,
            monitors,
            clock,
            audit_service,
            settings,
        )
        self.fairness = FairnessService(areas)
        self.dpia = DpiaService(areas)
        self.retention = RetentionService(areas)
        self.cards = CardService(areas, self.fairness)
        self.inventory = InventoryService(areas, self.cards, self.fairness, self.retention)
        self.compliance = ComplianceService(
            areas, self.cards, self.dpia, self.retention, self.fairness, self.inventory
        )
        self.evidence = EvidenceService(
            areas, self.cards, self.compliance, self.dpia, self.fairness, self.retention
        )
