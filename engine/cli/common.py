"""What every command shares: opening the workspace, the acting user, prompts, progress."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine.errors import MetadataPasswordNeeded, ValidationError, WorkspaceError
from engine.security.actor import Actor
from engine.workspace import Workspace


def workspace_dir(args: argparse.Namespace) -> Path:
    value = args.workspace or os.environ.get("AIRLOCK_WORKSPACE")
    if not value:
        raise WorkspaceError("No workspace given.", hint="Pass -w DIR or set AIRLOCK_WORKSPACE.")
    return Path(value)


def project_name(args: argparse.Namespace) -> str | None:
    """The selected project: --project, else $AIRLOCK_PROJECT, else the default project."""
    return getattr(args, "project", None) or os.environ.get("AIRLOCK_PROJECT") or None


def open_workspace(args: argparse.Namespace) -> Workspace:
    """Open the workspace; a team workspace whose server wants a password libpq does not
    have (PGPASSWORD, ~/.pgpass) asks for it in the terminal."""
    folder = workspace_dir(args)
    try:
        ws = Workspace.open(folder)
    except MetadataPasswordNeeded:
        if not sys.stdin.isatty():
            raise
        ws = Workspace.open(folder, metadata_password=prompt_secret("Database password"))
    files, size = ws.leftovers
    if files:
        print(
            f"note: removed {files} file(s) ({size / 1e6:,.1f} MB) an interrupted write "
            "had left in the workspace",
            file=sys.stderr,
        )
    return ws


# Secrets a command may take from its environment. `take_secrets` (the first thing `main`
# does) moves them out of os.environ, so no child process — training workers, a pipeline's
# steps — inherits them. NAME_FILE names a file holding the secret instead (mode 0600), which
# keeps it out of shell history and of `ps e` output.
SECRET_VARIABLES = (
    "AIRLOCK_PASSWORD",
    "AIRLOCK_NEW_PASSWORD",
    "AIRLOCK_CONFIRM_PASSWORD",
    "AIRLOCK_RECOVERY_KEY",
)
_SECRETS: dict[str, str] = {}
_SECRET_FILES: dict[str, str] = {}


def take_secrets() -> None:
    """Move the secret variables (and NAME_FILE) out of the environment, for this command."""
    _SECRETS.clear()
    _SECRET_FILES.clear()
    for name in SECRET_VARIABLES:
        value = os.environ.pop(name, None)
        path = os.environ.pop(f"{name}_FILE", None)
        if value:
            _SECRETS[name] = value
        elif path:
            _SECRET_FILES[name] = path


def _secret(env: str) -> str | None:
    if env in _SECRETS:
        return _SECRETS[env]
    if env in _SECRET_FILES:
        _SECRETS[env] = _read_secret_file(env, Path(_SECRET_FILES[env]))
        return _SECRETS[env]
    return os.environ.get(env) or None  # (when called without main, as the GUI does)


def _read_secret_file(env: str, path: Path) -> str:
    try:
        mode = path.stat().st_mode
        if mode & 0o077:
            raise ValidationError(
                f"{env}_FILE names {path}, which other users can read (mode {oct(mode & 0o777)}).",
                hint=f"chmod 600 {path}",
            )
        with path.open("r", encoding="utf-8") as handle:
            text = handle.read(4096)
    except OSError as exc:
        raise ValidationError(
            f"{env}_FILE names {path}, which cannot be read: {exc.strerror}.",
            hint="Give the path of a readable file.",
        ) from None
    except UnicodeDecodeError:
        raise ValidationError(f"{env}_FILE names {path}, which is not UTF-8 text.") from None
    secret = text.rstrip("\r\n")
    if not secret:
        raise ValidationError(f"{env}_FILE names {path}, which is empty.")
    return secret


def prompt_secret(
    label: str, env: str | None = None, confirm: bool = False, what: str | None = None
) -> str:
    """A secret from the environment variable `env` (or the file `env`_FILE names), else a
    hidden prompt `label` (twice when `confirm`); `what` names the secret in messages when
    the prompt is a sentence."""
    found = _secret(env) if env else None
    if found:
        return found
    if not sys.stdin.isatty():
        hint = (
            f"Set {env} (or {env}_FILE), or run the command in a terminal."
            if env
            else "Run the command in a terminal."
        )
        raise ValidationError(
            f"{what or label} is needed and there is no terminal to ask in.", hint=hint
        )
    try:
        first = getpass.getpass(f"{label}: ")
        if confirm and getpass.getpass(f"{label} (again): ") != first:
            raise ValidationError("The two entries do not match.", hint="Type it again.")
    except EOFError:
        raise ValidationError(f"{label} was not given.") from None
    return first


def prompt_text(label: str, env: str | None = None) -> str:
    if env and os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        raise ValidationError(
            f"{label} is needed and there is no terminal to ask in.",
            hint=f"Set {env}." if env else "",
        )
    try:
        return input(f"{label}: ").strip()
    except EOFError:
        raise ValidationError(f"{label} was not given.") from None


def login(args: argparse.Namespace, ws: Workspace, *, record: bool = True) -> Actor:
    """Sign in. `record=False` writes the login entry only with the command's first change
    (after a read-only verification of the log); call `ws.auth.settle` when done."""
    name = args.user or prompt_text("User", "AIRLOCK_USER")
    actor = ws.login(name, prompt_secret(f"Password for {name}", "AIRLOCK_PASSWORD"), record=record)
    if actor.unrecorded:
        print(
            f"warning: the sign-in is not recorded yet ({actor.unrecorded}); reading works, "
            "and it is recorded with the first change.",
            file=sys.stderr,
        )
    if actor.limited:
        print(
            f"warning: {actor.limited} Until it is restored, this session has an "
            "auditor's rights only (read and verify).",
            file=sys.stderr,
        )
    return actor


@contextlib.contextmanager
def session(args: argparse.Namespace, *, record: bool = True) -> Iterator[tuple[Workspace, Actor]]:
    """One command's workspace, open, and its signed-in user:
    `with session(args) as (ws, actor):`. The workspace is closed when the block ends, and
    when the sign-in fails."""
    with open_workspace(args) as ws:
        yield ws, login(args, ws, record=record)


class TerminalProgress:
    """A one-line progress bar on stderr, drawn only on a terminal and at most 10 times/s."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._last = 0.0
        self._live = sys.stderr.isatty()

    def __call__(self, fraction: float, message: str = "") -> None:
        now = time.monotonic()
        if not self._live or (now - self._last < 0.1 and fraction < 1.0):
            return
        self._last = now
        filled = int(fraction * 30)
        sys.stderr.write(
            f"\r{self._label} [{'#' * filled}{'.' * (30 - filled)}] "
            f"{fraction * 100:5.1f}% {message[:40]:<40}"
        )
        if fraction >= 1.0:
            sys.stderr.write("\n")
        sys.stderr.flush()


def show_number(value: Any) -> str:
    """A metric or parameter as the commands print it: four decimals, a dash for none."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def show_metric(value: Any) -> str:
    """A run's metric as the training commands print it: four decimals, thousands grouped
    from 1,000 on, a dash for none."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 1000 else f"{value:,.1f}"
    return str(value)
