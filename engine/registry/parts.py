"""The base of the registry's parts (gates, suites, approvals, deployment): each takes the
versions service — the registry's shared lookups — in its constructor and reads through it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.registry.versions import VersionService


class Part:
    def __init__(self, versions: VersionService) -> None:
        self._versions = versions
        self._access = versions._access
        self._audit = versions._audit
        self._objects = versions._objects
        self._data = versions._data
        self._training = versions._training
        self._confirm = versions._confirm
        self._workspace_id = versions._workspace_id
        self._clock = versions._clock
