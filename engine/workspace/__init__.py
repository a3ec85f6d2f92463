"""Create, open and unlock a workspace, and wire its services together.

Layout (docs/workspace.md): airlock.toml, metadata.db, keys/, objects/, audit/, inbox/.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from engine import __version__
from engine.audit.log import AuditLog
from engine.auditing.service import AuditService
from engine.errors import AlreadyExists, ValidationError, WorkspaceError
from engine.objects.sealed import SEALER, seal_plaintext_rows
from engine.objects.store import ObjectStore
from engine.projects import ProjectService
from engine.security import kdf
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.auth import Authenticator
from engine.security.identity import check_password, check_user_name
from engine.security.keys import KeyService
from engine.security.slotfiles import SlotFiles
from engine.security.users import UserService
from engine.settings import SettingsService
from engine.store.db import Database
from engine.store.files import keep_private
from engine.store.schema import UserRow
from engine.workspace.config import (
    CONFIG_NAME,
    DB_NAME,
    FOLDERS,
    FORMAT_VERSION,
    Clock,
    WorkspaceConfig,
    check_same_workspace,
    empty_server_database,
    metadata_url,
    read_config,
    utc_now,
)
from engine.workspace.creation import build
from engine.workspace.seams import GovernanceSeen, MonitorsSeen, PipelinesSeen

if TYPE_CHECKING:
    from engine.data.service import DataService
    from engine.governance.service import GovernanceService
    from engine.monitoring.monitors import MonitorService
    from engine.monitoring.service import MonitoringService
    from engine.pipelines.service import PipelineService
    from engine.registry.service import RegistryService
    from engine.serving.service import ServingService
    from engine.training.service import TrainingService

__all__ = [
    "CONFIG_NAME",
    "DB_NAME",
    "FOLDERS",
    "FORMAT_VERSION",
    "Clock",
    "Workspace",
    "WorkspaceConfig",
    "metadata_url",
    "read_config",
    "utc_now",
]


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
        training.fit_checks.append(GovernanceSeen(self))
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
        registry.gate_evidence = GovernanceSeen(self)
        return registry

    @cached_property
    def serving(self) -> ServingService:
        """The scoring service (`airlock serve`) and its API tokens."""
        from engine.serving.service import ServingService

        return ServingService(
            self.path,
            self.access,
            self.audit_log,
            self.db,
            self.clock,
            lambda: self.registry,
            lambda: self.data,
        )

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
            PipelinesSeen(self),
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
            MonitorsSeen(self),
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
            check_same_workspace(db, config)
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
        stored_url = empty_server_database(metadata) if metadata else None
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
            recovery = build(staging, name, password, params, now, metadata, stored_url)
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
