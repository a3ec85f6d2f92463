"""What the registry hands out: versions, models, approvals, transitions; the formats
and signature contexts of what it signs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from engine.errors import ValidationError
from engine.registry.gates import GateResult, Policy

STAGES = ("dev", "staging", "production", "archived")
MANIFEST_FORMAT = "airlock-model-version/1"
EVIDENCE_FORMAT = "airlock-evidence/1"
DECISION_FORMAT = "airlock-approval/1"
MANIFEST_CONTEXT = b"airlock/model-manifest/v1\n"
DECISION_CONTEXT = b"airlock/approval-decision/v1\n"


def sha256_text(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def check_model_name(name: str) -> str:
    clean = (name or "").strip()
    if not clean or len(clean) > 80 or not all(c.isalnum() or c in "-_." for c in clean):
        raise ValidationError(
            f"A model name uses letters, digits, '-', '_' and '.', at most "
            f"80 characters. Got {name!r}."
        )
    return clean


@dataclass(frozen=True)
class ModelVersion:
    id: str
    model: str
    project: str
    version: int
    stage: str
    description: str
    tags: dict[str, str]
    manifest: dict[str, Any]
    registered: str
    registered_by: str  # user name
    trained_by: str  # user name (as recorded for imported versions)

    @property
    def ref(self) -> str:
        return f"{self.model}@{self.version}"

    @property
    def model_sha256(self) -> str:
        """The plain SHA-256 of the model file (what bundles are checked against)."""
        return str(self.manifest["model_sha256"])

    @property
    def model_object(self) -> str:
        """The model's object in this workspace (manifests from before keyed object names
        name it by its plain hash)."""
        return str(self.manifest.get("model_object") or self.manifest["model_sha256"])

    @property
    def metrics(self) -> dict[str, float | None]:
        return dict(self.manifest.get("metrics", {}))

    @property
    def signature(self) -> dict[str, Any]:
        return dict(self.manifest["signature"])

    @property
    def lineage(self) -> dict[str, Any]:
        return dict(self.manifest.get("lineage", {}))


@dataclass(frozen=True)
class RegisteredModel:
    id: str
    name: str
    project: str
    description: str
    policy: Policy
    versions: tuple[ModelVersion, ...]

    def in_stage(self, stage: str) -> list[ModelVersion]:
        return [v for v in self.versions if v.stage == stage]

    @property
    def production(self) -> ModelVersion | None:
        found = self.in_stage("production")
        return found[0] if found else None


@dataclass(frozen=True)
class StageEvent:
    """One stage change of a model version (`airlock model history`)."""

    version: int
    from_stage: str | None  # None when the version was registered
    to_stage: str
    time: str
    by: str
    reason: str
    approval: str | None  # the approval that allowed it


@dataclass(frozen=True)
class Approval:
    id: str
    version: str  # NAME@V
    status: str  # pending approved rejected withdrawn
    requested_by: str
    requested: str
    note: str
    evidence: dict[str, Any]
    evidence_hash: str
    decided_by: str
    decided: str
    reason: str
    approver_added_by: str = ""  # who added the approver's account (the signed log's user.add)
    approver_added: str = ""


@dataclass(frozen=True)
class Transition:
    version: ModelVersion
    from_stage: str
    to_stage: str
    gates: tuple[GateResult, ...]


@dataclass(frozen=True)
class ApprovalCheck:
    valid: bool
    detail: str
    approval: Approval | None
    flags: tuple[str, ...] = ()  # four-eyes doubts (registry/foureyes.py); valid still


class GateFailed(ValidationError):
    """A transition refused by the model's gates; `.gates` holds every result."""

    def __init__(self, message: str, gates: list[GateResult], hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.gates = gates


def _failures(gates: list[GateResult]) -> str:
    return "; ".join(f"{g.gate}: {g.detail}" for g in gates if not g.passed)
