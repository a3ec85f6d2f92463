"""The acting user of an unlocked session: identity plus the keys it unlocked.

Every mutating engine call takes an Actor. Its keys live only in memory; `lock()` drops them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from engine.errors import WorkspaceError
from engine.security.keyring import Keyring

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class LogSigner:
    """Signs checkpoints and manifests with the workspace log key."""

    name: str
    public_key: bytes
    _private: Ed25519PrivateKey

    def sign(self, message: bytes) -> bytes:
        return self._private.sign(message)


class Actor:
    """An authenticated user. Satisfies the audit log's EntrySigner protocol."""

    def __init__(
        self,
        *,
        user_id: str,
        name: str,
        role: str,
        key_id: str,
        signing_key: Ed25519PrivateKey,
        keyring: Keyring,
        log_signer: LogSigner,
        workspace_id: str,
        service: bool = False,
    ) -> None:
        self.user_id = user_id
        self.name = name
        self.role = role
        self.key_id = key_id
        self.workspace_id = workspace_id
        self.service = service  # a service account (unattended work), not a person
        self._signing_key: Ed25519PrivateKey | None = signing_key
        self._keyring: Keyring | None = keyring
        self._log_signer: LogSigner | None = log_signer
        # the login entry, when it waits for a read-only verification (AccessControl)
        self._pending_login: Callable[[Session], None] | None = None
        # the role the signed log confirmed at sign-in (engine/audit/membership.py)
        self.confirmed_role = role
        # why this session has an auditor's rights only (the log's record of users does
        # not check out), or None
        self.limited: str | None = None
        # why the login entry is not written yet (a full disk, a busy database), or None
        self.unrecorded: str | None = None

    def __repr__(self) -> str:
        return f"Actor({self.name!r}, role={self.role!r}, locked={self.locked})"

    def defer_login(self, record: Callable[[Session], None]) -> None:
        self._pending_login = record

    def take_pending_login(self) -> Callable[[Session], None] | None:
        record, self._pending_login = self._pending_login, None
        return record

    @property
    def locked(self) -> bool:
        return self._signing_key is None

    def _need(self) -> None:
        if self._signing_key is None:
            raise WorkspaceError("This session is locked.", hint="Log in again to continue.")

    def sign(self, message: bytes) -> bytes:
        self._need()
        assert self._signing_key is not None
        return self._signing_key.sign(message)

    @property
    def keyring(self) -> Keyring:
        self._need()
        assert self._keyring is not None
        return self._keyring

    @property
    def log_signer(self) -> LogSigner:
        self._need()
        assert self._log_signer is not None
        return self._log_signer

    def pseudonym_key(self) -> bytes:
        """The workspace's key for keyed hashing of personal data (HMAC). Derived from the
        log key, which survives master-key rotations, so hashes stay stable."""
        from engine.security.aead import hkdf

        raw = self.log_signer._private.private_bytes_raw()
        return hkdf(raw, b"airlock/pseudonym-hmac/v1")

    def switch_keyring(self, keyring: Keyring) -> None:
        """After a master-key rotation by this actor: forget the old key, hold the new."""
        self._need()
        assert self._keyring is not None
        self._keyring.forget()
        self._keyring = keyring

    def lock(self) -> None:
        """Drop every key this session holds; a new login is needed to act again."""
        if self._keyring is not None:
            self._keyring.forget()
        self._signing_key = self._keyring = self._log_signer = None
