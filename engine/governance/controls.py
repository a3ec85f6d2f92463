"""The control catalog (resources/compliance/controls.json) and what a check returns:
met, partial or missing, with the evidence and where it is seen."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from engine.governance.dpia import CATALOG

ORDER = {"missing": 0, "partial": 1, "met": 2}
LIVE = ("staging", "production")


@cache
def catalog() -> dict[str, Any]:
    return json.loads((CATALOG / "controls.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # met partial missing
    summary: str
    evidence: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (text, command)


def weakest(statuses: list[str]) -> str:
    return min(statuses, key=ORDER.__getitem__) if statuses else "missing"


def share(good: int, total: int) -> str:
    return "met" if total and good == total else "partial" if good else "missing"


def declared(value: Any) -> bool:
    """A datasheet answer that declares something (not empty, not a plain no)."""
    text = str(value or "").strip().lower().rstrip(".")
    return bool(text) and text not in ("no", "none", "n/a", "na", "-", "—", "لا", "لا يوجد")
