"""The metadata database: engine set-up, managed transactions, error mapping, migrations.

SQLite runs in WAL mode with synchronous=FULL. Write transactions start with
BEGIN IMMEDIATE so that read-modify-write sequences (the audit chain head, a user's
counters) are serialised across processes without lost updates. On PostgreSQL (team
workspaces, docs/team.md) a write transaction takes one transaction-scoped advisory lock
first, with the same effect: writers queue, readers do not wait, and a writer that dies
releases the lock with its connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from engine.errors import ConcurrencyError, MetadataPasswordNeeded, WorkspaceError

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration (tests/store/test_migrations.py checks it against Alembic's head):
# opening a workspace compares against it without loading Alembic and every migration file.
HEAD_REVISION = "0015"
BUSY_TIMEOUT_MS = 30_000
# pg_advisory_xact_lock key of the workspace's write lock ("AIRL"); one database per workspace
WRITE_LOCK = 0x4149524C


def postgres_url(url: str) -> str:
    """A PostgreSQL URL as SQLAlchemy wants it (the psycopg 3 driver)."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    raise ValueError(url)


def _postgres_engine(url: str) -> Engine:
    engine = create_engine(
        postgres_url(url),
        future=True,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 10, "application_name": "airlock"},
    )

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get("airlock_write", False):
            # one round trip: the wait limit for this transaction, then the lock
            connection.exec_driver_sql(
                f"SELECT set_config('lock_timeout', '{BUSY_TIMEOUT_MS}', true), "
                f"pg_advisory_xact_lock({WRITE_LOCK})"
            )

    return engine


