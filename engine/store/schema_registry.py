"""The registry's tables: registered models, their versions, approvals, stage events,
trusted bundle keys and stored test reports (imported into schema.py with every row)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.schema_base import Base


class RegisteredModelRow(Base):
    """A named model in the registry; its versions are ModelVersionRow."""

    __tablename__ = "registered_models"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    project_id: Mapped[str] = mapped_column(String(32), ForeignKey("projects.id"))
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    policy: Mapped[str] = mapped_column(Text, default="")  # JSON gate policy ("" = none)
    policy_hash: Mapped[str] = mapped_column(String(64), default="")
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))

    __table_args__ = (UniqueConstraint("project_id", "name_key"),)


class ModelVersionRow(Base):
    """A registered model version. Everything but stage, tags and description is written
    once; the registrar's signature covers the manifest (model hash, types, signature,
    lineage), and loading checks it."""

    __tablename__ = "model_versions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    model_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("registered_models.id"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    manifest: Mapped[str] = mapped_column(Text)  # canonical JSON, signed
    manifest_sig: Mapped[str] = mapped_column(String(100))  # base64 Ed25519
    signer_key_id: Mapped[str] = mapped_column(String(16))
    model_object_id: Mapped[str] = mapped_column(String(64), ForeignKey("objects.id"))
    run_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    dataset_version_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    trained_by: Mapped[str] = mapped_column(String(32), default="")  # user id ("" if imported)
    registered_by: Mapped[str] = mapped_column(String(32))
    registered: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(16), default="dev")
    description: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(Text, default="{}")  # JSON

    __table_args__ = (UniqueConstraint("model_id", "version"),)


class ApprovalRow(Base):
    """A request to put a version into production and the validator's signed decision."""

    __tablename__ = "approvals"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    version_id: Mapped[str] = mapped_column(String(32), ForeignKey("model_versions.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))  # pending approved rejected withdrawn
    requested_by: Mapped[str] = mapped_column(String(32))
    requested: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text)  # canonical JSON
    evidence_hash: Mapped[str] = mapped_column(String(64))
    decided_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    decided: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(Text, default="")  # canonical JSON, signed
    decision_sig: Mapped[str] = mapped_column(String(100), default="")
    decision_key_id: Mapped[str] = mapped_column(String(16), default="")


class StageEventRow(Base):
    """Every stage change of a version, in order (rollback reads it)."""

    __tablename__ = "stage_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    model_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("registered_models.id"), index=True
    )
    version_id: Mapped[str] = mapped_column(String(32), ForeignKey("model_versions.id"))
    from_stage: Mapped[str] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    time: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")
    approval_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class TrustedKeyRow(Base):
    """A workspace signing key (of another workspace) whose bundles may be imported."""

    __tablename__ = "trusted_keys"
    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of key
    name: Mapped[str] = mapped_column(String(200))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    added: Mapped[str] = mapped_column(String(32))
    added_by: Mapped[str] = mapped_column(String(32))


class ModelTestRow(Base):
    """A model test suite's report on a version (immutable)."""

    __tablename__ = "model_tests"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    version_id: Mapped[str] = mapped_column(String(32), ForeignKey("model_versions.id"), index=True)
    suite_name: Mapped[str] = mapped_column(String(80))
    suite_sha256: Mapped[str] = mapped_column(String(64))
    suite: Mapped[str] = mapped_column(Text)  # JSON
    dataset_version_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    report: Mapped[str] = mapped_column(Text)  # JSON
    passed: Mapped[bool] = mapped_column(Boolean)
    failures: Mapped[int] = mapped_column(Integer)
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))
