"""User identities: name and password rules, and issuing a user's keys and key slot."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit.record import b64
from engine.errors import IntegrityError, ValidationError
from engine.security import kdf
from engine.security.keyslots import OwnerKeys, Slot, build_slot, derive_kek, password_kdf
from engine.security.slotfiles import SlotFiles
from engine.store.schema import SigningKeyRow

MIN_PASSWORD = 12
MAX_PASSWORD = 1024
MIN_STRENGTH = 3  # zxcvbn score: 3 is 'safely unguessable' for an online attack, ~10^8
_NAME_RE = re.compile(r"^[\w][\w.\-]{0,63}$")


def name_key(name: str) -> str:
    """The form names are compared in: NFC, case-folded, trimmed."""
    return unicodedata.normalize("NFC", name).strip().casefold()


def check_user_name(name: str) -> str:
    clean = unicodedata.normalize("NFC", name or "").strip()
    if not _NAME_RE.match(clean):
        raise ValidationError(
            "The 'name' parameter must be 1 to 64 letters, digits, '.', '-' or '_', starting "
            f"with a letter or digit. Got {name!r}."
        )
    return clean


def check_password(password: str, user_name: str = "") -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        got = len(password) if isinstance(password, str) else 0
        raise ValidationError(
            f"The password must be at least {MIN_PASSWORD} characters long. Got {got} characters.",
            hint="A passphrase of several words is easiest to remember.",
        )
    if len(password) > MAX_PASSWORD:
        raise ValidationError(f"The password must be at most {MAX_PASSWORD} characters long.")
    if not password.strip():
        raise ValidationError("The password must not be only spaces.")
    if user_name and name_key(password) == name_key(user_name):
        raise ValidationError("The password must not be the user name.")
    _check_strength(unicodedata.normalize("NFC", password), user_name)


def _check_strength(password: str, user_name: str) -> None:
    """Length is not strength: 'password1234' has twelve characters and is among the first
    guesses of any cracker. zxcvbn (offline: its dictionaries ship in the package) estimates
    the guesses an attacker needs from common passwords, names, words, keyboard patterns,
    sequences and repeats; below score 3 (about 10^8 guesses) is refused."""
    from zxcvbn import zxcvbn

    found = zxcvbn(password[:100], user_inputs=[user_name, "airlock"] if user_name else ["airlock"])
    if found["score"] >= MIN_STRENGTH:
        return
    feedback = found.get("feedback") or {}
    warning = str(feedback.get("warning") or "").rstrip(".")
    raise ValidationError(
        "The password is too easy to guess"
        + (f": {warning[0].lower() + warning[1:]}." if warning else ".")
        + f" An attacker would need about 10^{found['guesses_log10']:.0f} guesses.",
        hint="Use a passphrase of three or four unrelated words (any language); avoid names, "
        "dates, keyboard rows and common passwords with digits added.",
    )


def new_user_id() -> str:
    return "usr_" + os.urandom(6).hex()


@dataclass(frozen=True)
class Identity:
    """Fresh keys for one owner, their slot (written to keys/), and the public key record
    that the audit entry introducing them carries."""

    keys: OwnerKeys
    slot: Slot
    slot_name: str
    key_record: dict[str, Any]


def user_key_name(origin: str, user_id: str) -> str:
    return f"{origin}/user/{user_id}"


def key_record(slot: Slot, purpose: str, user_id: str | None) -> dict[str, Any]:
    return {
        "key_id": slot.signing_key_id,
        "name": slot.signing_key_name,
        "purpose": purpose,
        "user_id": user_id,
        "public_key": b64(slot.ed25519_public),
    }


def issue_identity(
    *,
    slots: SlotFiles,
    workspace_id: str,
    origin: str,
    user_id: str,
    password: str,
    master_key: bytes,
    mk_id: str,
    params: kdf.Argon2Params | None = None,
) -> Identity:
    """Generate a user's X25519 and Ed25519 keys and write their password slot."""
    keys = OwnerKeys.generate()
    spec = password_kdf(params)
    kek = derive_kek(spec, password, user_id)
    slot = build_slot(
        workspace_id=workspace_id,
        owner_id=user_id,
        kind="password",
        kdf_spec=spec,
        kek=kek,
        keys=keys,
        signing_key_name=user_key_name(origin, user_id),
        master_key=master_key,
        mk_id=mk_id,
    )
    name = slots.write(slot)
    return Identity(keys, slot, name, key_record(slot, "user", user_id))


def record_key(session: Session, record: dict[str, Any], valid_from: int) -> None:
    session.add(
        SigningKeyRow(
            key_id=record["key_id"],
            name=record["name"],
            purpose=record["purpose"],
            user_id=record["user_id"],
            public_key=base64.b64decode(record["public_key"]),
            valid_from_seq=valid_from,
            valid_to_seq=None,
        )
    )


def retire_key(session: Session, key_id: str, valid_to: int) -> None:
    rows = session.scalars(
        select(SigningKeyRow).where(
            SigningKeyRow.key_id == key_id, SigningKeyRow.valid_to_seq.is_(None)
        )
    )
    for row in rows:
        row.valid_to_seq = valid_to


def valid_keys(session: Session, user_id: str) -> list[SigningKeyRow]:
    """The user's signing keys that the log has not retired."""
    return list(
        session.scalars(
            select(SigningKeyRow).where(
                SigningKeyRow.user_id == user_id,
                SigningKeyRow.purpose == "user",
                SigningKeyRow.valid_to_seq.is_(None),
            )
        )
    )


def current_key_record(session: Session, key_id: str) -> dict[str, Any]:
    """The public record of a key the log introduced before, to introduce it again."""
    row = session.scalars(
        select(SigningKeyRow)
        .where(SigningKeyRow.key_id == key_id)
        .order_by(SigningKeyRow.id.desc())
    ).first()
    if row is None:
        raise IntegrityError(
            f"The signing key {key_id} is not in the key table.",
            hint="Restore metadata.db from a backup.",
        )
    return {
        "key_id": row.key_id,
        "name": row.name,
        "purpose": row.purpose,
        "user_id": row.user_id,
        "public_key": b64(row.public_key),
    }


def throttle_key(name: str) -> str:
    return hashlib.sha256(name_key(name).encode()).hexdigest()
