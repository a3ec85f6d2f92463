"""Logging in (password or recovery key), with exponential back-off after failures.

A failed login says only "wrong user name or password": it never reveals which part was
wrong, and an unknown name costs the same key derivation as a known one.
"""

from __future__ import annotations

__all__ = [
    "Authenticator",
    "backoff_delay",
    "format_recovery_key",
    "new_recovery_key",
    "new_recovery_slot",
    "parse_recovery_key",
]

import contextlib
import math
import os
from collections.abc import Callable
from datetime import datetime
from typing import NoReturn

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit.log import AuditLog
from engine.audit.membership import LogDamaged, check_account
from engine.errors import (
    AuthenticationError,
    ConcurrencyError,
    IntegrityError,
    TooManyAttempts,
    WorkspaceError,
    WrongPassword,
)
from engine.security import kdf
from engine.security.actor import Actor, LogSigner
from engine.security.identity import (
    name_key,
    throttle_key,
)
from engine.security.keyring import Keyring
from engine.security.keyslots import (
    OwnerKeys,
    Slot,
    SlotLocked,
    derive_kek,
    open_slot,
    unseal_master_key,
)
from engine.security.recovery import (
    format_recovery_key,
    new_recovery_key,
    new_recovery_slot,
    parse_recovery_key,
    recover_with_key,
)
from engine.security.slotfiles import SlotFiles
from engine.store.db import Database
from engine.store.schema import LoginThrottleRow, UserRow, WorkspaceState

FREE_FAILURES = 3  # failures before back-off starts
MAX_DELAY = 15 * 60.0  # seconds


