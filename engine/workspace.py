"""Create, open and unlock a workspace, and wire its services together.

Layout (docs/workspace.md): airlock.toml, metadata.db, keys/, objects/, audit/, inbox/.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli_w
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from engine import __version__
from engine.audit.log import AuditLog
from engine.audit.record import b64, format_time, key_id
from engine.auditing.service import AuditService
from engine.errors import AlreadyExists, ValidationError, WorkspaceError
from engine.objects.sealed import SEALER, seal_plaintext_rows
from engine.objects.store import ObjectStore
from engine.projects import ProjectService
from engine.security import kdf
from engine.security.access import AccessControl
from engine.security.actor import Actor, LogSigner
from engine.security.auth import Authenticator, new_recovery_slot
from engine.security.identity import (
    check_password,
    check_user_name,
    issue_identity,
    key_record,
    name_key,
    new_user_id,
    record_key,
)
from engine.security.keyring import Keyring, new_master_key
from engine.security.keys import KeyService
from engine.security.slotfiles import SlotFiles
from engine.security.users import UserService
from engine.settings import SettingsService
from engine.store.db import Database
from engine.store.files import atomic_write, keep_private
from engine.store.schema import UserRow, WorkspaceState

if TYPE_CHECKING:
    from engine.data.datasets import DatasetVersion
    from engine.data.service import DataService
    from engine.governance.service import GovernanceService
    from engine.monitoring.monitors import Alert, MonitorService
    from engine.monitoring.service import MonitoringService
    from engine.pipelines.service import PipelineRun, PipelineService
    from engine.registry.entities import ModelVersion
    from engine.registry.service import RegistryService
    from engine.training.service import TrainingService

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


class Workspace:
    """An open workspace: its folder, database and services. Unlock with login()."""

    def __init__(self, path: Path, config: WorkspaceConfig, db: Database, clock: Clock) -> None:
        self.path = path
        self.config = config
        self.db = db
        self.clock = clock
        ws, origin = config.workspace_id, config.origin
        self.audit_log = AuditLog(ws, clock)
        self.slots = SlotFiles(path / "keys")
        self.access = AccessControl(db, self.audit_log)
        self.auth = Authenticator(ws, origin, db, self.audit_log, self.slots, clock)
        self.users = UserService(ws, origin, self.access, self.audit_log, self.slots, clock)
        self.keys = KeyService(ws, db, self.access, self.audit_log, self.slots)
        self.objects = ObjectStore(path / "objects", ws, db, self.access, self.audit_log, clock)
        self.leftovers = (0, 0)  # (files, bytes) a killed process left, removed at open
        self.audit = AuditService(
            (config.log_key_id, config.log_public_key), db, self.access, self.audit_log, clock
        )
        self.settings = SettingsService(self.access, self.audit_log)
        self.projects = ProjectService(self.access, self.audit_log, clock)

    @cached_property
    def data(self) -> DataService:
        """Datasets (imported on first use: pyarrow and pandas load only when needed)."""
        from engine.data import service

        return service.DataService(self.access, self.audit_log, self.objects, self.clock)

    @cached_property
    def training(self) -> TrainingService:
        """Experiments and runs (scikit-learn loads only when a model is fitted or read)."""
        from engine.training import service

        training = service.TrainingService(
            self.access, self.audit_log, self.objects, self.data, self.settings, self.clock
        )
        training.fit_checks.append(_GovernanceSeen(self))
        return training

    @cached_property
    def registry(self) -> RegistryService:
        """Registered models, stages, approvals, scoring, bundles."""
        from engine.registry import service

        registry = service.RegistryService(
            self.access,
            self.audit_log,
            self.objects,
            self.data,
            self.training,
            self.auth.confirm,
            self.config.workspace_id,
            self.clock,
        )
        registry.gate_evidence = _GovernanceSeen(self)
        return registry

    @cached_property
    def monitoring(self) -> MonitoringService:
        """Drift between reference and current data (monitors and alerts come later)."""
        from engine.monitoring import service

        return service.MonitoringService(
            self.access, self.audit_log, self.objects, self.data, self.clock, self.registry
        )

    @cached_property
    def monitors(self) -> MonitorService:
        """Drift monitors, their runs and alerts (and the alerts' actions)."""
        from engine.monitoring import monitors

        return monitors.MonitorService(
            self.access,
            self.audit_log,
            self.data,
            self.monitoring,
            _PipelinesSeen(self),
            self.settings,
            self.clock,
        )

    @cached_property
    def governance(self) -> GovernanceService:
        """Fairness, cards, inventory, DPIA, retention and erasure, compliance, evidence."""
        from engine.governance import service

        return service.GovernanceService(
            self.access,
            self.audit_log,
            self.data,
            self.training,
            self.registry,
            self.projects,
            _MonitorsSeen(self),
            self.clock,
            audit_service=self.audit,
            settings=self.settings,
        )

    @cached_property
    def pipelines(self) -> PipelineService:
        """Pipeline definitions, runs and triggers (the inbox/ folder, schedules)."""
        from engine.pipelines import service

        return service.PipelineService(
            self.access,
            self.audit_log,
            self.data,
            self.training,
            self.registry,
            self.path / "inbox",
            self.clock,
        )

    @property
    def id(self) -> str:
        return self.config.workspace_id

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        clock: Clock | None = None,
        allow_outdated: bool = False,
        metadata_password: str | None = None,
    ) -> Workspace:
        """Open a workspace folder (no password yet). Raises WorkspaceError with the reason
        when the folder is missing, incomplete, or of an unknown or newer format."""
        folder = Path(path).expanduser().absolute()
        config = read_config(folder)
        keep_private(folder)
        if config.metadata_url:
            db = Database(metadata_url(config.metadata_url, metadata_password))
        elif not (folder / DB_NAME).is_file():
            raise WorkspaceError(
                f"The workspace at {folder} has no {DB_NAME}.", hint="Restore it from a backup."
            )
        else:
            db = Database(folder / DB_NAME)
        current = db.current_revision()
        if current is None or (
            current != db.head_revision() and current not in db.known_revisions()
        ):
            db.dispose()
            if current is None:
                raise WorkspaceError(
                    f"The database of the workspace at {folder} is empty.",
                    hint="Restore metadata.db from a backup.",
                )
            raise WorkspaceError(
                f"The database of this workspace has schema revision {current}, which this "
                f"version of Airlock ({__version__}) does not know.",
                hint="It was written by a newer Airlock; install that version.",
            )
        if current != db.head_revision() and not allow_outdated:
            db.dispose()
            raise WorkspaceError(
                "This workspace was made by an older Airlock and needs an upgrade of its database.",
                hint=f"Back it up, then run `airlock -w {folder} upgrade`.",
            )
        if config.metadata_url:
            _check_same_workspace(db, config)
        ws = cls(folder, config, db, clock or utc_now)
        if current == db.head_revision():
            # best effort: a leftover is harmless, a failed open is not
            with contextlib.suppress(OSError, WorkspaceError):
                ws.leftovers = ws.objects.sweep_leftovers()
        return ws

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def login(
        self, name: str, password: str, *, desktop: bool = False, record: bool = True
    ) -> Actor:
        return self.auth.login(name, password, desktop=desktop, record=record)

    def recover(self, recovery_key: str, admin_name: str, new_password: str) -> Actor:
        return self.auth.recover(recovery_key, admin_name, new_password)

    def upgrade(self, actor: Actor) -> None:
        """Apply pending database migrations and move the audit log to format 2 (an
        administrator, audited)."""
        self.access.require(actor, "workspace.upgrade", "workspace")
        before = self.db.current_revision()
        self.db.upgrade()
        with self.access.change(actor, "workspace.upgrade", "workspace") as session:
            # A log still in audit format 1 continues in format 2 from this entry on
            # (docs/audit-format.md §9).
            boundary = self.audit_log.begin_format_2(session)
            # values derived from data, kept in plaintext before sealed values existed
            sealed = seal_plaintext_rows(session, actor)
            SEALER.meta_key(session, actor)  # made now if missing: it also keys object names
            self.audit_log.append(
                session,
                actor,
                "workspace.upgrade",
                f"workspace:{self.id}",
                {"from": before, "to": self.db.head_revision(), "sealed": sealed, **boundary},
            )
        self.objects.forget_pages()  # the plaintext leaves the database files too

    def admin_names(self) -> list[str]:
        with self.db.reading() as session:
            return list(session.scalars(select(UserRow.name).where(UserRow.role == "admin")))

    # -- creating --------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: str | Path,
        admin_name: str,
        password: str,
        *,
        clock: Clock | None = None,
        kdf_params: kdf.Argon2Params | None = None,
        metadata: str | None = None,
    ) -> tuple[Workspace, str]:
        """Create a workspace with one administrator. Returns it and the printed recovery key
        (shown once; it can unlock the workspace and reset an administrator's password).
        Built in a temporary sibling folder and renamed into place, so a failure leaves
        nothing behind. `metadata`: a PostgreSQL URL whose database must be empty (a team
        workspace, docs/team.md); the folder then holds the keys and objects."""
        folder = Path(path).expanduser().absolute()
        name = check_user_name(admin_name)
        check_password(password, name)
        params = kdf_params or kdf.default_params()
        kdf.check_params(params, "the new workspace")
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise AlreadyExists(
                f"{folder} already exists and is not an empty folder.",
                hint="Choose a new folder for the workspace.",
            )
        stored_url = _empty_server_database(metadata) if metadata else None
        keep_private()
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ValidationError(f"Cannot create {folder.parent}: {exc.strerror}.") from None
        staging = folder.parent / f".{folder.name}.creating-{os.urandom(4).hex()}"
        now = clock or utc_now
        try:
            staging.mkdir()
            for sub in FOLDERS:
                (staging / sub).mkdir()
            recovery = _build(staging, name, password, params, now, metadata, stored_url)
            if folder.exists():
                folder.rmdir()
            os.replace(staging, folder)
        except BaseException as exc:
            if metadata:  # the server database is left as empty as it was found
                Database(metadata).downgrade_to_empty()
            if isinstance(exc, OSError):
                raise WorkspaceError(
                    f"Could not create the workspace: {exc.strerror or exc}.",
                    hint="Check free disk space and folder permissions.",
                ) from exc
            raise
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        return cls.open(folder, clock=clock), recovery


