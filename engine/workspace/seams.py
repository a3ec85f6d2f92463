"""What a lower area asks of a higher one, answered by the higher service built on first
use: each lower area declares the Protocol it needs (training's FitCheck, the registry's
GateEvidence, governance's MonitorLookup, the monitors' PipelineStarter); mypy checks these
stand-ins against them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.security.actor import Actor

if TYPE_CHECKING:
    from engine.data.datasets import DatasetVersion
    from engine.governance.card_service import CardStatus
    from engine.monitoring.monitors import Alert, Monitor
    from engine.pipelines.service import PipelineRun
    from engine.registry.entities import ModelVersion
    from engine.workspace import Workspace


class GovernanceSeen:
    """Governance as training (a FitCheck: the DPIA requirement) and the registry (its
    GateEvidence) see it: those areas lie below governance, which is built from them, so
    they get this stand-in that reaches governance on first use. mypy checks it against the
    Protocols they declare."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def before_fit(self, actor: Actor, version: DatasetVersion, tags: dict[str, list[str]]) -> None:
        required = bool(self._ws.settings.all(actor)["require_dpia"])
        self._ws.governance.dpia.require(actor, version, tags, required)

    def latest_disparity(
        self, actor: Actor, version_id: str, attribute: str
    ) -> dict[str, Any] | None:
        return self._ws.governance.fairness.latest_disparity(actor, version_id, attribute)

    def card_complete(self, actor: Actor, version: ModelVersion) -> CardStatus:
        return self._ws.governance.cards.complete(actor, version)


class MonitorsSeen:
    """The monitors as governance sees them (its MonitorLookup), reached on first use."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def monitors(self, actor: Actor, project: str | None = None) -> list[Monitor]:
        return self._ws.monitors.monitors(actor, project)

    def alerts(
        self, actor: Actor, *, status: str | None = None, project: str | None = None
    ) -> list[Alert]:
        return self._ws.monitors.alerts(actor, status=status, project=project)


class PipelinesSeen:
    """The pipelines as an alert's action sees them (the monitors' PipelineStarter)."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def run(
        self,
        actor: Actor,
        name: str,
        *,
        project: str | None = None,
        unattended: bool = False,
        alert: str | None = None,
    ) -> PipelineRun:
        return self._ws.pipelines.run(
            actor, name, project=project, unattended=unattended, alert=alert
        )
