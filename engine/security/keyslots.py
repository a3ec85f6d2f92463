"""Key slots: one file per user (and one for the recovery key) in keys/.

A slot holds the user's X25519 and Ed25519 private keys, wrapped with AES-256-GCM under a
key derived from their password (Argon2id) or from the recovery key (HKDF), and the
workspace master key sealed to the user's X25519 public key with HPKE (RFC 9180). Sealing
to a public key lets an administrator rotate the master key without knowing any password.
"""

from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite

from engine.audit.canonical import canonical_json
from engine.audit.record import b64, key_id, unb64
from engine.errors import IntegrityError
from engine.security import kdf
from engine.security.aead import hkdf, unwrap, wrap

SLOT_FORMAT = "airlock-keyslot/v1"
_HPKE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)
_HEADER_FIELDS = (
    "format",
    "workspace_id",
    "owner_id",
    "kind",
    "kdf",
    "x25519_public",
    "ed25519_public",
    "signing_key_name",
    "signing_key_id",
)


class SlotLocked(Exception):
    """The secret did not open the slot (wrong password or damaged slot; deliberately vague)."""


@dataclass(frozen=True)
class OwnerKeys:
    """The private keys of a user (or of the recovery identity)."""

    x25519: X25519PrivateKey
    ed25519: Ed25519PrivateKey

    @staticmethod
    def generate() -> OwnerKeys:
        return OwnerKeys(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())

    def ed25519_public(self) -> bytes:
        return self.ed25519.public_key().public_bytes_raw()

    def x25519_public(self) -> bytes:
        return self.x25519.public_key().public_bytes_raw()


@dataclass(frozen=True)
class Slot:
    data: dict[str, Any]

    @property
    def signing_key_id(self) -> str:
        return str(self.data["signing_key_id"])

    @property
    def signing_key_name(self) -> str:
        return str(self.data["signing_key_name"])

    @property
    def ed25519_public(self) -> bytes:
        return unb64(self.data["ed25519_public"])

    @property
    def mk_id(self) -> str:
        return str(self.data["master_key"]["mk_id"])

    def to_bytes(self) -> bytes:
        return canonical_json(self.data)


def password_kdf(params: kdf.Argon2Params | None = None) -> dict[str, Any]:
    chosen = params or kdf.default_params()
    return {"alg": "argon2id", "salt": b64(os.urandom(kdf.SALT_SIZE)), **chosen.as_json()}


def recovery_kdf() -> dict[str, Any]:
    # The recovery key is 256 random bits: stretching adds nothing, HKDF suffices.
    return {"alg": "hkdf-sha256", "salt": b64(os.urandom(kdf.SALT_SIZE))}


def derive_kek(kdf_spec: dict[str, Any], secret: str, owner: str) -> bytes:
    """The key-encryption key of a slot. Argon2id parameters are checked before deriving."""
    alg = kdf_spec.get("alg")
    try:
        salt = unb64(kdf_spec["salt"])
    except (KeyError, ValueError):
        raise IntegrityError(f"The key slot of {owner} has a malformed salt.") from None
    if alg == "argon2id":
        values = [kdf_spec.get(f) for f in ("memory_kib", "iterations", "lanes")]
        if not all(type(v) is int for v in values):
            raise IntegrityError(f"The key slot of {owner} has malformed Argon2id parameters.")
        params = kdf.Argon2Params(*values)  # type: ignore[arg-type]
        # NFC: the same password typed where the keyboard composes characters differently
        # (Arabic with diacritics, accented Latin; macOS gives NFD) opens the same slot
        return kdf.derive_key(unicodedata.normalize("NFC", secret), salt, params, owner)
    if alg == "hkdf-sha256":
        return hkdf(salt + secret.encode("utf-8"), b"airlock/recovery-kek/v1")
    raise IntegrityError(f"The key slot of {owner} uses an unknown key derivation ({alg!r}).")


def _seal_info(workspace_id: str, owner_id: str, mk_id: str) -> bytes:
    return b"\0".join(
        [b"airlock/master-key/v1", workspace_id.encode(), owner_id.encode(), mk_id.encode()]
    )