class _GovernanceSeen:
    """Governance as training (a FitCheck: the DPIA requirement) and the registry (its
    GateEvidence) see it: those areas lie below governance, which is built from them, so
    they get this stand-in that reaches governance on first use. mypy checks it against the
    Protocols they declare."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def before_fit(self, actor: Actor, version: DatasetVersion, tags: dict[str, list[str]]) -> None:
        required = bool(self._ws.settings.all(actor)["require_dpia"])
        self._ws.governance.dpia.require(actor, version, tags, required)

    def latest_disparity(
        self, actor: Actor, version_id: str, attribute: str
    ) -> dict[str, Any] | None:
        return self._ws.governance.fairness.latest_disparity(actor, version_id, attribute)

    def card_complete(self, actor: Actor, version: ModelVersion) -> dict[str, Any]:
        return self._ws.governance.cards.complete(actor, version)


class _MonitorsSeen:
    """The monitors as governance sees them (its MonitorLookup), reached on first use."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def monitors(self, actor: Actor, project: str | None = None) -> list[dict[str, Any]]:
        return self._ws.monitors.monitors(actor, project)

    def alerts(
        self, actor: Actor, *, status: str | None = None, project: str | None = None
    ) -> list[Alert]:
        return self._ws.monitors.alerts(actor, status=status, project=project)


