"""Permission checks inside the engine, with every denial written to the audit log.

`change()` opens the write transaction of an action, checks the actor's *current* role and
status inside it, and on denial rolls back, records `access.denied` in a transaction of its
own, and raises PermissionDenied.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.audit.log import AuditLog
from engine.errors import PermissionDenied
from engine.security import rbac
from engine.security.actor import Actor
from engine.store.db import Database
from engine.store.schema import UserRow

# A plain statement: every engine call runs this check first.
_USER_ROLE = select(UserRow.role, UserRow.disabled).where(UserRow.id == bindparam("user_id"))


class AccessControl:
    def __init__(self, db: Database, audit: AuditLog) -> None:
        self._db = db
        self._audit = audit

    def _check(self, session: Session, actor: Actor, action: str) -> None:
        row = session.execute(_USER_ROLE, {"user_id": actor.user_id}).first()
        if row is None or row.disabled:
            raise PermissionDenied("Your account is disabled or was removed.",
                                   hint="Ask an administrator.")
        actor.role = row.role
        if not rbac.allowed(row.role, action):
            raise PermissionDenied(
                f"Your role ({row.role}) does not allow you to {rbac.describe(action)}.",
                hint="Ask an administrator if you need this permission.")

    def deny(self, actor: Actor, action: str, target: str, reason: str) -> None:
        """Record a refused attempt (its own transaction: the refused change rolled back)."""
        with self._db.transaction() as session:
            self._audit.append(session, actor, "access.denied", target,
                               {"action": action, "reason": reason})

    @contextmanager
    def change(self, actor: Actor, action: str, target: str) -> Iterator[Session]:
        """The write transaction of `action`, after the permission check."""
        try:
            with self._db.transaction() as session:
                self._check(session, actor, action)
                yield session
        except PermissionDenied as exc:
            self.deny(actor, action, target, exc.message)
            raise

    @contextmanager
    def reading(self, actor: Actor, action: str, target: str) -> Iterator[Session]:
        """A read snapshot for `action`, after the permission check."""
        try:
            with self._db.reading() as session:
                self._check(session, actor, action)
                yield session
        except PermissionDenied as exc:
            self.deny(actor, action, target, exc.message)
            raise

    def require(self, actor: Actor, action: str, target: str) -> None:
        """Check without keeping a transaction open (for work done outside the database)."""
        with self.reading(actor, action, target):
            pass
