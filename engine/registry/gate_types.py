"""What a gate is: its result, the context it reads (only recorded evidence), its kind (fields
and an evaluator), and the registry of kinds that gate_kinds.py and later areas add to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class GateResult:
    gate: str  # a short description of the gate, e.g. "roc_auc ≥ 0.75"
    kind: str
    passed: bool
    detail: str  # why it passes or fails, in words

    def as_json(self) -> dict[str, Any]:
        return {"gate": self.gate, "kind": self.kind, "passed": self.passed, "detail": self.detail}


@dataclass
class GateContext:
    """What a gate may look at: the version's recorded metrics and lineage, the current
    production version's metrics, and lookups into other areas' recorded results."""

    model: str
    version: int
    task: str
    metrics: dict[str, float | None]
    champion: tuple[int, dict[str, float | None]] | None  # (version, metrics)
    dataset_version_id: str | None
    dataset_ref: str
    # contract name -> the latest stored validation of the training data against it, as
    # {"passed": bool, "contract": "name@v", "id": ...}, or None when there is none
    contract_result: Callable[[str], dict[str, Any] | None]
    # suite name -> the latest stored report of a model test suite on this version, as
    # {"passed": bool, "failures": int, "id": ...}, or None
    test_result: Callable[[str], dict[str, Any] | None] = lambda _suite: None
    extra: dict[str, Any] = field(default_factory=dict)


Evaluator = Callable[[dict[str, Any], GateContext], GateResult]


@dataclass(frozen=True)
class GateKind:
    name: str
    fields: dict[str, type]  # required fields and their types (besides kind and stages)
    evaluate: Evaluator
    describe: str
    optional: dict[str, type] = field(default_factory=dict)  # and these, when given


KINDS: dict[str, GateKind] = {}


def register_kind(kind: GateKind) -> None:
    KINDS[kind.name] = kind
