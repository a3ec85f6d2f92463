"""A team workspace: metadata and audit log on PostgreSQL, keys and objects in the folder."""

from __future__ import annotations

import os
import tomllib

import pytest
from sqlalchemy import text

from engine.errors import AlreadyExists, ValidationError, WorkspaceError
from engine.workspace import Workspace
from tests.pgserver import create_database, drop_database
from tests.test_cli import airlock, ok, user_error

from conftest import ADMIN_PASSWORD


@pytest.fixture
def database(postgres_server):
    url = create_database(postgres_server)
    yield url
    drop_database(postgres_server, url)


def test_init_on_postgres_from_the_command_line(tmp_path, database):
    folder = tmp_path / "team"
    out = ok(
        airlock(
            "init",
            str(folder),
            "--admin",
            "admin",
            "--metadata-url",
            database.replace("postgresql+psycopg://", "postgresql://"),
        )
    )
    assert "Metadata and audit log on postgresql+psycopg://airlock_test@127.0.0.1" in out
    config = (folder / "airlock.toml").read_text()
    assert os.environ["PGPASSWORD"] not in config  # libpq reads it; the file never has it
    assert not (folder / "metadata.db").exists()
    verified = ok(airlock("audit", "verify", workspace=folder))
    assert "VALID" in verified
    # the same database again: refused, and the first workspace is untouched
    again = user_error(
        airlock("init", str(tmp_path / "second"), "--admin", "admin", "--metadata-url", database)
    )
    assert "is not empty" in again and "a database of its own" in again
    assert not (tmp_path / "second").exists()
    assert "VALID" in ok(airlock("audit", "verify", workspace=folder))


def test_bad_urls_and_an_unreachable_server_are_clear_errors(tmp_path, database):
    with pytest.raises(ValidationError, match="is not a PostgreSQL URL"):
        Workspace.create(tmp_path / "a", "admin", ADMIN_PASSWORD, metadata="mysql://x/y")
    without = database.replace(":" + os.environ["PGPASSWORD"] + "@", "@")
    refused = user_error(
        airlock(
            "init",
            str(tmp_path / "b"),
            "--admin",
            "admin",
            "--metadata-url",
            without,
            env={"PGPASSWORD": "wrong"},
        )
    )
    assert "needs the database password" in refused and "PGPASSWORD" in refused
    assert not (tmp_path / "b").exists()
    closed = database.rsplit(":", 1)[0] + ":1/" + database.rsplit("/", 1)[1]
    with pytest.raises(WorkspaceError, match="cannot be reached"):
        Workspace.create(tmp_path / "c", "admin", ADMIN_PASSWORD, metadata=closed)


def test_a_failed_creation_leaves_the_server_database_empty(tmp_path, database, monkeypatch):
    import engine.workspace.creation as module

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "atomic_write", broken)
    with pytest.raises(WorkspaceError, match="No space left"):
        Workspace.create(tmp_path / "ws", "admin", ADMIN_PASSWORD, metadata=database)
    assert not (tmp_path / "ws").exists()
    monkeypatch.undo()
    ws, _ = Workspace.create(tmp_path / "ws", "admin", ADMIN_PASSWORD, metadata=database)
    ws.close()  # the database was left empty: it can be used again


def test_a_folder_pointed_at_another_workspaces_database_is_refused(tmp_path, postgres_server):
    first, second = create_database(postgres_server), create_database(postgres_server)
    try:
        Workspace.create(tmp_path / "one", "admin", ADMIN_PASSWORD, metadata=first)[0].close()
        Workspace.create(tmp_path / "two", "admin", ADMIN_PASSWORD, metadata=second)[0].close()
        config = (tmp_path / "two" / "airlock.toml").read_text()
        stored = tomllib.loads(config)["metadata"]["url"]
        (tmp_path / "two" / "airlock.toml").write_text(
            config.replace(stored, stored.rsplit("/", 1)[0] + "/" + first.rsplit("/", 1)[1])
        )
        with pytest.raises(WorkspaceError, match="belongs to workspace ws_"):
            Workspace.open(tmp_path / "two")
    finally:
        drop_database(postgres_server, first)
        drop_database(postgres_server, second)


