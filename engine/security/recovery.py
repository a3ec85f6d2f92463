"""The recovery key: printed once when a workspace is made, it unlocks a slot holding the
master key, so an administrator's password can be reset without it."""

from __future__ import annotations

import base64
import hashlib
import os
from typing import TYPE_CHECKING

from sqlalchemy import select

from engine.audit.membership import authority_from_log
from engine.errors import IntegrityError, NotFound, ValidationError, WrongPassword
from engine.security.actor import Actor
from engine.security.identity import (
    check_password,
    issue_identity,
    name_key,
    record_key,
    retire_key,
    throttle_key,
    valid_keys,
)
from engine.security.keyslots import (
    OwnerKeys,
    Slot,
    SlotLocked,
    build_slot,
    derive_kek,
    open_slot,
    recovery_kdf,
)
from engine.store.schema import LoginThrottleRow, UserRow, WorkspaceState

RECOVERY_USER = "recovery"  # the user id and role of the recovery key's entries
_RECOVERY_GROUPS = 14

if TYPE_CHECKING:
    from engine.security.auth import Authenticator


def new_recovery_key() -> tuple[bytes, str]:
    """32 random bytes and their printed form: base32 with a 4-character checksum."""
    secret = os.urandom(32)
    return secret, format_recovery_key(secret)


def new_recovery_slot(
    workspace_id: str, origin: str, master_key: bytes, mk_id: str
) -> tuple[str, Slot]:
    """A new recovery key (printed form) and its slot holding `master_key`: made when a
    workspace is created and when the recovery key is replaced."""
    _, printed = new_recovery_key()
    spec = recovery_kdf()
    slot = build_slot(
        workspace_id=workspace_id,
        owner_id=RECOVERY_USER,
        kind="recovery",
        kdf_spec=spec,
        kek=derive_kek(spec, parse_recovery_key(printed), RECOVERY_USER),
        keys=OwnerKeys.generate(),
        signing_key_name=f"{origin}/recovery",
        master_key=master_key,
        mk_id=mk_id,
    )
    return printed, slot


def format_recovery_key(secret: bytes) -> str:
    body = base64.b32encode(secret).decode().rstrip("=")
    check = base64.b32encode(hashlib.sha256(secret).digest()).decode()[:4]
    text = body + check
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> str:
    """Normalise a typed recovery key; raise ValidationError on a typo (bad checksum)."""
    clean = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    clean = clean.translate(str.maketrans("018", "OIB"))  # digits base32 lacks
    if len(clean) != 4 * _RECOVERY_GROUPS:
        raise ValidationError(
            "That is not a recovery key: it should be 14 groups of 4 letters and digits.",
            hint="Copy it exactly as printed.",
        )
    try:
        secret = base64.b32decode(clean[:52] + "====")
    except ValueError:
        raise ValidationError("That is not a recovery key (invalid characters).") from None
    if format_recovery_key(secret).replace("-", "") != clean:
        raise ValidationError(
            "The recovery key has a typo (its checksum does not match).",
            hint="Check each group against the printed copy.",
        )
    return clean[:52]


def recover_with_key(
    auth: Authenticator, recovery_key: str, admin_name: str, new_password: str
) -> Actor:
    secret = parse_recovery_key(recovery_key)
    with auth._db.reading() as session:
        state = session.get(WorkspaceState, 1)
        row = session.scalars(
            select(UserRow).where(UserRow.name_key == name_key(admin_name))
        ).first()
    assert state is not None
    if row is None or row.role != "admin":
        raise NotFound(
            f"There is no administrator named {admin_name!r}.",
            hint="`airlock recover` resets the password of an administrator.",
        )
    check_password(new_password, row.name)
    slot = auth._slots.read(state.recovery_slot, "the recovery key")
    try:
        keys = open_slot(slot, derive_kek(slot.data["kdf"], secret, RECOVERY_USER))
    except SlotLocked:
        auth._record_failure(
            throttle_key(RECOVERY_USER), None, None, "wrong recovery key", count=False
        )
        raise WrongPassword(
            "The recovery key is not correct.",
            hint="Use the key printed when this workspace was created.",
        ) from None
    in_force = None
    checked = auth._current_schema()
    if checked:
        with auth._db.reading() as session:  # the recovery key the log has in force
            in_force = authority_from_log(session).recovery_key
    if checked and (
        in_force is None or in_force.key_id != slot.signing_key_id or in_force.valid_to is not None
    ):
        auth._record_failure(
            throttle_key(RECOVERY_USER), None, None, "a replaced recovery key", count=False
        )
        raise IntegrityError(
            "This recovery key was replaced (airlock keys rotate-recovery); it no longer works.",
            hint="Use the newest recovery key; `airlock audit verify` shows when it was replaced.",
        )
    recovery_actor = auth._actor(RECOVERY_USER, RECOVERY_USER, RECOVERY_USER, keys, slot)
    ring = recovery_actor.keyring
    identity = issue_identity(
        slots=auth._slots,
        workspace_id=auth._ws,
        origin=auth._origin,
        user_id=row.id,
        password=new_password,
        master_key=ring.master_key,
        mk_id=ring.mk_id,
    )
    old_slot = row.slot
    with auth._db.transaction() as session:
        user = session.get(UserRow, row.id)
        assert user is not None
        old_keys = [k.key_id for k in valid_keys(session, row.id)]
        entry = auth._audit.append(
            session,
            recovery_actor,
            "user.recover",
            f"user:{row.id}",
            {"keys_added": [identity.key_record], "keys_retired": old_keys},
        )
        for old_key in old_keys:
            retire_key(session, old_key, entry.seq)
        record_key(session, identity.key_record, entry.seq)
        user.slot, user.signing_key_id = identity.slot_name, identity.slot.signing_key_id
        user.disabled = False
        user.password_changed = entry.time
        throttle = session.get(LoginThrottleRow, throttle_key(row.name))
        if throttle is not None:
            session.delete(throttle)
    auth._slots.remove({old_slot})
    recovery_actor.lock()
    return auth.login(row.name, new_password)
