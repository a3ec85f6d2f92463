"""The model inventory SAMA's model-risk expectations and the EU AI Act's record-keeping
ask for: every registered model with its owner, risk tier, stage, last independent
validation (the validator's approval), the next revalidation due (at least yearly), open
alerts, card completeness and fairness flags — and what needs attention."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from engine.audit.record import format_time, parse_time
from engine.governance.lookups import Areas, Part
from engine.security.actor import Actor
from engine.security.users import user_names

REVALIDATE_DAYS = 365

if TYPE_CHECKING:
    from engine.governance.card_service import CardService
    from engine.governance.fairness_service import FairnessService
    from engine.governance.retention import RetentionService


@dataclass(frozen=True)
class InventoryRow:
    model: str
    project: str
    owner: str
    risk_tier: str
    version: str  # the production version, else the newest
    stage: str
    last_validation: str  # when a validator approved it into production ("" if never)
    validated_by: str
    next_due: str  # last validation + the revalidation period
    overdue: bool
    open_alerts: int
    card: str  # "complete", "N missing", "none"
    fairness_flags: int
    attention: tuple[str, ...] = field(default_factory=tuple)


class InventoryService(Part):
    def __init__(
        self,
        areas: Areas,
        cards: CardService,
        fairness: FairnessService,
        retention: RetentionService,
    ) -> None:
        super().__init__(areas)
        self._cards = cards
        self._fairness = fairness
        self._retention = retention

    def rows(
        self, actor: Actor, project: str | None = None, *, revalidate_days: int = REVALIDATE_DAYS
    ) -> list[InventoryRow]:
        self._access.require(actor, "governance.read", "inventory")
        now = self._clock()
        info = self._projects.get(actor, project)
        approvals = [
            a
            for a in self._registry.approvals.all(actor, project=project)
            if a.status == "approved"
        ]
        alerts = self._monitors.alerts(actor, status="open", project=project)
        monitors = self._monitors.monitors(actor, project)
        with self._access.reading(actor, "governance.read", "inventory") as session:
            names = user_names(session)
        owner = names.get(info.owner or "", info.owner or "")
        retrain = {f.version for f in self._retention.retrain_flags(actor, project)}
        out = []
        for model in self._registry.versions.models(actor, project):
            if not model.versions:
                continue
            version = model.production or model.versions[-1]
            approved = sorted(
                (a for a in approvals if a.version == version.ref), key=lambda a: a.decided
            )
            last = approved[-1] if approved else None
            due = (parse_time(last.decided) + timedelta(days=revalidate_days)) if last else None
            dataset = version.lineage.get("dataset_ref", "")
            watching = {m.name for m in monitors if m.watches(model.name, version.ref, dataset)}
            open_alerts = sum(1 for a in alerts if a.monitor in watching)
            card = self._cards.card(actor, version.ref, project=project)
            card_state = (
                "none"
                if not card["number"]
                else "complete"
                if not card["missing"]
                else f"{len(card['missing'])} missing"
            )
            reports = self._fairness.reports(actor, version.ref, project=project)
            flags = len(reports[0].report.flags) if reports else 0
            attention = []
            overdue = due is not None and due < now
            if version.stage == "production" and last is None:
                attention.append("in production without a recorded validation")
            if overdue and due is not None:
                attention.append(f"revalidation overdue since {format_time(due)[:10]}")
            if open_alerts:
                attention.append(f"{open_alerts} open alert(s)")
            if card_state != "complete":
                attention.append("model card incomplete" if card["number"] else "no model card")
            if flags:
                attention.append("fails the four-fifths rule")
            if version.ref in retrain:
                attention.append("to retrain: its training data was erased")
            out.append(
                InventoryRow(
                    model.name,
                    version.project,
                    owner or version.registered_by,
                    info.risk_tier,
                    version.ref,
                    version.stage,
                    last.decided if last else "",
                    last.decided_by if last else "",
                    format_time(due) if due else "",
                    overdue,
                    open_alerts,
                    card_state,
                    flags,
                    tuple(attention),
                )
            )
        return out
