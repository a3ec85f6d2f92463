"""ORM tables of pipelines, monitoring and governance (split from engine/store/schema.py,
which re-exports them: import every row from there). Change only through an Alembic
migration."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.schema_base import Base


class PipelineRow(Base):
    """A version of a pipeline definition (immutable; the newest version is the one run)."""

    __tablename__ = "pipelines"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    project_id: Mapped[str] = mapped_column(String(32), ForeignKey("projects.id"))
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    definition: Mapped[str] = mapped_column(Text)  # JSON
    definition_sha256: Mapped[str] = mapped_column(String(64))
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))

    __table_args__ = (UniqueConstraint("project_id", "name_key", "version"),)


class PipelineRunRow(Base):
    """One run of a pipeline: written when it starts, updated after every step."""

    __tablename__ = "pipeline_runs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    pipeline_id: Mapped[str] = mapped_column(String(32), ForeignKey("pipelines.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str] = mapped_column(Text)  # JSON: kind, file, sha256, …
    input_sha256: Mapped[str] = mapped_column(String(64), default="", index=True)
    status: Mapped[str] = mapped_column(String(16))  # running succeeded failed skipped
    steps: Mapped[str] = mapped_column(Text, default="[]")  # JSON
    started: Mapped[str] = mapped_column(String(32))
    finished: Mapped[str] = mapped_column(String(32), default="")
    actor: Mapped[str] = mapped_column(String(32))
    error: Mapped[str] = mapped_column(Text, default="")


class DriftProfileRow(Base):
    """A cached drift reference profile: the encrypted object holding it, by the hash of
    what it was computed from (dataset content, columns, bins, profile format)."""

    __tablename__ = "drift_profiles"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    object_id: Mapped[str] = mapped_column(String(64), ForeignKey("objects.id"))
    reference: Mapped[str] = mapped_column(String(300))
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))


class MonitorRow(Base):
    """A drift monitor: a reference, the dataset whose newest version is checked, levels,
    hysteresis, cooldown and actions (a definition version; the newest one is used)."""

    __tablename__ = "monitors"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    project_id: Mapped[str] = mapped_column(String(32), ForeignKey("projects.id"))
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    definition: Mapped[str] = mapped_column(Text)  # JSON
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))

    __table_args__ = (UniqueConstraint("project_id", "name_key", "version"),)


class MonitorRunRow(Base):
    """One evaluation of a monitor."""

    __tablename__ = "monitor_runs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    monitor_id: Mapped[str] = mapped_column(String(32), ForeignKey("monitors.id"), index=True)
    current: Mapped[str] = mapped_column(String(300))
    current_sha256: Mapped[str] = mapped_column(String(64), default="")
    level: Mapped[str] = mapped_column(String(16))  # ok, warning, alert
    drift_share: Mapped[float] = mapped_column(Float)
    report: Mapped[str] = mapped_column(Text)  # JSON
    time: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(32))


class AlertRow(Base):
    """An alert raised by a monitor run; acknowledged by a person (audited)."""

    __tablename__ = "alerts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    monitor_id: Mapped[str] = mapped_column(String(32), ForeignKey("monitors.id"), index=True)
    run_id: Mapped[str] = mapped_column(String(32), ForeignKey("monitor_runs.id"))
    level: Mapped[str] = mapped_column(String(16))  # warning, alert
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # open, acknowledged
    created: Mapped[str] = mapped_column(String(32))
    actions: Mapped[str] = mapped_column(Text, default="[]")  # JSON: what was done
    acknowledged_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    acknowledged: Mapped[str | None] = mapped_column(String(32), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class AnnotationRow(Base):
    """A dated event on a monitor (a policy change, a new product), shown on its trend
    plots; `new_baseline` makes the first batch from that date the monitor's reference."""

    __tablename__ = "monitor_annotations"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    project_id: Mapped[str] = mapped_column(String(32), ForeignKey("projects.id"))
    monitor_key: Mapped[str] = mapped_column(String(80), index=True)
    date: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD
    text: Mapped[str] = mapped_column(Text)
    new_baseline: Mapped[bool] = mapped_column(Boolean)
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))


class FairnessReportRow(Base):
    """A fairness assessment of a model version on its test rows (per-group metrics,
    disparities, the four-fifths rule), fixed by its SHA-256 in the audit entry."""

    __tablename__ = "fairness_reports"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    version_id: Mapped[str] = mapped_column(String(32), ForeignKey("model_versions.id"), index=True)
    run_id: Mapped[str] = mapped_column(String(32))
    dataset: Mapped[str] = mapped_column(String(300))
    attributes: Mapped[str] = mapped_column(Text)  # JSON list
    report: Mapped[str] = mapped_column(Text)  # JSON
    sha256: Mapped[str] = mapped_column(String(64))
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))


class ModelCardRow(Base):
    """A saved model card of a model version: the narrative people wrote and the whole card
    as generated at that moment (numbered per version; fixed by its SHA-256 in the audit
    entry)."""

    __tablename__ = "model_cards"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    version_id: Mapped[str] = mapped_column(String(32), ForeignKey("model_versions.id"))
    number: Mapped[int] = mapped_column(Integer)
    narrative: Mapped[str] = mapped_column(Text)  # JSON
    card: Mapped[str] = mapped_column(Text)  # JSON
    sha256: Mapped[str] = mapped_column(String(64))
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))

    __table_args__ = (UniqueConstraint("version_id", "number"),)


class ErasureRequestRow(Base):
    """A data-subject erasure carried out on a dataset: the request's reference and how many
    subjects (never their ids, not even hashed: short ids are easy to guess), the new
    versions without their rows, the versions shredded and the model versions flagged for
    retraining."""

    __tablename__ = "erasure_requests"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(32), ForeignKey("datasets.id"))
    reference: Mapped[str] = mapped_column(String(200))  # the request's ticket number
    column: Mapped[str] = mapped_column(String(200))
    subjects: Mapped[int] = mapped_column(Integer)
    rows_removed: Mapped[int] = mapped_column(Integer)
    new_versions: Mapped[str] = mapped_column(Text)  # JSON list of NAME@V
    shredded: Mapped[str] = mapped_column(Text)  # JSON list of NAME@V
    flagged: Mapped[str] = mapped_column(Text)  # JSON list of MODEL@V
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))


class RetrainFlagRow(Base):
    """A model version trained on data that was since erased: it must be retrained."""

    __tablename__ = "retrain_flags"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    version_id: Mapped[str] = mapped_column(String(32), ForeignKey("model_versions.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    dataset_version_id: Mapped[str] = mapped_column(String(32))
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))
    cleared: Mapped[str | None] = mapped_column(String(32), nullable=True)
    cleared_by: Mapped[str | None] = mapped_column(String(32), nullable=True)


class DpiaRow(Base):
    """A version of a project's data protection impact assessment (the questionnaire's
    answers; complete when every required question is answered)."""

    __tablename__ = "dpia_records"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    project_id: Mapped[str] = mapped_column(String(32), ForeignKey("projects.id"))
    number: Mapped[int] = mapped_column(Integer)
    answers: Mapped[str] = mapped_column(Text)  # JSON: question id -> answer
    complete: Mapped[bool] = mapped_column(Boolean)
    sha256: Mapped[str] = mapped_column(String(64))
    created: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(32))

    __table_args__ = (UniqueConstraint("project_id", "number"),)
