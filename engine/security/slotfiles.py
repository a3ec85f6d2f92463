"""Key slot files in keys/, named by the SHA-256 of their bytes.

The database points at a user's current slot by that name, in the same transaction as the
audit entry that changed it; so a slot edited on disk is detected before any key derivation,
and a crash between writing a new slot and committing leaves the old one in force.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from engine.errors import IntegrityError
from engine.security.keyslots import Slot, parse_slot
from engine.store.files import atomic_write


class SlotFiles:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.slot"

    def write(self, slot: Slot) -> str:
        data = slot.to_bytes()
        name = hashlib.sha256(data).hexdigest()
        atomic_write(self.path(name), data)
        return name

    def read(self, name: str, owner: str) -> Slot:
        try:
            data = self.path(name).read_bytes()
        except FileNotFoundError:
            raise IntegrityError(
                f"The key slot file of {owner} is missing from keys/.",
                hint="Restore keys/ from a backup.",
            ) from None
        if hashlib.sha256(data).hexdigest() != name:
            raise IntegrityError(
                f"The key slot file of {owner} was modified on disk.",
                hint="Restore keys/ from a backup.",
            )
        return parse_slot(data, owner)

    def remove(self, names: set[str]) -> None:
        """Delete superseded slot files, after the commit that replaced them. Only named
        files: a sweep could race with another process that has not committed yet."""
        for name in names:
            self.path(name).unlink(missing_ok=True)