class _PipelinesSeen:
    """The pipelines as an alert's action sees them (the monitors' PipelineStarter)."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def run(
        self,
        actor: Actor,
        name: str,
        *,
        project: str | None = None,
        unattended: bool = False,
        alert: str | None = None,
    ) -> PipelineRun:
        return self._ws.pipelines.run(
            actor, name, project=project, unattended=unattended, alert=alert
        )


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


def _empty_server_database(url: str) -> str:
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


def _check_same_workspace(db: Database, config: WorkspaceConfig) -> None:
    with db.reading() as session:
        stored = session.scalar(select(WorkspaceState.workspace_id))
    if stored != config.workspace_id:
        db.dispose()
        raise WorkspaceError(
            f"The metadata database belongs to workspace {stored}, not to this folder's "
            f"{config.workspace_id}.",
            hint="Check [metadata] url in airlock.toml (or AIRLOCK_METADATA_URL).",
        )


def _build(
    folder: Path,
    admin: str,
    password: str,
    params: kdf.Argon2Params,
    clock: Clock,
    metadata: str | None = None,
    stored_url: str | None = None,
) -> str:
    """Fill a fresh workspace folder; return the printed recovery key."""
    workspace_id = "ws_" + os.urandom(8).hex()
    origin = f"airlock/{workspace_id}"
    ring = Keyring(new_master_key())
    slots = SlotFiles(folder / "keys")
    log_private = Ed25519PrivateKey.generate()
    log_public = log_private.public_key().public_bytes_raw()
    log_key_id = key_id(origin, log_public)
    log_key = {
        "key_id": log_key_id,
        "name": origin,
        "purpose": "log",
        "user_id": None,
        "public_key": b64(log_public),
    }
    admin_id = new_user_id()
    identity = issue_identity(
        slots=slots,
        workspace_id=workspace_id,
        origin=origin,
        user_id=admin_id,
        password=password,
        master_key=ring.master_key,
        mk_id=ring.mk_id,
        params=params,
    )
    printed, recovery_slot = new_recovery_slot(workspace_id, origin, ring.master_key, ring.mk_id)
    recovery_name = slots.write(recovery_slot)
    created = format_time(clock())
    config = WorkspaceConfig(
        FORMAT_VERSION,
        workspace_id,
        created,
        origin,
        log_key_id,
        b64(log_public),
        params,
        stored_url,
    )
    db = Database(metadata) if metadata else Database(folder / DB_NAME)
    try:
        db.upgrade()
        audit = AuditLog(workspace_id, clock)
        actor = Actor(
            user_id=admin_id,
            name=admin,
            role="admin",
            key_id=identity.slot.signing_key_id,
            signing_key=identity.keys.ed25519,
            keyring=ring,
            log_signer=LogSigner(origin, log_public, log_private),
            workspace_id=workspace_id,
        )
        records = [log_key, identity.key_record, key_record(recovery_slot, "recovery", None)]
        with db.transaction() as session:
            session.add(
                WorkspaceState(
                    id=1,
                    workspace_id=workspace_id,
                    mk_id=ring.mk_id,
                    log_key_id=log_key_id,
                    log_key_name=origin,
                    log_public_key=log_public,
                    wrapped_log_key=ring.wrap_log_key(
                        log_private.private_bytes_raw(), workspace_id
                    ),
                    recovery_slot=recovery_name,
                    created=created,
                    # the key of sealed values and of keyed object names (objects/sealed.py)
                    wrapped_meta_key=ring.wrap_meta_key(os.urandom(32)),
                )
            )
            session.add(
                UserRow(
                    id=admin_id,
                    name=admin,
                    name_key=name_key(admin),
                    role="admin",
                    disabled=False,
                    slot=identity.slot_name,
                    signing_key_id=identity.slot.signing_key_id,
                    created=created,
                    password_changed=created,
                )
            )
            entry = audit.append(
                session,
                actor,
                "workspace.init",
                f"workspace:{workspace_id}",
                {"format": FORMAT_VERSION, "admin": admin_id, "keys_added": records},
            )
            assert entry.seq == 1
            for record in records:
                record_key(session, record, 1)
        actor.lock()
    finally:
        db.dispose()
    atomic_write(folder / CONFIG_NAME, tomli_w.dumps(config.to_toml()).encode("utf-8"))
    return printed