def backoff_delay(failures: int) -> float:
    """Seconds to wait after `failures` consecutive failures: 1, 2, 4, … up to 15 min."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(MAX_DELAY, 2.0 ** (failures - FREE_FAILURES))


class Authenticator:
    def __init__(
        self,
        workspace_id: str,
        origin: str,
        db: Database,
        audit: AuditLog,
        slots: SlotFiles,
        clock: Callable[[], datetime],
    ) -> None:
        self._ws = workspace_id
        self._origin = origin
        self._db = db
        self._audit = audit
        self._slots = slots
        self._clock = clock

    # -- password login --------------------------------------------------------------------
    def login(
        self, name: str, password: str, *, desktop: bool = False, record: bool = True
    ) -> Actor:
        """Unlock a user's keys with their password. `desktop=True` (the desktop app)
        refuses service accounts: they run unattended work only. `record=False` defers the
        login entry until the session's first write (after a read-only verification of the
        log, docs/audit-format.md §8); `settle()` writes it if nothing else did."""
        key = throttle_key(name)
        now = self._clock().timestamp()
        with self._db.reading() as session:
            row = session.scalars(select(UserRow).where(UserRow.name_key == name_key(name))).first()
        user_id = row.id if row else None
        role = row.role if row else None
        wait = self._claim(key, now)
        if wait is not None:
            self._record_failure(key, user_id, role, "refused during back-off", count=False)
            raise TooManyAttempts(
                f"Too many failed logins for this user name. Try again in {wait} s.",
                hint="Each further failure doubles the wait.",
                retry_after=wait,
            )
        if row is None:
            # Same cost as a real attempt, so timing does not reveal which names exist.
            kdf.derive_key(password, os.urandom(16), kdf.default_params(), "an unknown user")
            self._wrong(key, None, None)
        assert row is not None
        try:
            slot = self._slots.read(row.slot, row.name)
            kek = derive_kek(slot.data["kdf"], password, row.name)
        except IntegrityError as exc:
            self._record_failure(
                key, row.id, row.role, f"key slot rejected: {exc.message}", count=False
            )
            raise
        try:
            keys = open_slot(slot, kek)
        except SlotLocked:
            self._wrong(key, row.id, row.role)
        damaged = None
        if self._current_schema():
            with self._db.reading() as session:  # the role, status and key the log gives
                try:
                    check_account(session, row)
                except LogDamaged as exc:  # sign in to investigate, with an auditor's rights
                    damaged = exc.message
                except IntegrityError as exc:
                    self._record_failure(key, row.id, row.role, exc.message, count=False)
                    raise
        if row.disabled:
            self._record_failure(key, row.id, row.role, "account disabled", count=False)
            raise AuthenticationError(
                "This account is disabled.", hint="Ask an administrator to enable it."
            )
        if desktop and row.service:
            self._record_failure(
                key, row.id, row.role, "service account at the desktop", count=False
            )
            raise AuthenticationError(
                f"{row.name} is a service account: it runs pipelines from the command line "
                "and cannot sign in to the desktop app.",
                hint="Sign in with your own account.",
            )
        actor = self._unlock(row, slot, keys)
        actor.limited = damaged

        def record_login(session: Session) -> None:
            done = session.get(LoginThrottleRow, key)
            if done is not None:
                session.delete(done)
            self._audit.append(session, actor, "auth.login", f"user:{actor.user_id}", {})

        if record:
            try:
                with self._db.transaction() as session:
                    record_login(session)
            except (WorkspaceError, ConcurrencyError) as exc:
                # A full disk or a database held by a long writer: reading can go on; the
                # entry is written with the session's first change (or by settle()).
                actor.defer_login(record_login)
                actor.unrecorded = exc.message
        else:
            actor.defer_login(record_login)
        return actor

    def settle(self, actor: Actor) -> None:
        """Write a deferred login entry that no later write has written yet."""
        pending = actor.take_pending_login()
        if pending is not None and not actor.locked:
            try:
                with self._db.transaction() as session:
                    pending(session)
            except (WorkspaceError, ConcurrencyError) as exc:  # read-only work still counts
                actor.defer_login(pending)
                actor.unrecorded = exc.message

    def confirm(self, actor: Actor, password: str) -> None:
        """Re-authentication before a decision that must be the user's own (an approval):
        the password must open the actor's own key slot. Failures count towards the same
        back-off as logins and are audited; success writes nothing (the decision's own
        entry records that the password was re-entered)."""
        key = throttle_key(actor.name)
        now = self._clock().timestamp()
        with self._db.reading() as session:
            throttle = session.get(LoginThrottleRow, key)
            row = session.get(UserRow, actor.user_id)
        if row is None or row.disabled:
            raise AuthenticationError("Your account is disabled or was removed.")
        if throttle is not None and throttle.locked_until > now:
            wait = math.ceil(throttle.locked_until - now)
            raise TooManyAttempts(
                f"Too many wrong passwords. Try again in {wait} s.", retry_after=wait
            )
        slot = self._slots.read(row.slot, row.name)
        try:
            open_slot(slot, derive_kek(slot.data["kdf"], password, row.name))
        except SlotLocked:
            self._record_failure(key, row.id, row.role, "wrong password when confirming")
            raise WrongPassword(
                "The password is not right.",
                hint="Enter your own password to confirm this decision.",
            ) from None
        if slot.signing_key_id != actor.key_id:
            raise AuthenticationError(
                "The password opened a different key than this session's.", hint="Log in again."
            )

    def _current_schema(self) -> bool:
        """Whether the database has the current schema: an older workspace (opened only to
        be upgraded) has no format-2 log to replay yet; `airlock upgrade` verifies it."""
        return self._db.current_revision() == self._db.head_revision()

    def _claim(self, key: str, now: float) -> int | None:
        """Count this attempt as a failure before the password is checked (a success clears
        the count), in a write transaction — one at a time per workspace, so attempts started
        together are serialised: the fourth of ten finds the back-off the third set (before,
        all ten read the same empty throttle and were checked in one window). Returns the
        seconds to wait when a back-off is in force. When the database cannot be written
        (a full disk), the back-off in force is still read and honoured."""
        try:
            with self._db.transaction() as session:
                throttle = session.get(LoginThrottleRow, key)
                if throttle is not None and throttle.locked_until > now:
                    return math.ceil(throttle.locked_until - now)
                if throttle is None:
                    throttle = LoginThrottleRow(name_key=key, failures=0, locked_until=0.0)
                    session.add(throttle)
                throttle.failures += 1
                delay = backoff_delay(throttle.failures)
                throttle.locked_until = now + delay if delay else 0.0
                return None
        except (WorkspaceError, ConcurrencyError):
            with self._db.reading() as session:
                throttle = session.get(LoginThrottleRow, key)
            if throttle is not None and throttle.locked_until > now:
                return math.ceil(throttle.locked_until - now)
            return None

    def _wrong(self, key: str, user_id: str | None, role: str | None) -> NoReturn:
        self._record_failure(key, user_id, role, "wrong user name or password", count=False)
        raise WrongPassword(
            "Wrong user name or password.",
            hint="Passwords are case-sensitive. After three failures each "
            "further attempt must wait longer.",
        )

    def _record_failure(
        self, key: str, user_id: str | None, role: str | None, reason: str, count: bool = True
    ) -> None:
        """Record a failure (best effort: on a full disk the refusal itself still stands)."""
        with (
            contextlib.suppress(WorkspaceError, ConcurrencyError),
            self._db.transaction() as session,
        ):
            row = session.get(LoginThrottleRow, key)
            if row is None:
                row = LoginThrottleRow(name_key=key, failures=0, locked_until=0.0)
                session.add(row)
            if count:
                row.failures += 1
                delay = backoff_delay(row.failures)
                row.locked_until = self._clock().timestamp() + delay if delay else 0.0
            self._audit.append(
                session,
                None,
                "auth.fail",
                f"user:{user_id}" if user_id else "user:unknown",
                {"reason": reason, "failures": row.failures},
                unsigned_actor=(user_id, role),
            )

    # -- unlocking -------------------------------------------------------------------------
    def _unlock(self, row: UserRow, slot: Slot, keys: OwnerKeys) -> Actor:
        if slot.signing_key_id != row.signing_key_id:
            raise IntegrityError(
                f"The key slot of {row.name} does not match the user record.",
                hint="Restore keys/ and metadata.db from the same backup.",
            )
        return self._actor(row.id, row.name, row.role, keys, slot, bool(row.service))

    def _actor(
        self, user_id: str, name: str, role: str, keys: OwnerKeys, slot: Slot, service: bool = False
    ) -> Actor:
        ring = Keyring(unseal_master_key(slot, keys))
        with self._db.reading() as session:
            state = session.get(WorkspaceState, 1)
        assert state is not None
        if ring.mk_id != state.mk_id:
            raise IntegrityError(
                f"The key slot of {name} holds an old master key.",
                hint="An administrator can re-enable the account or reset its password.",
            )
        log_private = Ed25519PrivateKey.from_private_bytes(
            ring.unwrap_log_key(state.wrapped_log_key, self._ws)
        )
        if log_private.public_key().public_bytes_raw() != state.log_public_key:
            raise IntegrityError("The workspace log key does not match its public key.")
        signer = LogSigner(state.log_key_name, state.log_public_key, log_private)
        return Actor(
            user_id=user_id,
            name=name,
            role=role,
            key_id=slot.signing_key_id,
            signing_key=keys.ed25519,
            keyring=ring,
            log_signer=signer,
            workspace_id=self._ws,
            service=service,
        )

    def lock(self, actor: Actor, reason: str) -> None:
        """Record that a session was locked (on request or when idle), then drop its keys.
        Unlocking is a new login."""
        if actor.locked:
            return
        with self._db.transaction() as session:
            row = session.get(UserRow, actor.user_id)
            # A disabled user's or a reset password's keys are retired: nothing to sign.
            if row is not None and not row.disabled and row.signing_key_id == actor.key_id:
                actor.role = row.role
                pending = actor.take_pending_login()
                if pending is not None:
                    pending(session)
                self._audit.append(
                    session, actor, "auth.lock", f"user:{actor.user_id}", {"reason": reason}
                )
        actor.lock()

    # -- recovery --------------------------------------------------------------------------
    def recover(self, recovery_key: str, admin_name: str, new_password: str) -> Actor:
        """Reset an administrator's password with the recovery key. The administrator gets
        new keys (the old private key was wrapped under the forgotten password)."""
        return recover_with_key(self, recovery_key, admin_name, new_password)
