"""The words of an evidence timeline: which phase an audited action belongs to and what
it did (engine/governance/evidence.py)."""

from __future__ import annotations

from typing import Any


def phase(action: str) -> str:
    """The lifecycle phase an audited action belongs to, for the timeline."""
    if action.startswith("data.") or action in (
        "governance.shred",
        "governance.retention",
        "governance.erasure",
    ):
        return "data"
    if action.startswith("training.") or action == "governance.mitigate":
        return "training"
    if action in ("registry.score", "registry.export", "registry.import"):
        return "deployment"
    if action.startswith("registry."):
        return "registry"
    if action.startswith("monitoring."):
        return "monitoring"
    return "governance"


def describe_step(action: str, details: dict[str, Any], datasets: dict[str, str]) -> str:
    """An audited action in words, with the details that say what it touched."""
    from engine.audit.actions import describe

    text = describe(action)
    keys: tuple[str, ...] = (
        "decision",
        "version",
        "dataset",
        "run",
        "to",
        "level",
        "monitor",
        "reason",
        "file",
    )
    if action == "registry.approve" and details.get("decision") in ("approved", "rejected"):
        # the row states the outcome: "approved a model version for production", not the
        # action's name ("approved or rejected …") with the decision somewhere after it
        text = f"{details['decision']} a model version for production"
        keys = keys[1:]
    for key in keys:
        value = details.get(key)
        if isinstance(value, str | int) and value != "":
            text += f"; {key} {value}"
    if details.get("version_id") in datasets:
        text += f" ({datasets[details['version_id']]})"
    return text
