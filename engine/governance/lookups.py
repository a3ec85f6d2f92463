"""What governance reads from the areas around it, declared here so that every governance
module sees typed services: the lower areas by their own classes, the monitors (an area above
governance) by the small Protocol governance needs, passed in by engine/workspace/seams.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from engine.audit.log import AuditLog
    from engine.auditing.service import AuditService
    from engine.data.service import DataService
    from engine.projects import ProjectService
    from engine.registry.service import RegistryService
    from engine.security.access import AccessControl
    from engine.security.actor import Actor
    from engine.settings import SettingsService
    from engine.training.service import TrainingService


class OpenAlert(Protocol):
    @property
    def monitor(self) -> str: ...


class WatchingMonitor(Protocol):
    @property
    def name(self) -> str: ...

    def watches(self, model: str, ref: str, dataset: str | None) -> bool: ...


class MonitorLookup(Protocol):
    """The monitors watching a project's models and their alerts (for the inventory, model
    cards, compliance checks and evidence packs)."""

    def monitors(self, actor: Actor, project: str | None = None) -> Sequence[WatchingMonitor]: ...

    def alerts(
        self, actor: Actor, *, status: str | None = None, project: str | None = None
    ) -> Sequence[OpenAlert]: ...


@dataclass(frozen=True)
class Areas:
    """The services every part of governance works with (built by GovernanceService)."""

    access: AccessControl
    audit: AuditLog
    data: DataService
    training: TrainingService
    registry: RegistryService
    projects: ProjectService
    monitors: MonitorLookup
    clock: Callable[[], datetime]
    audit_service: AuditService
    settings: SettingsService


class Part:
    """One service of the governance area, with the shared services as typed attributes;
    a part that needs another part takes it in its constructor."""

    def __init__(self, areas: Areas) -> None:
        self._access = areas.access
        self._audit = areas.audit
        self._data = areas.data
        self._training = areas.training
        self._registry = areas.registry
        self._projects = areas.projects
        self._monitors = areas.monitors
        self._clock = areas.clock
        self._audit_service = areas.audit_service
        self._settings = areas.settings
