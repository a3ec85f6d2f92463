"""ORM tables of the metadata database. Rows stay inside the store layer; services convert
them to frozen entities before returning. Change only through an Alembic migration."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import false

from engine.store.schema_base import Base
from engine.store.schema_ops import (  # noqa: F401 - every row is imported from here
    AlertRow,
    AnnotationRow,
    DpiaRow,
    DriftProfileRow,
    ErasureRequestRow,
    FairnessReportRow,
    ModelCardRow,
    MonitorRow,
    MonitorRunRow,
    PipelineRow,
    PipelineRunRow,
    RetrainFlagRow,
)
from engine.store.schema_registry import (  # noqa: F401 - every row is imported from here
    ApprovalRow,
    ModelTestRow,
    ModelVersionRow,
    RegisteredModelRow,
    StageEventRow,
    TrustedKeyRow,
)


class WorkspaceState(Base):
    """One row: the workspace's key state."""

    __tablename__ = "workspace_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[str] = mapped_column(String(64))
    mk_id: Mapped[str] = mapped_column(String(32))
    log_key_id: Mapped[str] = mapped_column(String(16))
    log_key_name: Mapped[str] = mapped_column(String(200))
    log_public_key: Mapped[bytes] = mapped_column(LargeBinary)
    wrapped_log_key: Mapped[bytes] = mapped_column(LargeBinary)
    recovery_slot: Mapped[str] = mapped_column(String(64))
    created: Mapped[str] = mapped_column(String(32))
    # objects/sealed.py: the key of sealed values from no object; null until first used
    wrapped_meta_key: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    name_key: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    slot: Mapped[str] = mapped_column(String(64))
    signing_key_id: Mapped[str] = mapped_column(String(16))
    created: Mapped[str] = mapped_column(String(32))
    password_changed: Mapped[str] = mapped_column(String(32))
    # a service account runs unattended work (pipelines) and never signs in at the desktop
    service: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class SigningKeyRow(Base):
    __tablename__ = "signing_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_id: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    valid_from_seq: Mapped[int] = mapped_column(Integer)
    valid_to_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)


class LoginThrottleRow(Base):
    """Failed-login counters per user name (kept apart so they can be erased)."""

    __tablename__ = "login_throttle"
    name_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[float] = mapped_column(Float, default=0.0)


class AuditEntryRow(Base):
    __tablename__ = "audit_entries"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    v: Mapped[int] = mapped_column(Integer)
    log_id: Mapped[str] = mapped_column(String(64))
    time: Mapped[str] = mapped_column(String(32), index=True)
    actor_user_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    actor_role: Mapped[str | None] = mapped_column(String(16), nullable=True)
    actor_key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(300), index=True)
    details: Mapped[str] = mapped_column(Text)
    prev: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    sig: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # pruned after the audit retention period: action, target and details dropped; seq,
    # time, actor, prev, hash and signature kept (docs/audit-format.md, "Pruned entries")
    pruned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # format 2 only (null in format-1 entries): flags as a JSON list, the number of unsigned
    # entries this one adopts, and the digest of target and details
    flags: Mapped[str | None] = mapped_column(String(40), nullable=True)
    adopts: Mapped[int | None] = mapped_column(Integer, nullable=True)
    content: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AuditStateRow(Base):
    """One row: the head of the chain and the Merkle frontier, for O(log n) appends."""

    __tablename__ = "audit_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))
    frontier: Mapped[str] = mapped_column(Text)
    pruned_through: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CheckpointRow(Base):
    __tablename__ = "checkpoints"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # "latest" (one row) or "saved"
    size: Mapped[int] = mapped_column(Integer)
    root: Mapped[str] = mapped_column(String(64))
    time: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text)


class ObjectRow(Base):
    __tablename__ = "objects"
    # HMAC-SHA256 of the plaintext's SHA-256 under the workspace id key (objects/store.py);
    # objects stored before keyed ids (sealed_sha256 null) are named by the plain SHA-256
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    stored_size: Mapped[int] = mapped_column(Integer)
    nonce_id: Mapped[str] = mapped_column(String(32))
    wrapped_dek: Mapped[bytes] = mapped_column(LargeBinary)
    mk_id: Mapped[str] = mapped_column(String(32))
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))
    # the plaintext's SHA-256 under a key derived from the object's data key (shredded with it)
    sealed_sha256: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class SettingRow(Base):
    """Workspace-wide settings an administrator sets (engine/settings.py lists them)."""

    __tablename__ = "workspace_settings"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class ProjectRow(Base):
    __tablename__ = "projects"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80), unique=True)
    objective: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(Text, default="")
    success_criteria: Mapped[str] = mapped_column(Text, default="[]")  # JSON
    owner: Mapped[str | None] = mapped_column(String(32), nullable=True)  # user id
    risk_tier: Mapped[str] = mapped_column(String(16), default="medium")
    intended_uses: Mapped[str] = mapped_column(Text, default="")
    out_of_scope_uses: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[str] = mapped_column(String(32))
    updated: Mapped[str] = mapped_column(String(32))


