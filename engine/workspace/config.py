"""A workspace's folder and its airlock.toml: the layout, reading the configuration, and
the metadata database a team workspace keeps on a PostgreSQL server."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from engine import __version__
from engine.errors import AlreadyExists, ValidationError, WorkspaceError
from engine.security import kdf
from engine.store.db import Database
from engine.store.schema import WorkspaceState

FORMAT_VERSION = 1
CONFIG_NAME = "airlock.toml"
DB_NAME = "metadata.db"
FOLDERS = ("keys", "objects", "audit", "inbox")
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class WorkspaceConfig:
    format: int
    workspace_id: str
    created: str
    origin: str
    log_key_id: str
    log_public_key: str
    kdf: kdf.Argon2Params
    # a PostgreSQL URL (team workspaces; never with a password) or None for metadata.db
    metadata_url: str | None = None

    def to_toml(self) -> dict[str, Any]:
        data = {
            "format": self.format,
            "workspace_id": self.workspace_id,
            "created": self.created,
            "created_with": f"airlock {__version__}",
            "log": {
                "origin": self.origin,
                "key_id": self.log_key_id,
                "public_key": self.log_public_key,
            },
            "kdf": {"algorithm": "argon2id", **self.kdf.as_json()},
        }
        if self.metadata_url:
            data["metadata"] = {"url": self.metadata_url}
        return data


def read_config(path: Path) -> WorkspaceConfig:
    if not path.is_dir():
        raise WorkspaceError(
            f"There is no workspace at {path}.",
            hint="Create one with `airlock init DIR --admin NAME`, or give "
            "the right folder with -w DIR.",
        )
    file = path / CONFIG_NAME
    if not file.is_file():
        raise WorkspaceError(
            f"{path} is not an Airlock workspace (it has no {CONFIG_NAME}).",
            hint="Give the workspace folder with -w DIR.",
        )
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WorkspaceError(
            f"{file} is damaged: {exc}.", hint="Restore it from a backup."
        ) from None
    fmt = data.get("format")
    if type(fmt) is not int or fmt < 1:
        raise WorkspaceError(
            f"{file} declares an unknown workspace format ({fmt!r}).",
            hint="This folder was not made by Airlock, or the file is damaged.",
        )
    if fmt > FORMAT_VERSION:
        raise WorkspaceError(
            f"This workspace has format {fmt}, made by a newer Airlock; this version "
            f"({__version__}) reads format {FORMAT_VERSION}.",
            hint="Install the newer version of Airlock to open it.",
        )
    try:
        k = data["kdf"]
        return WorkspaceConfig(
            format=fmt,
            workspace_id=str(data["workspace_id"]),
            created=str(data["created"]),
            origin=str(data["log"]["origin"]),
            log_key_id=str(data["log"]["key_id"]),
            log_public_key=str(data["log"]["public_key"]),
            kdf=kdf.Argon2Params(int(k["memory_kib"]), int(k["iterations"]), int(k["lanes"])),
            metadata_url=str(data["metadata"]["url"]) if "metadata" in data else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise WorkspaceError(
            f"{file} is missing the setting {exc}.", hint="Restore it from a backup."
        ) from None


def metadata_url(stored: str, password: str | None = None) -> str:
    """The stored URL, or AIRLOCK_METADATA_URL when set (the same database reached another
    way, e.g. through a different host name or with sslrootcert on this machine); with the
    database password when one was typed in (otherwise libpq finds it)."""
    url = os.environ.get("AIRLOCK_METADATA_URL") or stored
    if not password:
        return url
    from sqlalchemy.engine import make_url

    from engine.store.db import postgres_url

    return make_url(postgres_url(url)).set(password=password).render_as_string(hide_password=False)


def empty_server_database(url: str) -> str:
    """Check a PostgreSQL URL leads to an empty database; return it without the password
    (which airlock.toml never holds: libpq reads PGPASSWORD or ~/.pgpass)."""
    from sqlalchemy import inspect
    from sqlalchemy.engine import URL, make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from engine.store.db import map_db_error, postgres_url

    try:
        parsed = make_url(postgres_url(url))
    except (ValueError, ArgumentError):
        raise ValidationError(
            f"{url!r} is not a PostgreSQL URL.", hint="Give postgresql://USER@HOST:PORT/DATABASE."
        ) from None
    db = Database(url)
    try:
        with db.engine.connect() as connection:
            tables = inspect(connection).get_table_names()
    except SQLAlchemyError as exc:
        raise map_db_error(exc) from exc
    finally:
        db.dispose()
    if tables:
        raise AlreadyExists(
            f"The database {parsed.database} on {parsed.host} is not empty "
            f"({len(tables)} tables, e.g. {sorted(tables)[0]}).",
            hint="Give each workspace a database of its own: CREATE DATABASE … (docs/team.md).",
        )
    bare = URL.create(
        parsed.drivername,
        parsed.username,
        None,
        parsed.host,
        parsed.port,
        parsed.database,
        parsed.query,
    )
    return bare.render_as_string(hide_password=False)


def check_same_workspace(db: Database, config: WorkspaceConfig) -> None:
    with db.reading() as session:
        stored = session.scalar(select(WorkspaceState.workspace_id))
    if stored != config.workspace_id:
        db.dispose()
        raise WorkspaceError(
            f"The metadata database belongs to workspace {stored}, not to this folder's "
            f"{config.workspace_id}.",
            hint="Check [metadata] url in airlock.toml (or AIRLOCK_METADATA_URL).",
        )