def test_the_audit_log_is_append_only_on_the_server(tmp_path, database):
    ws, _ = Workspace.create(tmp_path / "ws", "admin", ADMIN_PASSWORD, metadata=database)
    with ws:
        for statement in (
            "UPDATE audit_entries SET details = '{}' WHERE seq = 1",
            "DELETE FROM audit_entries WHERE seq = 1",
            "TRUNCATE audit_entries",
        ):
            with pytest.raises(WorkspaceError, match="append-only"), ws.db.transaction() as session:
                session.execute(text(statement))
        admin = ws.login("admin", ADMIN_PASSWORD)
        assert ws.audit.verify(admin).ok


def test_existing_name_is_refused(tmp_path, database):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(AlreadyExists):
        Workspace.create(tmp_path / "full", "admin", ADMIN_PASSWORD, metadata=database)


def test_crypto_shredding_rewrites_the_table_on_the_server(tmp_path, database):
    import psycopg

    from engine.errors import ShreddedError

    ws, _ = Workspace.create(tmp_path / "ws", "admin", ADMIN_PASSWORD, metadata=database)
    with ws:
        admin = ws.login("admin", ADMIN_PASSWORD)
        stored = ws.objects.put(admin, b"personal data " * 100, "blob")
        raw = psycopg.connect(database.replace("+psycopg", ""), autocommit=True)
        node = raw.execute("SELECT pg_relation_filenode('objects')").fetchone()[0]
        with ws.db.transaction() as session:
            assert ws.objects.shred(session, stored.id)
        ws.objects.forget_pages()
        # VACUUM FULL wrote the table anew, without the row version that held the key
        assert raw.execute("SELECT pg_relation_filenode('objects')").fetchone()[0] != node
        assert (
            raw.execute("SELECT wrapped_dek FROM objects WHERE id = %s", (stored.id,)).fetchone()[0]
            == b""
        )
        raw.close()
        with pytest.raises(ShreddedError, match="can never be read again"):
            ws.objects.get_bytes(admin, stored.id)


def test_a_writer_waits_for_the_lock_then_gets_a_clear_error(tmp_path, database, monkeypatch):
    import engine.store.db as db_module
    from engine.errors import ConcurrencyError
    from engine.store.db import Database

    ws, _ = Workspace.create(tmp_path / "ws", "admin", ADMIN_PASSWORD, metadata=database)
    ws.close()
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 400)
    holder, waiter = Database(database), Database(database)
    try:
        with holder.transaction() as session:
            session.execute(text("SELECT 1"))  # holds the workspace's write lock
            with waiter.reading() as reader:  # readers do not wait
                assert reader.execute(text("SELECT count(*) FROM users")).scalar() == 1
            with (
                pytest.raises(ConcurrencyError, match=r"stayed busy for 0\.4 s"),
                waiter.transaction() as other,
            ):
                other.execute(text("SELECT 1"))
        with waiter.transaction() as other:  # released with the holder's commit
            other.execute(text("SELECT 1"))
    finally:
        holder.dispose()
        waiter.dispose()


def test_the_dashboard_facts_name_the_server_not_the_password(tmp_path, database):
    from engine.overview import overview

    ws, _ = Workspace.create(tmp_path / "ws", "admin", ADMIN_PASSWORD, metadata=database)
    with ws:
        facts = overview(ws, ws.login("admin", ADMIN_PASSWORD))
    name, port = database.rsplit("/", 1)[1], database.rsplit(":", 1)[1].split("/")[0]
    assert facts.metadata == f"PostgreSQL {name} on 127.0.0.1:{port}"
    solo, _ = Workspace.create(tmp_path / "solo", "admin", ADMIN_PASSWORD)
    with solo:
        assert (
            overview(solo, solo.login("admin", ADMIN_PASSWORD)).metadata == "SQLite (metadata.db)"
        )
