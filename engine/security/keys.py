"""Key lifecycle: rotating the workspace master key, and replacing the recovery key.

Rotation makes a new master key, seals it into the slot of every enabled user and of the
recovery key (no password needed: slots are sealed to each user's X25519 public key),
rewraps every object's data key and the log key, and rewrites no payload byte. Disabled
users are not resealed, so rotation is also how access is revoked for good.

Replacing the recovery key (`rotate_recovery`) makes a new recovery identity and slot, and
one signed `keys.rotate_recovery` entry retires the old key in the log: a copy of the old
printed key opens nothing (its slot is deleted) and signs nothing the verifiers accept.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from engine.audit.log import AuditLog
from engine.errors import WorkspaceError
from engine.jobs import CancelToken, Progress, check, report
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.keyring import Keyring, new_master_key
from engine.security.keyslots import reseal
from engine.security.slotfiles import SlotFiles
from engine.store.db import Database
from engine.store.schema import ObjectRow, UserRow, WorkspaceState


@dataclass(frozen=True)
class Rotation:
    """What a master-key rotation changed."""

    old_mk_id: str
    new_mk_id: str
    objects_rewrapped: int  # data keys wrapped again under the new master key
    slots_resealed: int  # key slots (users and recovery) sealed again


class KeyService:
    def __init__(
        self,
        workspace_id: str,
        db: Database,
        access: AccessControl,
        audit: AuditLog,
        slots: SlotFiles,
    ) -> None:
        self._ws = workspace_id
        self._db = db
        self._access = access
        self._audit = audit
        self._slots = slots

    def rotate_master(
        self, actor: Actor, *, progress: Progress | None = None, cancel: CancelToken | None = None
    ) -> Rotation:
        """Rotate the master key; returns what changed. The acting session switches to the
        new key; every other session must log in again."""
        self._access.require(actor, "keys.rotate_master", "workspace")
        old_ring = actor.keyring
        new_ring = Keyring(new_master_key())
        with self._db.reading() as session:
            users = [
                (u.id, u.name, u.slot)
                for u in session.scalars(select(UserRow).where(UserRow.disabled.is_(False)))
            ]
            state = session.get(WorkspaceState, 1)
        assert state is not None
        written: dict[str, str] = {}
        try:
            for owner, label, name in [
                *users,
                ("recovery", "the recovery key", state.recovery_slot),
            ]:
                check(cancel)
                slot = self._slots.read(name, label)
                written[owner] = self._slots.write(
                    reseal(slot, new_ring.master_key, new_ring.mk_id)
                )
            report(progress, 0.1, "key slots resealed")
            with self._access.change(actor, "keys.rotate_master", "workspace") as session:
                state = session.get(WorkspaceState, 1)
                assert state is not None
                if state.mk_id != old_ring.mk_id:
                    raise WorkspaceError(
                        "The master key was rotated by someone else meanwhile.",
                        hint="Log in again; the rotation already happened.",
                    )
                rows = session.scalars(select(ObjectRow)).all()
                for count, row in enumerate(rows, 1):
                    check(cancel)
                    if not row.wrapped_dek:  # crypto-shredded: no key left to rewrap
                        continue
                    dek = old_ring.unwrap_dek(row.wrapped_dek, row.id, row.kind, row.nonce_id)
                    row.wrapped_dek = new_ring.wrap_dek(dek, row.id, row.kind, row.nonce_id)
                    row.mk_id = new_ring.mk_id
                    report(progress, 0.1 + 0.8 * count / len(rows), "rewrapping data keys")
                if state.wrapped_meta_key:  # the key of sealed values (objects/sealed.py)
                    meta = old_ring.unwrap_meta_key(state.wrapped_meta_key)
                    state.wrapped_meta_key = new_ring.wrap_meta_key(meta)
                log_key = old_ring.unwrap_log_key(state.wrapped_log_key, self._ws)
                state.wrapped_log_key = new_ring.wrap_log_key(log_key, self._ws)
                state.mk_id = new_ring.mk_id
                old_names = {name for _, _, name in users} | {state.recovery_slot}
                state.recovery_slot = written["recovery"]
                for user_id, _, _ in users:
                    user = session.get(UserRow, user_id)
                    assert user is not None
                    user.slot = written[user_id]
                done = Rotation(old_ring.mk_id, new_ring.mk_id, len(rows), len(written))
                self._audit.append(session, actor, "keys.rotate_master", "workspace", done.__dict__)
        except BaseException:
            self._slots.remove(set(written.values()))
            raise
        self._slots.remove(old_names - set(written.values()))
        actor.switch_keyring(new_ring)  # the admin carries on under the new key
        report(progress, 1.0, "done")
        return done

    def rotate_recovery(self, actor: Actor, *, reason: str = "") -> str:
        """Replace the recovery key; return the new printed key (shown once). The old key
        stops working: its slot is deleted and the log retires its signing key."""
        from engine.security.auth import new_recovery_slot
        from engine.security.identity import key_record, record_key, retire_key
        from engine.store.schema import SigningKeyRow

        self._access.require(actor, "keys.rotate_recovery", "workspace")
        ring = actor.keyring
        with self._db.reading() as session:
            state = session.get(WorkspaceState, 1)
            assert state is not None
            origin = state.log_key_name
        printed, slot = new_recovery_slot(self._ws, origin, ring.master_key, ring.mk_id)
        name = self._slots.write(slot)
        old_slot = None
        try:
            with self._access.change(actor, "keys.rotate_recovery", "workspace") as session:
                state = session.get(WorkspaceState, 1)
                assert state is not None
                if state.mk_id != ring.mk_id:
                    raise WorkspaceError(
                        "The master key was rotated after this session started.",
                        hint="Log in again to continue.",
                    )
                old = [
                    k.key_id
                    for k in session.scalars(
                        select(SigningKeyRow).where(
                            SigningKeyRow.purpose == "recovery",
                            SigningKeyRow.valid_to_seq.is_(None),
                        )
                    )
                ]
                record = key_record(slot, "recovery", None)
                entry = self._audit.append(
                    session,
                    actor,
                    "keys.rotate_recovery",
                    "workspace",
                    {
                        "keys_added": [record],
                        "keys_retired": old,
                        **({"reason": reason.strip()[:300]} if reason.strip() else {}),
                    },
                )
                for key in old:
                    retire_key(session, key, entry.seq)
                record_key(session, record, entry.seq)
                old_slot, state.recovery_slot = state.recovery_slot, name
        except BaseException:
            self._slots.remove({name})
            raise
        self._slots.remove({old_slot} if old_slot and old_slot != name else set())
        return printed
