"""The registry's public service.

A registered version points at the run's model object (content-addressed, so the model hash
is the object id) and carries a manifest — model hash, the types skops must trust, the input
signature, a metrics snapshot, lineage — signed by the user who registered it. Only stage,
tags and description change afterwards, each change audited.

Stages: dev → staging → production, and archived. Promotion to staging and the request for
production pass the model's gates (engine/registry/gates.py). Production needs a validator's
approval (four-eyes): the approver re-enters their password, may not have trained or
requested the version, and signs a decision bound to the SHA-256 of the evidence pack (model
hash, manifest hash, metrics, gate results, policy). If the evidence changed between request
and approval, the approval is refused. Loading a version checks the manifest's signature and
the model hash, and for a production version the approval, before skops reads a byte.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from engine.audit.log import AuditLog
from engine.objects.store import ObjectStore
from engine.registry.approvals import ApprovalService
from engine.registry.deploy import DeployService
from engine.registry.entities import GateFailed, sha256_text
from engine.registry.gate_service import GateService
from engine.registry.lookups import GateEvidence
from engine.registry.suites import SuiteService
from engine.registry.versions import VersionService
from engine.security.access import AccessControl
from engine.security.actor import Actor

if TYPE_CHECKING:
    from engine.data.service import DataService
    from engine.training.service import TrainingService

__all__ = ["GateFailed", "RegistryService", "sha256_text"]


class RegistryService:
    """The registry, composed of small services: `versions` (registered models and their
    versions: reading, registering, stages, verified loading — and the lookups the others
    share), `gates` (policies and gate checks), `tests` (test suites), `approvals` (four-eyes
    requests and decisions, rollback) and `deploy` (scoring, champion/challenger, bundles)."""

    def __init__(
        self,
        access: AccessControl,
        audit: AuditLog,
        objects: ObjectStore,
        data: DataService,
        training: TrainingService,
        confirm: Callable[[Actor, str], None],
        workspace_id: str,
        clock: Callable[[], datetime],
    ) -> None:
        self.versions = VersionService(
            access, audit, objects, data, training, confirm, workspace_id, clock
        )
        self.gates = GateService(self.versions)
        self.tests = SuiteService(self.versions)
        self.approvals = ApprovalService(self.versions)
        self.deploy = DeployService(self.versions)

    @property
    def workspace_id(self) -> str:
        return self.versions.workspace_id

    @property
    def gate_evidence(self) -> GateEvidence | None:
        """What governance recorded about a version, for the fairness and documentation
        gates (engine/workspace/seams.py answers)."""
        return self.versions.gate_evidence

    @gate_evidence.setter
    def gate_evidence(self, evidence: GateEvidence | None) -> None:
        self.versions.gate_evidence = evidence
