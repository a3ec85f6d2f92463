"""The serving area as the workspace offers it: `ws.serving.tokens` (create, list, revoke)
and `ws.serving.service(actor, options)`, the scoring service ready to run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from engine.serving.status import ServiceStatus, read_status
from engine.serving.tokens import TokenService

if TYPE_CHECKING:
    from engine.audit.log import AuditLog
    from engine.data.service import DataService
    from engine.registry.service import RegistryService
    from engine.security.access import AccessControl
    from engine.security.actor import Actor
    from engine.serving.server import Options, Service
    from engine.store.db import Database


class ServingService:
    def __init__(
        self,
        path: Path,
        access: AccessControl,
        audit_log: AuditLog,
        db: Database,
        clock: Callable[[], datetime],
        registry: Callable[[], RegistryService],
        data: Callable[[], DataService],
    ) -> None:
        """`registry`, `data`: the areas, reached when a service is made (a token command
        does not load scikit-learn)."""
        self._path = path
        self._parts = (access, audit_log, db, clock)
        self._registry, self._data = registry, data
        self.tokens = TokenService(access, audit_log, clock)

    def service(
        self, actor: Actor, options: Options, say: Callable[[str], None] = print
    ) -> Service:
        """The scoring service for `options` (checked; the actor may score), not started."""
        from engine.serving.server import Areas, Service

        access, audit_log, db, clock = self._parts
        areas = Areas(self._path, access, audit_log, db, self._registry(), self._data(), clock)
        return Service(areas, actor, options, say)

    def status(self, actor: Actor) -> list[ServiceStatus]:
        """The services of this workspace that run or ran (serving/<pid>.json), newest first."""
        access, _audit, _db, clock = self._parts
        access.require(actor, "registry.read", "serving")
        found = read_status(self._path / "serving", clock())
        return sorted(found, key=lambda s: (s.running, s.seen), reverse=True)
