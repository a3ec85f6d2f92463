"""What the pipelines area returns: a stored pipeline version and a run with its steps."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.pipelines.definition import describe_trigger


@dataclass(frozen=True)
class Pipeline:
    id: str
    name: str
    project: str
    version: int
    definition: dict[str, Any]
    sha256: str
    created: str
    created_by: str

    @property
    def trigger(self) -> str:
        return describe_trigger(self.definition.get("trigger", {}))


@dataclass(frozen=True)
class PipelineRun:
    id: str
    pipeline: str
    pipeline_version: int
    number: int
    status: str  # running succeeded failed cancelled interrupted
    trigger: dict[str, Any]
    steps: tuple[dict[str, Any], ...]
    started: str
    finished: str
    actor: str
    error: str
    input_sha256: str

    @property
    def ref(self) -> str:
        return f"{self.pipeline}#{self.number}"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
