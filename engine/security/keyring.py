"""Keys derived from the workspace master key: data-key wrapping and the log key wrap."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag

from engine.errors import IntegrityError, WorkspaceError
from engine.security.aead import hkdf, unwrap, wrap

MASTER_KEY_SIZE = 32
# the DEK-wrap associated data of the workspace's metadata key (objects/sealed.py)
META_KIND, META_ID = "metadata-key", "0" * 64


def new_master_key() -> bytes:
    return os.urandom(MASTER_KEY_SIZE)


def master_key_id(master_key: bytes) -> str:
    """A public name for a master key (HKDF output, reveals nothing about the key)."""
    return hkdf(master_key, b"airlock/mk-id/v1", 8).hex()


class Keyring:
    """The unwrapped master key of one session and the keys derived from it."""

    def __init__(self, master_key: bytes) -> None:
        self._master_key: bytes | None = master_key
        self.mk_id = master_key_id(master_key)
        self._dek_wrap: bytes | None = hkdf(master_key, b"airlock/dek-wrap/v1")
        self._log_wrap: bytes | None = hkdf(master_key, b"airlock/logkey-wrap/v1")
        # keys unwrapped from the database once per session (objects/store.py: the id keys)
        self.derived: dict[str, bytes] = {}

    @property
    def master_key(self) -> bytes:
        if self._master_key is None:
            raise WorkspaceError("The workspace is locked.", hint="Log in again to continue.")
        return self._master_key

    def _key(self, key: bytes | None) -> bytes:
        if key is None:
            raise WorkspaceError("The workspace is locked.", hint="Log in again to continue.")
        return key

    @staticmethod
    def _dek_aad(object_id: str, kind: str, nonce_id: str, mk_id: str) -> bytes:
        return b"\0".join(
            [
                b"airlock/dek/v1",
                object_id.encode(),
                kind.encode(),
                nonce_id.encode(),
                mk_id.encode(),
            ]
        )

    def wrap_dek(self, dek: bytes, object_id: str, kind: str, nonce_id: str) -> bytes:
        aad = self._dek_aad(object_id, kind, nonce_id, self.mk_id)
        return wrap(self._key(self._dek_wrap), dek, aad)

    def unwrap_dek(self, blob: bytes, object_id: str, kind: str, nonce_id: str) -> bytes:
        aad = self._dek_aad(object_id, kind, nonce_id, self.mk_id)
        try:
            return unwrap(self._key(self._dek_wrap), blob, aad)
        except InvalidTag:
            raise IntegrityError(
                f"The data key of object {object_id} ({kind}) does not authenticate: its "
                "metadata was modified or moved to another object.",
                hint="Restore the workspace from a backup and run `airlock audit verify`.",
            ) from None

    def wrap_meta_key(self, key: bytes) -> bytes:
        return self.wrap_dek(key, META_ID, META_KIND, "meta")

    def unwrap_meta_key(self, blob: bytes) -> bytes:
        return self.unwrap_dek(blob, META_ID, META_KIND, "meta")

    def wrap_log_key(self, private_raw: bytes, workspace_id: str) -> bytes:
        return wrap(
            self._key(self._log_wrap),
            private_raw,
            b"airlock/log-key/v1\0" + workspace_id.encode() + b"\0" + self.mk_id.encode(),
        )

    def unwrap_log_key(self, blob: bytes, workspace_id: str) -> bytes:
        try:
            return unwrap(
                self._key(self._log_wrap),
                blob,
                b"airlock/log-key/v1\0" + workspace_id.encode() + b"\0" + self.mk_id.encode(),
            )
        except InvalidTag:
            raise IntegrityError(
                "The workspace log key does not authenticate: the key state was modified.",
                hint="Restore the workspace from a backup.",
            ) from None

    def forget(self) -> None:
        """Drop every key held by this ring (Python cannot wipe bytes; this drops them)."""
        self._master_key = self._dek_wrap = self._log_wrap = None
        self.derived.clear()
