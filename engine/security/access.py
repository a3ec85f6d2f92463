"""Permission checks inside the engine, with every denial written to the audit log.

`change()` opens the write transaction of an action, checks the actor's *current* role and
status inside it, and on denial rolls back, records `access.denied` in a transaction of its
own, and raises PermissionDenied.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.audit.log import AuditLog
from engine.errors import PermissionDenied
from engine.security import rbac
from engine.security.actor import Actor
from engine.store.db import Database
from engine.store.schema import UserRow

# The actor whose checked transaction is open on this thread: sealed values read inside it
# are opened with that actor's keys (engine/objects/sealed.py).
CURRENT_ACTOR: ContextVar[Actor | None] = ContextVar("airlock_current_actor", default=None)

# A plain statement: every engine call runs this check first.
_USER_ROLE = select(UserRow.role, UserRow.disabled, UserRow.signing_key_id).where(
    UserRow.id == bindparam("user_id")
)


class SessionRevoked(PermissionDenied):
    """The session's user was disabled, or got new keys, after signing in: its key no longer
    signs (docs/audit-format.md §4), so the refusal is recorded as an unsigned auth.fail."""


class AccessControl:
    def __init__(self, db: Database, audit: AuditLog) -> None:
        self._db = db
        self._audit = audit

    def _check(self, session: Session, actor: Actor, action: str) -> None:
        row = session.execute(_USER_ROLE, {"user_id": actor.user_id}).first()
        if row is None or row.disabled:
            raise SessionRevoked(
                "Your account is disabled or was removed.", hint="Ask an administrator."
            )
        if row.role != actor.confirmed_role and actor.limited is None:
            self._confirm_role(session, actor)  # changed since sign-in: by the log, or not
        actor.role = row.role
        if row.signing_key_id != actor.key_id:
            raise SessionRevoked(
                "Your password was reset since you signed in, so this "
                "session's key no longer signs.",
                hint="Sign in again.",
            )
        if actor.limited is not None and not rbac.allowed("auditor", action):
            raise PermissionDenied(
                "The audit log's record of users does not check out, so every session has "
                f"an auditor's rights only (read and verify) until it is restored: "
                f"{actor.limited}",
                hint="Run `airlock audit verify`; restore the workspace from a backup.",
            )
        if not rbac.allowed(row.role, action):
            raise PermissionDenied(
                f"Your role ({row.role}) does not allow you to {rbac.describe(action)}.",
                hint="Ask an administrator if you need this permission.",
            )

    @staticmethod
    def _confirm_role(session: Session, actor: Actor) -> None:
        """A role changed in the users table during a session counts only if the signed log
        says so (an administrator's user.role); an edit of the table is refused."""
        from engine.audit.membership import check_account

        user = session.get(UserRow, actor.user_id)
        assert user is not None
        check_account(session, user)
        actor.confirmed_role = user.role

    def deny(
        self, actor: Actor, action: str, target: str, reason: str, revoked: bool = False
    ) -> None:
        """Record a refused attempt (its own transaction: the refused change rolled back).
        A revoked session cannot sign: its refusal is an unsigned auth.fail."""
        with self._db.transaction() as session:
            if revoked:
                self._audit.append(
                    session,
                    None,
                    "auth.fail",
                    f"user:{actor.user_id}",
                    {"reason": f"session no longer valid: {reason}", "action": action},
                    unsigned_actor=(actor.user_id, actor.role),
                )
                return
            self.record_login(session, actor)
            self._audit.append(
                session, actor, "access.denied", target, {"action": action, "reason": reason}
            )

    @staticmethod
    def record_login(session: Session, actor: Actor) -> None:
        """Write the login entry of a session whose login was deferred until after a
        read-only verification (docs/audit-format.md §8), before its first entry."""
        pending = actor.take_pending_login()
        if pending is not None:
            pending(session)

    @contextmanager
    def change(self, actor: Actor, action: str, target: str) -> Iterator[Session]:
        """The write transaction of `action`, after the permission check."""
        token = CURRENT_ACTOR.set(actor)
        try:
            with self._db.transaction() as session:
                self._check(session, actor, action)
                self.record_login(session, actor)
                yield session
        except PermissionDenied as exc:
            self.deny(actor, action, target, exc.message, isinstance(exc, SessionRevoked))
            raise
        finally:
            CURRENT_ACTOR.reset(token)

    @contextmanager
    def reading(
        self, actor: Actor, action: str, target: str, snapshot: bool = False
    ) -> Iterator[Session]:
        """A read transaction for `action`, after the permission check (`snapshot`: see
        Database.reading)."""
        token = CURRENT_ACTOR.set(actor)
        try:
            with self._db.reading(snapshot) as session:
                self._check(session, actor, action)
                yield session
        except PermissionDenied as exc:
            self.deny(actor, action, target, exc.message, isinstance(exc, SessionRevoked))
            raise
        finally:
            CURRENT_ACTOR.reset(token)

    def require(self, actor: Actor, action: str, target: str) -> None:
        """Check without keeping a transaction open (for work done outside the database)."""
        with self.reading(actor, action, target):
            pass