def _sqlite_engine(path: Path) -> Engine:
    # Pooled connections move between threads (the GUI runs engine calls on workers); each
    # is used by one thread at a time, so the driver's same-thread check is not needed.
    engine = create_engine(
        f"sqlite:///{path}", future=True, connect_args={"check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event, not the driver, decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # deleted and overwritten content is zeroed (a crypto-shredded data key must not
        # linger in free pages)
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get("airlock_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def map_db_error(exc: SQLAlchemyError) -> Exception:
    text = str(getattr(exc, "orig", exc)).lower()
    if isinstance(exc, OperationalError) and ("locked" in text or "lock timeout" in text):
        return ConcurrencyError(
            f"The workspace database stayed busy for {BUSY_TIMEOUT_MS / 1000:g} s (another "
            "process is writing).",
            hint="Wait for the other Airlock process to finish and try again.",
        )
    if isinstance(exc, OperationalError) and (
        "no password supplied" in text or "password authentication failed" in text
    ):
        return MetadataPasswordNeeded(
            "The workspace's metadata server needs the database password (none was given, "
            "or it was wrong).",
            hint="Give it with PGPASSWORD or ~/.pgpass (docs/team.md); the desktop app and "
            "the command line in a terminal ask for it.",
        )
    if isinstance(exc, OperationalError) and (
        "connection" in text or "password" in text or "server" in text
    ):
        first = text.strip().splitlines()[0] if text.strip() else text
        return WorkspaceError(
            f"The workspace's metadata server cannot be reached: {first}.",
            hint="Check that the PostgreSQL server runs and this machine may connect, and "
            "the password (PGPASSWORD or ~/.pgpass; docs/team.md).",
        )
    if (
        "no such table" in text
        or "no such column" in text
        or ("relation" in text and "does not exist" in text)
    ):
        return WorkspaceError(
            "The workspace database does not have the expected tables.",
            hint="Run `airlock upgrade` for an older workspace, or restore from a backup.",
        )
    if isinstance(exc, DBAPIError) and (
        "disk" in text or "readonly" in text or "unable to open" in text
    ):
        return WorkspaceError(
            f"The workspace database cannot be written: {text}.",
            hint="Check free disk space and folder permissions.",
        )
    return WorkspaceError(
        f"The workspace database reported an error: {text}.",
        hint="Run `airlock audit verify`; restore from a backup if it fails.",
    )


class Database:
    """One metadata database. Hands out managed sessions; ORM rows never leave the store."""

    def __init__(self, url_or_path: str | Path) -> None:
        if isinstance(url_or_path, Path):
            self.engine = _sqlite_engine(url_or_path)
        elif str(url_or_path).startswith(("postgresql", "postgres:")):
            self.engine = _postgres_engine(str(url_or_path))
        else:
            self.engine = create_engine(str(url_or_path), future=True)
        self._write_engine = self.engine.execution_options(airlock_write=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back on any error."""
        with Session(self._write_engine, expire_on_commit=False, autoflush=True) as session:
            try:
                yield session
                session.commit()
            except SQLAlchemyError as exc:
                session.rollback()
                raise map_db_error(exc) from exc
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def reading(self, snapshot: bool = False) -> Iterator[Session]:
        """A read-only transaction (deferred, never commits). Closing the session ends the
        transaction and detaches rows with their loaded values intact. SQLite reads one
        snapshot from the first statement on; on PostgreSQL `snapshot=True` asks for that
        too (REPEATABLE READ), for readers that must see entries and checkpoints of the
        same moment while others write."""
        with Session(self.engine, expire_on_commit=False) as session:
            if snapshot and self.dialect == "postgresql":
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            try:
                yield session
            except SQLAlchemyError as exc:
                raise map_db_error(exc) from exc

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()

    def checkpoint(self, table: str = "objects") -> None:
        """Let overwritten values leave the database files. SQLite: copy the write-ahead
        log into the database (secure_delete zeroed the freed pages) and truncate it.
        PostgreSQL: VACUUM FULL rewrites `table` into new files without its dead row
        versions (the server's WAL and base backups keep them until they are recycled or
        expire: docs/team.md)."""
        if self.dialect == "sqlite":
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return
        if self.dialect == "postgresql":
            try:
                with self.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT"
                ) as connection:
                    connection.exec_driver_sql(f"VACUUM FULL {table}")
            except SQLAlchemyError as exc:
                raise map_db_error(exc) from exc

    # -- migrations ------------------------------------------------------------------------
    # Alembic is imported only when migrations are looked at: it costs start-up time.
    def _alembic_config(self) -> Any:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        return config

    def head_revision(self) -> str:
        return HEAD_REVISION

    def alembic_head(self) -> str | None:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self._alembic_config()).get_current_head()

    def known_revisions(self) -> set[str]:
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(self._alembic_config())
        return {rev.revision for rev in script.walk_revisions()}

    def current_revision(self) -> str | None:
        """The schema revision recorded by Alembic (its alembic_version table), read with one
        query: importing Alembic's migration runtime cost every command ~0.4 s."""
        from sqlalchemy import inspect, text

        try:
            with self.engine.connect() as connection:
                if not inspect(connection).has_table("alembic_version"):
                    return None
                rows = connection.execute(text("SELECT version_num FROM alembic_version"))
                versions = [row[0] for row in rows]
        except SQLAlchemyError as exc:
            raise map_db_error(exc) from exc
        if len(versions) > 1:
            raise WorkspaceError(
                "The workspace database records more than one schema revision.",
                hint="Restore metadata.db from a backup.",
            )
        return versions[0] if versions else None

    def upgrade(self) -> None:
        """Apply every pending Alembic migration."""
        from alembic import command

        config = self._alembic_config()
        try:
            with self._write_engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except SQLAlchemyError as exc:
            raise map_db_error(exc) from exc

    def downgrade_to_empty(self) -> None:
        """Undo every migration (a team workspace whose creation failed leaves its server
        database empty). Best effort: the original error is the one to report."""
        from alembic import command

        config = self._alembic_config()
        try:
            with self._write_engine.begin() as connection:
                config.attributes["connection"] = connection
                command.downgrade(config, "base")
                connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        except SQLAlchemyError:
            pass
        finally:
            self.dispose()