class DatasetRow(Base):
    __tablename__ = "datasets"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    project_id: Mapped[str] = mapped_column(String(32), ForeignKey("projects.id"))
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80))
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))
    datasheet: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    column_tags: Mapped[str] = mapped_column(Text, default="{}")  # JSON: column -> [tags]
    retention_days: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (UniqueConstraint("project_id", "name_key"),)


class DatasetVersionRow(Base):
    __tablename__ = "dataset_versions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(32), ForeignKey("datasets.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    object_id: Mapped[str] = mapped_column(String(64), ForeignKey("objects.id"))
    rows: Mapped[int] = mapped_column(Integer)
    columns: Mapped[int] = mapped_column(Integer)
    schema: Mapped[str] = mapped_column(Text)  # JSON list of column descriptions
    source_name: Mapped[str] = mapped_column(String(300), default="")
    source_sha256: Mapped[str] = mapped_column(String(64), default="")
    source_format: Mapped[str] = mapped_column(String(16), default="")
    parents: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of version ids
    recipe: Mapped[str] = mapped_column(Text, default="")  # JSON of the recipe, if derived
    note: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))
    # crypto-shredded (its data key destroyed): when, and why; the row stays as a tombstone
    shredded: Mapped[str | None] = mapped_column(String(32), nullable=True)
    shred_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    __table_args__ = (UniqueConstraint("dataset_id", "version"),)


class ContractRow(Base):
    """A version of a data contract (JSON body, immutable)."""

    __tablename__ = "contracts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    project_id: Mapped[str] = mapped_column(String(32), ForeignKey("projects.id"))
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))

    __table_args__ = (UniqueConstraint("project_id", "name_key", "version"),)


class ValidationRow(Base):
    """The stored result of validating a dataset version or a file against a contract."""

    __tablename__ = "validations"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    contract_id: Mapped[str] = mapped_column(String(32), ForeignKey("contracts.id"))
    dataset_version_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    source_name: Mapped[str] = mapped_column(String(300), default="")
    source_sha256: Mapped[str] = mapped_column(String(64), default="")
    passed: Mapped[bool] = mapped_column(Boolean)
    failures: Mapped[int] = mapped_column(Integer)
    report: Mapped[str] = mapped_column(Text)  # JSON
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))


Index("ix_checkpoints_kind_size", CheckpointRow.kind, CheckpointRow.size)


class ExperimentRow(Base):
    """A named group of runs in a project."""

    __tablename__ = "experiments"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    project_id: Mapped[str] = mapped_column(String(32), ForeignKey("projects.id"))
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80))
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))

    __table_args__ = (UniqueConstraint("project_id", "name_key"),)


class EnvironmentRow(Base):
    """A software environment runs were made in, stored once per distinct fingerprint."""

    __tablename__ = "environments"
    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[str] = mapped_column(Text)  # JSON: python, platform, package versions


class RunRow(Base):
    """One finished, cancelled or failed run; written once, when it ends."""

    __tablename__ = "runs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    experiment_id: Mapped[str] = mapped_column(String(32), ForeignKey("experiments.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # finished, cancelled, failed
    dataset_version_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    task: Mapped[str] = mapped_column(String(16), default="")
    target: Mapped[str] = mapped_column(String(300), default="")
    model: Mapped[str] = mapped_column(String(40), default="")
    spec: Mapped[str] = mapped_column(Text, default="{}")  # JSON RunSpec
    params: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    metrics: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    notes: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    model_object_id: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("objects.id"), nullable=True
    )
    model_types: Mapped[str] = mapped_column(Text, default="[]")  # JSON: types skops trusts
    artifacts_object_id: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("objects.id"), nullable=True
    )  # curves, importance (JSON)
    environment_hash: Mapped[str] = mapped_column(String(64), ForeignKey("environments.hash"))
    dataset_hash: Mapped[str] = mapped_column(String(64), default="")
    recipe_hash: Mapped[str] = mapped_column(String(64), default="")
    rerun_of: Mapped[str | None] = mapped_column(String(32), nullable=True)
    started: Mapped[str] = mapped_column(String(32))
    finished: Mapped[str] = mapped_column(String(32))
    seconds: Mapped[float] = mapped_column(Float)
    created_by: Mapped[str] = mapped_column(String(32))
    error: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("experiment_id", "number"),)
