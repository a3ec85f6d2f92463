"""The monitoring area's public service: drift between a reference and current data
(dataset versions or a file), with the reference profile cached encrypted so a repeated
check only reads and sorts the current data."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from engine.audit.log import AuditLog
from engine.audit.record import format_time
from engine.jobs import CancelToken, Progress, check, report
from engine.monitoring.drift import (
    PROFILE_FORMAT,
    DriftOptions,
    DriftReport,
    ReferenceProfile,
    compare,
    profile,
)
from engine.security import rbac
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.store.objects import ObjectStore
from engine.store.schema import DriftProfileRow


class MonitoringService:
    def __init__(self, access: AccessControl, audit: AuditLog, objects: ObjectStore,
                 data: Any, clock: Callable[[], datetime]) -> None:
        self._access = access
        self._audit = audit
        self._objects = objects
        self._data = data
        self._clock = clock

    def reference(self, actor: Actor, ref: str, *, columns: list[str] | None = None,
                  bins: int = 10, project: str | None = None,
                  progress: Progress | None = None) -> tuple[ReferenceProfile, bool]:
        """The profile of a dataset version, from the cache when it was computed before
        (True) or computed now and cached (False)."""
        version = self._data.version(actor, ref, project)
        wanted = columns or [c["name"] for c in version.schema]
        unknown = [c for c in wanted if c not in {s["name"] for s in version.schema}]
        if unknown:
            from engine.errors import ValidationError

            raise ValidationError(f"{version.ref} has no column {', '.join(unknown)}.")
        key = hashlib.sha256(json.dumps([PROFILE_FORMAT, version.content_hash, wanted, bins])
                             .encode()).hexdigest()
        with self._access.reading(actor, "data.read", f"dataset:{version.ref}") as session:
            cached = session.get(DriftProfileRow, key)
            object_id = cached.object_id if cached else None
        if object_id is not None:
            report(progress, 0.1, "reading the cached reference profile")
            return ReferenceProfile.from_bytes(self._objects.get_bytes(actor, object_id)), True
        report(progress, 0.05, f"profiling {version.ref}")
        table = self._data.read_table(actor, version, columns=wanted)
        built = profile(table, version.ref, wanted, bins)
        if rbac.allowed(actor.role, "object.put"):  # validators compute, but do not store
            with self._objects.writer(actor, "driftprofile") as out:
                out.write(built.to_bytes())
                finished = out.finish()
                with self._access.change(actor, "data.read",
                                         f"dataset:{version.ref}") as session:
                    if session.get(DriftProfileRow, key) is None:
                        stored = self._objects.install(session, actor, finished, audit=False)
                        out.installed()
                        session.flush()  # the object row first (the profile refers to it)
                        session.add(DriftProfileRow(key=key, object_id=stored.id,
                                                    reference=version.ref,
                                                    created=format_time(self._clock()),
                                                    created_by=actor.user_id))
                        self._audit.append(session, actor, "monitoring.profile",
                                           f"dataset-version:{version.id}", {
                                               "reference": version.ref,
                                               "columns": len(wanted), "object": stored.id})
        return built, False

    def drift(self, actor: Actor, reference: str, current: str | Path, *,
              columns: list[str] | None = None, options: DriftOptions | None = None,
              project: str | None = None, progress: Progress | None = None,
              cancel: CancelToken | None = None) -> DriftReport:
        """Compare `current` (NAME@V, or a CSV/Parquet/Excel file) with the reference
        dataset version."""
        options = (options or DriftOptions()).check()
        self._access.require(actor, "monitoring.run", f"dataset:{reference}")
        ref_profile, _cached = self.reference(actor, reference, columns=columns,
                                              bins=options.bins, project=project,
                                              progress=progress)
        check(cancel)
        report(progress, 0.4, "reading the current data")
        if isinstance(current, Path) or (isinstance(current, str) and Path(current).is_file()
                                         and "@" not in str(current)):
            from engine.data.importer import read_table_from_file

            path = Path(current)
            table, _sha = read_table_from_file(path, cancel=cancel)
            label = path.name
        else:
            version = self._data.version(actor, str(current), project)
            table = self._data.read_table(actor, version)
            label = version.ref
        check(cancel)
        report(progress, 0.7, "comparing")
        result = compare(ref_profile, table, label, options)
        report(progress, 1.0, "done")
        return result
