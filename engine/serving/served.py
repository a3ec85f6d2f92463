"""What the service serves: per registered model, the version in the stage it was started
for, loaded only when its signed manifest, model hash and (in production) approval hold —
the checks `airlock score` makes. `refresh()` follows promotion and rollback: the new version
is loaded first and then swapped in, so a request in flight finishes on the old one; a
version whose approval no longer holds is taken out (503 for that model)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.errors import AirlockError
from engine.serving.fastpath import FastModel, compile_fast

if TYPE_CHECKING:
    from engine.registry.entities import ModelVersion
    from engine.registry.service import RegistryService
    from engine.security.actor import Actor


@dataclass(frozen=True)
class Served:
    name: str
    version: ModelVersion
    model: Any
    fast: FastModel | None = None  # the checked fast path (serving/fastpath.py), if any
    fast_note: str = ""  # why there is none, or how it was checked
    loaded: float = field(default_factory=time.time)

    @property
    def ref(self) -> str:
        return self.version.ref

    @property
    def classes(self) -> list[Any]:
        output = self.version.signature["output"]
        return list(getattr(self.model, "classes_", output.get("classes", [])))


def prepare(name: str, version: ModelVersion, model: Any) -> Served:
    """A loaded version, ready to serve: its fast path compiled and checked first."""
    fast, note = compile_fast(model, version.signature)
    return Served(name, version, model, fast, note)


@dataclass(frozen=True)
class Unavailable:
    name: str
    reason: str  # why nothing is served for it (no version in the stage, approval broken)


class Catalogue:
    def __init__(
        self,
        registry: RegistryService,
        actor: Actor,
        stage: str,
        names: list[str] | None,
        project: str | None,
    ) -> None:
        self._registry, self._actor, self.stage, self._names = registry, actor, stage, names
        self.project = project
        self._lock = threading.Lock()
        self.models: dict[str, Served | Unavailable] = {}
        self.changes: list[str] = []  # what each refresh swapped, for the log and the tests

    def get(self, name: str) -> Served | Unavailable | None:
        return self.models.get(name.lower())

    def names(self) -> list[str]:
        if self._names:
            return list(self._names)
        return [m.name for m in self._registry.versions.models(self._actor, self.project)]

    def refresh(self) -> list[str]:
        """Bring every served model to the version now in the stage; returns what changed."""
        with self._lock:
            changed = []
            for name in self.names():
                key = name.lower()
                current = self.models.get(key)
                try:
                    model = self._registry.versions.model(self._actor, name, self.project)
                except AirlockError as exc:
                    self.models[key] = Unavailable(name, exc.message)
                    continue
                in_stage = model.in_stage(self.stage)
                if not in_stage:
                    if not isinstance(current, Unavailable):
                        changed.append(f"{model.name}: no version in {self.stage}")
                    self.models[key] = Unavailable(
                        model.name, f"{model.name} has no version in {self.stage}."
                    )
                    continue
                wanted = in_stage[-1]
                try:
                    if isinstance(current, Served) and current.ref == wanted.ref:
                        # the same version: its manifest and approval must still hold
                        self._registry.versions.verify(self._actor, wanted.ref, self.project)
                        continue
                    version, fitted = self._registry.versions.load(
                        self._actor, wanted.ref, self.project
                    )
                except AirlockError as exc:
                    if not isinstance(current, Unavailable) or current.reason != exc.message:
                        changed.append(f"{model.name}: taken out — {exc.message}")
                    self.models[key] = Unavailable(model.name, exc.message)
                    continue
                self.models[key] = prepare(model.name, version, fitted)
                served = self.models[key]
                assert isinstance(served, Served)
                changed.append(
                    f"{model.name}: serving {version.ref}"
                    + (f" (was {current.ref})" if isinstance(current, Served) else "")
                    + ("; fast path " + served.fast_note if served.fast else "")
                )
            self.changes.extend(changed)
            return changed
