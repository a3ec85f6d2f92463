"""What a session takes from its surroundings: the password, and the notebook it runs in."""

from __future__ import annotations

import getpass
import hashlib
import os
import sys
from pathlib import Path

from engine.errors import ValidationError


def _password(name: str) -> str:
    """$AIRLOCK_PASSWORD(_FILE) — only for $AIRLOCK_USER when that is set, so that a
    notebook signing in as a second user is asked for that user's password — else a prompt."""
    named = os.environ.get("AIRLOCK_USER")
    mine = not named or named.strip().lower() == name.strip().lower()
    found = os.environ.get("AIRLOCK_PASSWORD") if mine else None
    if found:
        return found
    file = os.environ.get("AIRLOCK_PASSWORD_FILE") if mine else None
    if file:
        path = Path(file)
        if path.stat().st_mode & 0o077:
            raise ValidationError(
                f"AIRLOCK_PASSWORD_FILE names {path}, which other users can read.",
                hint=f"chmod 600 {path}",
            )
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    try:
        return getpass.getpass(f"Password for {name}: ")
    except EOFError:
        raise ValidationError(
            f"The password for {name} was not given.",
            hint="Pass password=..., or set AIRLOCK_PASSWORD(_FILE).",
        ) from None


def source() -> dict[str, str]:
    """The notebook or script running this session, and its SHA-256 when the file is
    readable: Jupyter names the notebook in `__session__` (or JPY_SESSION_NAME)."""
    main = sys.modules.get("__main__")
    candidates = [
        getattr(main, "__session__", None),
        os.environ.get("JPY_SESSION_NAME"),
        getattr(main, "__file__", None),
    ]
    for candidate in candidates:
        if not candidate or not isinstance(candidate, str):
            continue
        found = Path(candidate)
        out = {"notebook": found.name}
        try:
            if found.is_file() and found.stat().st_size < 200 * 1024 * 1024:
                out["notebook_sha256"] = hashlib.sha256(found.read_bytes()).hexdigest()
        except OSError:
            pass
        return out
    return {"notebook": "interactive session"}
