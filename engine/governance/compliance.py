"""Compliance evidence: the control catalog in resources/compliance/controls.json maps each
control (GDPR, PDPL, NCA ECC-2, SAMA, EU AI Act) to checks; each check looks at what the
workspace actually holds — the verified audit log, encryption status, roles, approvals,
fairness reports, cards, datasheets, the DPIA, retention — and says met, partial or missing
with the evidence and the command that shows it. A control takes its weakest check."""

from __future__ import annotations

__all__ = ["CHECKS", "Check", "ComplianceService", "catalog", "report_html", "report_lines"]

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from engine.audit.record import format_time
from engine.governance import checks_data, checks_models, checks_security
from engine.governance.compliance_report import report_html, report_lines
from engine.governance.controls import LIVE, ORDER, Check, catalog, weakest
from engine.governance.lookups import Areas, Part
from engine.jobs import CancelToken, Progress, check, report
from engine.security.actor import Actor

if TYPE_CHECKING:
    from engine.governance.card_service import CardService
    from engine.governance.dpia import DpiaService
    from engine.governance.fairness_service import FairnessService
    from engine.governance.inventory import InventoryService
    from engine.governance.retention import RetentionService


class ComplianceService(Part):
    def __init__(
        self,
        areas: Areas,
        cards: CardService,
        dpia: DpiaService,
        retention: RetentionService,
        fairness: FairnessService,
        inventory: InventoryService,
    ) -> None:
        super().__init__(areas)
        self._cards = cards
        self._dpia = dpia
        self._retention = retention
        self._fairness = fairness
        self._inventory = inventory

    def check(
        self,
        actor: Actor,
        project: str | None = None,
        *,
        frameworks: list[str] | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> dict[str, Any]:
        """Every control of the catalog (or of `frameworks`) with its status and evidence."""
        self._access.require(actor, "governance.read", "compliance")
        body = catalog()
        unknown = sorted(set(frameworks or []) - set(body["frameworks"]))
        if unknown:
            from engine.errors import ValidationError

            raise ValidationError(
                f"There is no framework {', '.join(unknown)} in the catalog.",
                hint="Frameworks: " + ", ".join(body["frameworks"]),
            )
        checks: dict[str, Check] = {}
        context = self._context(actor, project)
        out = []
        for number, control in enumerate(body["controls"]):
            if frameworks and control["framework"] not in frameworks:
                continue
            results = []
            for name in control["checks"]:
                if name not in checks:
                    check(cancel)
                    report(progress, number / len(body["controls"]), f"checking {name}")
                    checks[name] = CHECKS[name](self, actor, context)
                results.append(checks[name])
            out.append(
                {
                    **control,
                    "status": weakest([c.status for c in results]),
                    "results": [
                        {
                            "check": c.name,
                            "status": c.status,
                            "summary": c.summary,
                            "evidence": [{"text": t, "see": s} for t, s in c.evidence],
                        }
                        for c in results
                    ],
                }
            )
        counts = {k: sum(1 for c in out if c["status"] == k) for k in ORDER}
        return {
            "generated": format_time(self._clock()),
            "project": context["project"],
            "workspace": self._registry.workspace_id,
            "catalog": body["format"],
            "note": body["note"],
            "frameworks": {
                k: v for k, v in body["frameworks"].items() if not frameworks or k in frameworks
            },
            "summary": counts,
            "controls": out,
        }

    def _context(self, actor: Actor, project: str | None) -> dict[str, Any]:
        info = self._projects.get(actor, project)
        models = self._registry.versions.models(actor, project)
        versions = [v for m in models for v in m.versions]
        return {
            "project": info.name,
            "info": info,
            "models": models,
            "versions": versions,
            "live": [v for v in versions if v.stage in LIVE],
            "datasets": self._data.datasets(actor, project),
        }


CHECKS: dict[str, Callable[[Any, Actor, dict[str, Any]], Check]] = {
    name[len("check_") :]: function
    for module in (checks_security, checks_models, checks_data)
    for name, function in vars(module).items()
    if name.startswith("check_") and callable(function)
}
