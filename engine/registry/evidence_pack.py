"""The evidence pack a validator decides on: the version's hashes, metrics, gate results,
policy, the sensitive columns in use and their fairness, as it is now; the approval binds to
its SHA-256."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.registry.entities import (
    EVIDENCE_FORMAT,
    sha256_text,
)
from engine.registry.gate_inputs import gate_context_of
from engine.registry.lookups import manifest_text
from engine.security.actor import Actor
from engine.store.schema import (
    ModelVersionRow,
)

if TYPE_CHECKING:
    from engine.registry.approvals import ApprovalService


def evidence_pack(
    service: ApprovalService, actor: Actor, ref: str, project: str | None = None
) -> dict[str, Any]:
    version = service._versions.version(actor, ref, project)
    model = service._versions.model(actor, version.model, project)
    policy, source, why = service._versions.policy_for(actor, version, model)
    context = gate_context_of(service._versions, actor, version, model)
    gates = policy.evaluate("production", context)
    sensitive = sensitive_in_use(context)
    champion = model.production
    with service._access.reading(actor, "registry.read", f"model:{ref}") as session:
        row = session.get(ModelVersionRow, version.id)
        assert row is not None
        manifest_sha = sha256_text(manifest_text(session, row))
    return {
        "format": EVIDENCE_FORMAT,
        "model": version.model,
        "version": version.version,
        "version_id": version.id,
        "model_sha256": version.model_sha256,
        "manifest_sha256": manifest_sha,
        "task": version.manifest["task"],
        "primary": version.manifest.get("primary", ""),
        "metrics": version.metrics,
        "lineage": version.lineage,
        "policy_sha256": policy.hash,
        "policy": {"source": source, "why": why},
        "gates": [g.as_json() for g in gates],
        "sensitive": sensitive,
        "fairness": fairness_summary(sensitive["tagged"], context),
        "champion": {
            "version": champion.version,
            "model_sha256": champion.model_sha256,
            "metrics": champion.metrics,
        }
        if champion
        else None,
    }


def sensitive_in_use(context: Any) -> dict[str, Any]:
    """What a validator must see about sensitive attributes: the model's features that
    are tagged sensitive or only look like one (not reviewed), and the attributes tagged
    sensitive in the training data (what fairness is checked on)."""
    from engine.data.pii import sensitive_by_name

    tags = context.extra["tags"]()
    features = list(context.extra.get("features", []))
    return {
        "features_tagged": [c for c in features if "sensitive" in tags.get(c, [])],
        "features_unreviewed": sensitive_by_name(features, tags),
        "tagged": sorted(c for c, t in tags.items() if "sensitive" in t),
    }


def fairness_summary(tagged: list[str], context: Any) -> list[dict[str, Any]]:
    """The newest fairness report's verdict on each attribute tagged sensitive."""
    lookup = context.extra.get("fairness")
    out = []
    for attribute in tagged:
        found = lookup(attribute) if lookup else None
        disparity = (found or {}).get("disparity") or {}
        out.append(
            {
                "attribute": attribute,
                "report": (found or {}).get("id"),
                "ratio": disparity.get("demographic_parity_ratio"),
                "low": disparity.get("ratio_low"),
                "high": disparity.get("ratio_high"),
                "four_fifths": disparity.get("four_fifths"),
            }
        )
    return out
