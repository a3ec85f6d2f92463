"""Projects: the use case a body of work serves, its business objective, the decision the
model supports, the success criteria later gates read, owner, risk tier, intended uses."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from engine.audit.log import AuditLog
from engine.audit.record import format_time
from engine.errors import AlreadyExists, NotFound, PermissionDenied, ValidationError
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.store.schema import ProjectRow, UserRow

DEFAULT_PROJECT = "default"
RISK_TIERS = ("low", "medium", "high", "critical")
_CRITERION = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=)\s*([0-9]*\.?[0-9]+)\s*$")
_NAME = re.compile(r"^[\w][\w .\-]{0,79}$")


@dataclass(frozen=True)
class Criterion:
    metric: str
    operator: str  # ">=" or "<="
    value: float

    def text(self) -> str:
        return f"{self.metric} {self.operator} {self.value:g}"

    def met_by(self, measured: float) -> bool:
        return measured >= self.value if self.operator == ">=" else measured <= self.value


def parse_criterion(text: str) -> Criterion:
    """'recall>=0.70' -> Criterion('recall', '>=', 0.7)."""
    match = _CRITERION.match(text or "")
    if not match:
        raise ValidationError(
            f"A success criterion looks like 'recall>=0.70' or 'rmse<=1200'. Got {text!r}."
        )
    return Criterion(match.group(1).lower(), match.group(2), float(match.group(3)))


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    objective: str
    decision: str
    success_criteria: tuple[Criterion, ...]
    owner: str | None
    risk_tier: str
    intended_uses: str
    out_of_scope_uses: str
    created: str
    updated: str


@dataclass
class ProjectFields:
    """What create/edit may set; None leaves a field as it is."""

    objective: str | None = None
    decision: str | None = None
    success_criteria: list[str] | None = None  # e.g. ["recall>=0.70", "precision>=0.50"]
    owner: str | None = None  # user name
    risk_tier: str | None = None
    intended_uses: str | None = None
    out_of_scope_uses: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _entity(row: ProjectRow) -> Project:
    criteria = tuple(Criterion(**c) for c in json.loads(row.success_criteria))
    return Project(
        row.id,
        row.name,
        row.objective,
        row.decision,
        criteria,
        row.owner,
        row.risk_tier,
        row.intended_uses,
        row.out_of_scope_uses,
        row.created,
        row.updated,
    )


class ProjectService:
    def __init__(
        self, access: AccessControl, audit: AuditLog, clock: Callable[[], datetime]
    ) -> None:
        self._access = access
        self._audit = audit
        self._clock = clock

    @staticmethod
    def find(session: Any, name: str | None) -> ProjectRow:
        """The project named `name` (the default one when None)."""
        wanted = name_key(name or DEFAULT_PROJECT)
        row = session.scalars(select(ProjectRow).where(ProjectRow.name_key == wanted)).first()
        if row is None:
            raise NotFound(
                f"There is no project named {name!r}.",
                hint="`airlock project list` shows the projects.",
            )
        return row

    def list(self, actor: Actor) -> list[Project]:
        with self._access.reading(actor, "project.read", "projects") as session:
            return [
                _entity(r)
                for r in session.scalars(select(ProjectRow).order_by(ProjectRow.name_key))
            ]

    def get(self, actor: Actor, name: str | None = None) -> Project:
        with self._access.reading(actor, "project.read", f"project:{name}") as session:
            return _entity(self.find(session, name))

    def create(self, actor: Actor, name: str, fields: ProjectFields) -> Project:
        clean = (name or "").strip()
        if not _NAME.match(clean):
            raise ValidationError(
                "The 'name' parameter must be 1 to 80 letters, digits, "
                f"spaces, '.', '-' or '_'. Got {name!r}."
            )
        self._low_tier_is_admin(actor, fields, "project.create", f"project:{clean}")
        with self._access.change(actor, "project.create", f"project:{clean}") as session:
            if session.scalars(
                select(ProjectRow).where(ProjectRow.name_key == name_key(clean))
            ).first():
                raise AlreadyExists(f"A project named {clean!r} already exists.")
            now = format_time(self._clock())
            row = ProjectRow(
                id="prj_" + os.urandom(6).hex(),
                name=clean,
                name_key=name_key(clean),
                objective="",
                decision="",
                success_criteria="[]",
                owner=actor.user_id,
                risk_tier="medium",
                intended_uses="",
                out_of_scope_uses="",
                created=now,
                updated=now,
            )
            changes = self._apply(session, row, fields)
            session.add(row)
            self._audit.append(
                session, actor, "project.create", f"project:{row.id}", {"name": clean, **changes}
            )
            return _entity(row)

    def _low_tier_is_admin(
        self, actor: Actor, fields: ProjectFields, action: str, target: str
    ) -> None:
        """Risk tier low takes a project's models out of the default production gates:
        like the default_gates setting, an administrator's decision."""
        if (fields.risk_tier or "").strip().lower() == "low" and actor.role != "admin":
            self._access.deny(actor, action, target, "risk tier low is set by an administrator")
            raise PermissionDenied(
                "Only an administrator may set a project's risk tier to "
                "low: it turns the default production gates off for its "
                "models.",
                hint="Ask an administrator, or keep medium.",
            )

    def edit(self, actor: Actor, name: str | None, fields: ProjectFields) -> Project:
        self._low_tier_is_admin(actor, fields, "project.edit", f"project:{name}")
        with self._access.change(actor, "project.edit", f"project:{name}") as session:
            row = self.find(session, name)
            changes = self._apply(session, row, fields)
            if changes:
                row.updated = format_time(self._clock())
                self._audit.append(session, actor, "project.edit", f"project:{row.id}", changes)
            return _entity(row)

    @staticmethod
    def _apply(session: Any, row: ProjectRow, fields: ProjectFields) -> dict[str, Any]:
        """Validate and set the given fields; return what changed (old and new values)."""
        changes: dict[str, Any] = {}

        def set_(attr: str, value: Any) -> None:
            if getattr(row, attr, None) != value:
                changes[attr] = value
                setattr(row, attr, value)

        for attr in ("objective", "decision", "intended_uses", "out_of_scope_uses"):
            value = getattr(fields, attr)
            if value is not None:
                if len(value) > 4000:
                    raise ValidationError(f"The '{attr}' field must be at most 4,000 characters.")
                set_(attr, value.strip())
        if fields.success_criteria is not None:
            criteria = [parse_criterion(c).__dict__ for c in fields.success_criteria]
            set_("success_criteria", json.dumps(criteria))
        if fields.risk_tier is not None:
            tier = fields.risk_tier.strip().lower()
            if tier not in RISK_TIERS:
                raise ValidationError(
                    f"The risk tier must be one of {', '.join(RISK_TIERS)}. "
                    f"Got {fields.risk_tier!r}."
                )
            set_("risk_tier", tier)
        if fields.owner is not None:
            owner = session.scalars(
                select(UserRow).where(UserRow.name_key == name_key(fields.owner))
            ).first()
            if owner is None:
                raise NotFound(f"There is no user named {fields.owner!r} to own the project.")
            set_("owner", owner.id)
        if "success_criteria" in changes:
            changes["success_criteria"] = json.loads(changes["success_criteria"])
        return changes


def logged_tier(session: Any, project_id: str) -> str:
    """A project's risk tier as its signed entries set it ("medium", the default, when
    none did): it decides whether the default production gates apply."""
    from engine.audit.bound import logged

    tier = "medium"
    for details in logged(session, f"project:{project_id}", ("project.create", "project.edit")):
        if details.get("risk_tier") in RISK_TIERS:
            tier = details["risk_tier"]
    return tier
