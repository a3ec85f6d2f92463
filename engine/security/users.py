"""User administration: add, list, disable, enable, change role, change or reset password."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.audit.log import AuditLog
from engine.audit.record import format_time
from engine.errors import AlreadyExists, NotFound, ValidationError, WrongPassword
from engine.security import rbac
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.identity import (
    check_password,
    check_user_name,
    current_key_record,
    issue_identity,
    name_key,
    new_user_id,
    record_key,
    retire_key,
    valid_keys,
)
from engine.security.keyslots import SlotLocked, derive_kek, open_slot, password_kdf, reseal
from engine.security.keyslots import rewrap as rewrap_slot
from engine.security.slotfiles import SlotFiles
from engine.store.schema import UserRow


def user_names(session: Session) -> dict[str, str]:
    """Every user's name by id, read in the caller's session (the log and the tables keep
    ids; people read names)."""
    return {user_id: name for user_id, name in session.execute(select(UserRow.id, UserRow.name))}


@dataclass(frozen=True)
class User:
    id: str
    name: str
    role: str
    disabled: bool
    created: str
    password_changed: str
    signing_key_id: str
    service: bool = False  # runs unattended work; cannot sign in to the desktop app


def _entity(row: UserRow) -> User:
    return User(
        row.id,
        row.name,
        row.role,
        row.disabled,
        row.created,
        row.password_changed,
        row.signing_key_id,
        bool(row.service),
    )


class UserService:
    def __init__(
        self,
        workspace_id: str,
        origin: str,
        access: AccessControl,
        audit: AuditLog,
        slots: SlotFiles,
        clock: Callable[[], datetime],
    ) -> None:
        self._ws = workspace_id
        self._origin = origin
        self._access = access
        self._audit = audit
        self._slots = slots
        self._clock = clock

    @staticmethod
    def _find(session: Session, name: str) -> UserRow:
        row = session.scalars(select(UserRow).where(UserRow.name_key == name_key(name))).first()
        if row is None:
            raise NotFound(
                f"There is no user named {name!r}.", hint="`airlock user list` shows the users."
            )
        return row

    def list(self, actor: Actor) -> list[User]:
        with self._access.reading(actor, "user.list", "users") as session:
            return [_entity(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]

    def get(self, actor: Actor, name: str) -> User:
        with self._access.reading(actor, "user.list", f"user:{name_key(name)}") as session:
            return _entity(self._find(session, name))

    def add(
        self, actor: Actor, name: str, role: str, password: str, *, service: bool = False
    ) -> User:
        """Create a user with an initial password, their keys and key slot. A service
        account (`service=True`) is an analyst that runs unattended work such as pipelines;
        it cannot sign in to the desktop app."""
        self._access.require(actor, "user.add", "users")
        clean = check_user_name(name)
        chosen = rbac.parse_role(role)
        if service and chosen is not rbac.Role.ANALYST:
            raise ValidationError(
                "A service account has the analyst role: it runs pipelines "
                "and scoring, and never approves, audits or administers. "
                f"Got {chosen.value!r}."
            )
        check_password(password, clean)
        with self._access.reading(actor, "user.add", "users") as session:
            if session.scalars(select(UserRow).where(UserRow.name_key == name_key(clean))).first():
                raise AlreadyExists(
                    f"A user named {clean!r} already exists.", hint="Choose another name."
                )
        user_id = new_user_id()
        ring = actor.keyring
        identity = issue_identity(
            slots=self._slots,
            workspace_id=self._ws,
            origin=self._origin,
            user_id=user_id,
            password=password,
            master_key=ring.master_key,
            mk_id=ring.mk_id,
        )
        now = format_time(self._clock())
        try:
            with self._access.change(actor, "user.add", f"user:{user_id}") as session:
                if session.scalars(
                    select(UserRow).where(UserRow.name_key == name_key(clean))
                ).first():
                    raise AlreadyExists(f"A user named {clean!r} already exists.")
                row = UserRow(
                    id=user_id,
                    name=clean,
                    name_key=name_key(clean),
                    role=chosen.value,
                    disabled=False,
                    slot=identity.slot_name,
                    signing_key_id=identity.slot.signing_key_id,
                    created=now,
                    password_changed=now,
                    service=service,
                )
                session.add(row)
                entry = self._audit.append(
                    session,
                    actor,
                    "user.add",
                    f"user:{user_id}",
                    {
                        "user_id": user_id,
                        "role": chosen.value,
                        "keys_added": [identity.key_record],
                        **({"service": True} if service else {}),
                    },
                )
                record_key(session, identity.key_record, entry.seq)
        except BaseException:
            self._slots.remove({identity.slot_name})
            raise
        return _entity(row)

    def _admins_left(self, session: Session, excluding: str) -> int:
        return int(
            session.scalar(
                select(func.count())
                .select_from(UserRow)
                .where(
                    UserRow.role == "admin", UserRow.disabled.is_(False), UserRow.id != excluding
                )
            )
            or 0
        )

    def disable(self, actor: Actor, name: str) -> User:
        with self._access.change(actor, "user.disable", f"user:{name_key(name)}") as session:
            row = self._find(session, name)
            if row.disabled:
                return _entity(row)
            if row.role == "admin" and self._admins_left(session, row.id) == 0:
                raise ValidationError(
                    "The last enabled administrator cannot be disabled.",
                    hint="Add or enable another administrator first.",
                )
            row.disabled = True
            # A disabled user signs nothing: their keys are retired with the entry
            # (docs/audit-format.md §4); enabling them introduces their key again.
            held = valid_keys(session, row.id)
            entry = self._audit.append(
                session,
                actor,
                "user.disable",
                f"user:{row.id}",
                {"keys_retired": [k.key_id for k in held]} if held else {},
            )
            for key in held:
                retire_key(session, key.key_id, entry.seq)
            return _entity(row)

    def enable(self, actor: Actor, name: str) -> User:
        """Enable a user again, resealing their slot to the current master key (a rotation
        while they were disabled left them with the old one)."""
        with self._access.reading(actor, "user.enable", f"user:{name_key(name)}") as session:
            row = self._find(session, name)
        if not row.disabled:
            return _entity(row)  # nothing to do (and nothing to record)
        ring = actor.keyring
        old = row.slot
        new = self._slots.write(
            reseal(self._slots.read(old, row.name), ring.master_key, ring.mk_id)
        )
        with self._access.change(actor, "user.enable", f"user:{row.id}") as session:
            current = self._find(session, name)
            if not current.disabled:  # enabled by someone else meanwhile
                self._slots.remove({new} - {old})
                return _entity(current)
            current.disabled = False
            current.slot = new
            again = (
                []
                if valid_keys(session, row.id)
                else [current_key_record(session, current.signing_key_id)]
            )
            entry = self._audit.append(
                session,
                actor,
                "user.enable",
                f"user:{row.id}",
                {"keys_added": again} if again else {},
            )
            for record in again:
                record_key(session, record, entry.seq)
            result = _entity(current)
        if new != old:
            self._slots.remove({old})
        return result

    def set_role(self, actor: Actor, name: str, role: str) -> User:
        self._access.require(actor, "user.role", f"user:{name_key(name)}")  # role first
        chosen = rbac.parse_role(role)
        with self._access.change(actor, "user.role", f"user:{name_key(name)}") as session:
            row = self._find(session, name)
            if row.role == chosen.value:
                return _entity(row)
            if row.service:
                raise ValidationError(
                    f"{row.name} is a service account; its role stays analyst.",
                    hint="Add a person's account instead.",
                )
            if row.role == "admin" and self._admins_left(session, row.id) == 0:
                raise ValidationError(
                    "The last enabled administrator cannot lose that role.",
                    hint="Make another user an administrator first.",
                )
            old = row.role
            row.role = chosen.value
            self._audit.append(
                session, actor, "user.role", f"user:{row.id}", {"from": old, "to": chosen.value}
            )
            return _entity(row)

    def change_password(self, actor: Actor, old_password: str, new_password: str) -> None:
        """Change one's own password: rewraps one key slot, keys stay the same."""
        self._access.require(actor, "user.passwd", f"user:{actor.user_id}")
        with self._access.reading(actor, "user.passwd", f"user:{actor.user_id}") as session:
            row = session.get(UserRow, actor.user_id)
        assert row is not None
        check_password(new_password, row.name)
        slot = self._slots.read(row.slot, row.name)
        try:
            keys = open_slot(slot, derive_kek(slot.data["kdf"], old_password, row.name))
        except SlotLocked:
            raise WrongPassword("The current password is not correct.") from None
        spec = password_kdf()
        ring = actor.keyring
        new = self._slots.write(
            rewrap_slot(slot, keys, spec, derive_kek(spec, new_password, row.name), ring.master_key)
        )
        try:
            with self._access.change(actor, "user.passwd", f"user:{row.id}") as session:
                current = session.get(UserRow, row.id)
                assert current is not None
                if current.slot != row.slot:
                    raise ValidationError(
                        "The password was changed by someone else meanwhile.",
                        hint="Log in again and retry.",
                    )
                current.slot = new
                entry = self._audit.append(session, actor, "user.passwd", f"user:{row.id}", {})
                current.password_changed = entry.time
        except BaseException:
            self._slots.remove({new})
            raise
        self._slots.remove({row.slot})

    def reset_password(self, actor: Actor, name: str, new_password: str) -> User:
        """An administrator sets another user's password. The user's old private keys are
        wrapped under a password the administrator does not know, so the user gets new keys;
        the old signing key stays valid for the entries it already signed."""
        with self._access.reading(actor, "user.passwd.other", f"user:{name_key(name)}") as s:
            row = self._find(s, name)
        check_password(new_password, row.name)
        ring = actor.keyring
        identity = issue_identity(
            slots=self._slots,
            workspace_id=self._ws,
            origin=self._origin,
            user_id=row.id,
            password=new_password,
            master_key=ring.master_key,
            mk_id=ring.mk_id,
        )
        try:
            with self._access.change(actor, "user.passwd.other", f"user:{row.id}") as session:
                current = self._find(session, name)
                old_keys = [k.key_id for k in valid_keys(session, row.id)]
                entry = self._audit.append(
                    session,
                    actor,
                    "user.passwd",
                    f"user:{row.id}",
                    {
                        "reset_by_admin": True,
                        "keys_added": [identity.key_record],
                        "keys_retired": old_keys,
                    },
                )
                for old_key in old_keys:
                    retire_key(session, old_key, entry.seq)
                record_key(session, identity.key_record, entry.seq)
                old_slot = current.slot
                current.slot = identity.slot_name
                current.signing_key_id = identity.slot.signing_key_id
                current.password_changed = entry.time
                result = _entity(current)
        except BaseException:
            self._slots.remove({identity.slot_name})
            raise
        self._slots.remove({old_slot})
        return result
