"""Filling a fresh workspace folder: the master key, the log key, the first
administrator's identity and the recovery key, the database and its first audit entry."""

from __future__ import annotations

import os
from pathlib import Path

import tomli_w
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from engine.audit.log import AuditLog
from engine.audit.record import b64, format_time, key_id
from engine.security import kdf
from engine.security.actor import Actor, LogSigner
from engine.security.auth import new_recovery_slot
from engine.security.identity import (
    issue_identity,
    key_record,
    name_key,
    new_user_id,
    record_key,
)
from engine.security.keyring import Keyring, new_master_key
from engine.security.slotfiles import SlotFiles
from engine.store.db import Database
from engine.store.files import atomic_write
from engine.store.schema import UserRow, WorkspaceState
from engine.workspace.config import CONFIG_NAME, DB_NAME, FORMAT_VERSION, Clock, WorkspaceConfig


def build(
    folder: Path,
    admin: str,
    password: str,
    params: kdf.Argon2Params,
    clock: Clock,
    metadata: str | None = None,
    stored_url: str | None = None,
) -> str:
    """Fill a fresh workspace folder; return the printed recovery key."""
    workspace_id = "ws_" + os.urandom(8).hex()
    origin = f"airlock/{workspace_id}"
    ring = Keyring(new_master_key())
    slots = SlotFiles(folder / "keys")
    log_private = Ed25519PrivateKey.generate()
    log_public = log_private.public_key().public_bytes_raw()
    log_key_id = key_id(origin, log_public)
    log_key = {
        "key_id": log_key_id,
        "name": origin,
        "purpose": "log",
        "user_id": None,
        "public_key": b64(log_public),
    }
    admin_id = new_user_id()
    identity = issue_identity(
        slots=slots,
        workspace_id=workspace_id,
        origin=origin,
        user_id=admin_id,
        password=password,
        master_key=ring.master_key,
        mk_id=ring.mk_id,
        params=params,
    )
    printed, recovery_slot = new_recovery_slot(workspace_id, origin, ring.master_key, ring.mk_id)
    recovery_name = slots.write(recovery_slot)
    created = format_time(clock())
    config = WorkspaceConfig(
        FORMAT_VERSION,
        workspace_id,
        created,
        origin,
        log_key_id,
        b64(log_public),
        params,
        stored_url,
    )
    db = Database(metadata) if metadata else Database(folder / DB_NAME)
    try:
        db.upgrade()
        audit = AuditLog(workspace_id, clock)
        actor = Actor(
            user_id=admin_id,
            name=admin,
            role="admin",
            key_id=identity.slot.signing_key_id,
            signing_key=identity.keys.ed25519,
            keyring=ring,
            log_signer=LogSigner(origin, log_public, log_private),
            workspace_id=workspace_id,
        )
        records = [log_key, identity.key_record, key_record(recovery_slot, "recovery", None)]
        with db.transaction() as session:
            session.add(
                WorkspaceState(
                    id=1,
                    workspace_id=workspace_id,
                    mk_id=ring.mk_id,
                    log_key_id=log_key_id,
                    log_key_name=origin,
                    log_public_key=log_public,
                    wrapped_log_key=ring.wrap_log_key(
                        log_private.private_bytes_raw(), workspace_id
                    ),
                    recovery_slot=recovery_name,
                    created=created,
                    # the key of sealed values and of keyed object names (objects/sealed.py)
                    wrapped_meta_key=ring.wrap_meta_key(os.urandom(32)),
                )
            )
            session.add(
                UserRow(
                    id=admin_id,
                    name=admin,
                    name_key=name_key(admin),
                    role="admin",
                    disabled=False,
                    slot=identity.slot_name,
                    signing_key_id=identity.slot.signing_key_id,
                    created=created,
                    password_changed=created,
                )
            )
            entry = audit.append(
                session,
                actor,
                "workspace.init",
                f"workspace:{workspace_id}",
                {"format": FORMAT_VERSION, "admin": admin_id, "keys_added": records},
            )
            assert entry.seq == 1
            for record in records:
                record_key(session, record, 1)
        actor.lock()
    finally:
        db.dispose()
    atomic_write(folder / CONFIG_NAME, tomli_w.dumps(config.to_toml()).encode("utf-8"))
    return printed