def build_slot(
    *,
    workspace_id: str,
    owner_id: str,
    kind: str,
    kdf_spec: dict[str, Any],
    kek: bytes,
    keys: OwnerKeys,
    signing_key_name: str,
    master_key: bytes,
    mk_id: str,
) -> Slot:
    header = {
        "format": SLOT_FORMAT,
        "workspace_id": workspace_id,
        "owner_id": owner_id,
        "kind": kind,
        "kdf": kdf_spec,
        "x25519_public": b64(keys.x25519_public()),
        "ed25519_public": b64(keys.ed25519_public()),
        "signing_key_name": signing_key_name,
        "signing_key_id": key_id(signing_key_name, keys.ed25519_public()),
    }
    secret = canonical_json(
        {
            "x25519": b64(keys.x25519.private_bytes_raw()),
            "ed25519": b64(keys.ed25519.private_bytes_raw()),
        }
    )
    data = dict(header)
    data["private"] = b64(wrap(kek, secret, canonical_json(header)))
    data["master_key"] = _sealed(header, master_key, mk_id)
    return Slot(data)


def _sealed(header: dict[str, Any], master_key: bytes, mk_id: str) -> dict[str, str]:
    public = X25519PublicKey.from_public_bytes(unb64(header["x25519_public"]))
    info = _seal_info(header["workspace_id"], header["owner_id"], mk_id)
    return {"mk_id": mk_id, "sealed": b64(_HPKE.encrypt(master_key, public, info))}


def parse_slot(raw: bytes, owner: str) -> Slot:
    try:
        data = json.loads(raw)
        if data.get("format") != SLOT_FORMAT or any(f not in data for f in _HEADER_FIELDS):
            raise ValueError
        if not isinstance(data.get("master_key"), dict) or "private" not in data:
            raise ValueError
    except (ValueError, AttributeError, UnicodeDecodeError):
        raise IntegrityError(
            f"The key slot of {owner} is not a valid key slot file.",
            hint="Restore keys/ from a backup.",
        ) from None
    return Slot(data)


def open_slot(slot: Slot, kek: bytes) -> OwnerKeys:
    """Unwrap the private keys. Raises SlotLocked on a wrong secret or a damaged slot."""
    header = {f: slot.data[f] for f in _HEADER_FIELDS}
    try:
        secret = json.loads(unwrap(kek, unb64(slot.data["private"]), canonical_json(header)))
        keys = OwnerKeys(
            X25519PrivateKey.from_private_bytes(unb64(secret["x25519"])),
            Ed25519PrivateKey.from_private_bytes(unb64(secret["ed25519"])),
        )
    except (InvalidTag, ValueError, KeyError, TypeError):
        raise SlotLocked() from None
    if keys.ed25519_public() != slot.ed25519_public:
        raise SlotLocked()
    return keys


def unseal_master_key(slot: Slot, keys: OwnerKeys) -> bytes:
    sealed = slot.data["master_key"]
    info = _seal_info(slot.data["workspace_id"], slot.data["owner_id"], str(sealed["mk_id"]))
    try:
        return _HPKE.decrypt(unb64(sealed["sealed"]), keys.x25519, info)
    except (InvalidTag, ValueError, KeyError):
        raise IntegrityError(
            f"The sealed master key in the key slot of {slot.data['owner_id']} does not "
            "authenticate.",
            hint="Restore keys/ from a backup.",
        ) from None


def reseal(slot: Slot, master_key: bytes, mk_id: str) -> Slot:
    """The same slot with the master key replaced (no password needed)."""
    header = {f: slot.data[f] for f in _HEADER_FIELDS}
    data = dict(slot.data)
    data["master_key"] = _sealed(header, master_key, mk_id)
    return Slot(data)


def rewrap(
    slot: Slot, keys: OwnerKeys, kdf_spec: dict[str, Any], kek: bytes, master_key: bytes
) -> Slot:
    """The same keys under a new secret (password change)."""
    return build_slot(
        workspace_id=slot.data["workspace_id"],
        owner_id=slot.data["owner_id"],
        kind=slot.data["kind"],
        kdf_spec=kdf_spec,
        kek=kek,
        keys=keys,
        signing_key_name=slot.signing_key_name,
        master_key=master_key,
        mk_id=slot.mk_id,
    )
