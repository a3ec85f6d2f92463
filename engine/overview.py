"""What a workspace holds today, as the dashboard shows it (read-only)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from engine.security import rbac
from engine.store.schema import (
    AlertRow,
    ApprovalRow,
    AuditEntryRow,
    AuditStateRow,
    ContractRow,
    DatasetRow,
    DatasetVersionRow,
    ModelVersionRow,
    ObjectRow,
    ProjectRow,
    RegisteredModelRow,
    UserRow,
    ValidationRow,
)

if TYPE_CHECKING:
    from engine.security.actor import Actor
    from engine.workspace import Workspace


@dataclass(frozen=True)
class Verification:
    time: str
    result: str  # "valid" or "invalid"
    entries: int
    problems: int
    by: str  # user name


@dataclass(frozen=True)
class Overview:
    workspace_id: str
    display_name: str
    path: str
    created: str
    metadata: str = "SQLite (metadata.db)"  # or the PostgreSQL server and database
    active_users: dict[str, int] = field(default_factory=dict)  # role -> count
    disabled_users: int = 0
    audit_entries: int = 0
    objects: int = 0
    object_bytes: int = 0
    last_verification: Verification | None = None
    can_read_audit: bool = False
    projects: int = 0
    datasets: int = 0
    dataset_versions: int = 0
    contracts: int = 0
    validations: int = 0
    failed_validations: int = 0
    models: int = 0
    production_versions: int = 0
    pending_requests: int = 0
    awaiting_me: tuple[str, ...] = ()  # "project: NAME@V" requests this user may decide
    open_alerts: int = 0


def overview(ws: Workspace, actor: Actor) -> Overview:
    settings = ws.settings.all(actor)
    can_audit = rbac.allowed(actor.role, "audit.read")
    with ws.access.reading(actor, "user.list", "overview") as session:
        users = session.execute(select(UserRow.role, UserRow.disabled)).all()
        state = session.get(AuditStateRow, 1)
        count, size = session.execute(
            select(func.count(ObjectRow.id), func.coalesce(func.sum(ObjectRow.size), 0))
        ).one()
        data = {
            name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in (
                ("projects", ProjectRow),
                ("datasets", DatasetRow),
                ("dataset_versions", DatasetVersionRow),
                ("contracts", ContractRow),
                ("validations", ValidationRow),
            )
        }
        data["models"] = int(
            session.scalar(select(func.count()).select_from(RegisteredModelRow)) or 0
        )
        data["production_versions"] = int(
            session.scalar(
                select(func.count())
                .select_from(ModelVersionRow)
                .where(ModelVersionRow.stage == "production")
            )
            or 0
        )
        data["pending_requests"] = int(
            session.scalar(
                select(func.count()).select_from(ApprovalRow).where(ApprovalRow.status == "pending")
            )
            or 0
        )
        projects = [r.name for r in session.scalars(select(ProjectRow))]
        data["open_alerts"] = int(
            session.scalar(
                select(func.count()).select_from(AlertRow).where(AlertRow.status == "open")
            )
            or 0
        )
        data["failed_validations"] = int(
            session.scalar(
                select(func.count())
                .select_from(ValidationRow)
                .where(ValidationRow.passed.is_(False))
            )
            or 0
        )
        last = None
        if can_audit:
            row = session.scalars(
                select(AuditEntryRow)
                .where(AuditEntryRow.action == "audit.verify")
                .order_by(AuditEntryRow.seq.desc())
                .limit(1)
            ).first()
            if row is not None:
                details = json.loads(row.details)
                name = session.scalar(
                    select(UserRow.name).where(UserRow.id == row.actor_user_id)
                ) or str(row.actor_user_id)
                last = Verification(
                    row.time,
                    str(details.get("result")),
                    int(details.get("entries", 0)),
                    int(details.get("problems", 0)),
                    name,
                )
    awaiting: list[str] = []
    if data["pending_requests"] and rbac.allowed(actor.role, "registry.approve"):
        for project in projects:
            awaiting += [
                f"{project}: {a.version}" for a in ws.registry.approvals.awaiting(actor, project)
            ]
    active: dict[str, int] = {}
    for role, disabled in users:
        if not disabled:
            active[role] = active.get(role, 0) + 1
    return Overview(
        workspace_id=ws.id,
        display_name=settings["display_name"] or ws.path.name,
        path=str(ws.path),
        created=ws.config.created,
        metadata=_metadata(ws),
        active_users=active,
        disabled_users=sum(1 for _, disabled in users if disabled),
        audit_entries=0 if state is None else state.size,
        objects=int(count),
        object_bytes=int(size),
        last_verification=last,
        can_read_audit=can_audit,
        awaiting_me=tuple(awaiting),
        **data,
    )


def _metadata(ws: Workspace) -> str:
    """Where the workspace keeps its metadata and audit log, without any password."""
    if not ws.config.metadata_url:
        return "SQLite (metadata.db)"
    url = ws.db.engine.url
    return f"PostgreSQL {url.database} on {url.host}:{url.port or 5432}"
