"""Compliance evidence: the control catalog in resources/compliance/controls.json maps each
control (GDPR, PDPL, NCA ECC-2, SAMA, EU AI Act) to checks; each check looks at what the
workspace actually holds — the verified audit log, encryption status, roles, approvals,
fairness reports, cards, datasheets, the DPIA, retention — and says met, partial or missing
with the evidence and the command that shows it. A control takes its weakest check."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from html import escape
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from engine.audit.record import format_time
from engine.governance.dpia import CATALOG
from engine.governance.lookups import Areas, Part
from engine.jobs import CancelToken, Progress, check, report
from engine.security.actor import Actor
from engine.store.schema import AuditEntryRow, ObjectRow, UserRow

ORDER = {"missing": 0, "partial": 1, "met": 2}
LIVE = ("staging", "production")

if TYPE_CHECKING:
    from engine.governance.card_service import CardService
    from engine.governance.dpia import DpiaService
    from engine.governance.fairness_service import FairnessService
    from engine.governance.inventory import InventoryService
    from engine.governance.retention import RetentionService


@cache
def catalog() -> dict[str, Any]:
    return json.loads((CATALOG / "controls.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # met partial missing
    summary: str
    evidence: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (text, command)


def _weakest(statuses: list[str]) -> str:
    return min(statuses, key=ORDER.__getitem__) if statuses else "missing"


def _share(good: int, total: int) -> str:
    return "met" if total and good == total else "partial" if good else "missing"


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
                    "status": _weakest([c.status for c in results]),
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

    # -- the checks --------------------------------------------------------------------------
    def _check_audit_log(self, actor: Actor, _ctx: dict[str, Any]) -> Check:
        from engine.security import rbac

        if not rbac.allowed(actor.role, "audit.verify"):
            return Check(
                "audit_log",
                "partial",
                f"Not verified in this report: the {actor.role} role may not verify "
                "the audit log (administrators, validators and auditors may).",
                (("Verify it as one of them.", "airlock audit verify"),),
            )
        report = self._audit_service.verify(actor)
        status = "met" if report.ok else "missing"
        return Check(
            "audit_log",
            status,
            "The signed, hash-chained audit log verifies."
            if report.ok
            else "The audit log does NOT verify: "
            + "; ".join(f.line() for f in report.findings if f.invalid)[:400],
            ((report.summary(), "airlock audit verify"),),
        )

    def _check_audit_retention(self, actor: Actor, _ctx: dict[str, Any]) -> Check:
        days = int(self._settings.all(actor)["audit_retention_days"])
        with self._access.reading(actor, "governance.read", "audit") as session:
            first = session.scalar(select(func.min(AuditEntryRow.time)))
            count = session.scalar(select(func.count()).select_from(AuditEntryRow))
        status = "met" if days >= 365 else "partial"
        return Check(
            "audit_retention",
            status,
            f"Audit entries are kept {days} days at least; pruning inside that period is refused.",
            (
                (f"{count} entries since {str(first)[:10]}; nothing pruned.", "airlock audit log"),
                (f"audit_retention_days = {days}", "airlock settings"),
            ),
        )

    def _check_encryption_at_rest(self, actor: Actor, _ctx: dict[str, Any]) -> Check:
        with self._access.reading(actor, "governance.read", "objects") as session:
            rows = session.execute(select(ObjectRow.mk_id, ObjectRow.wrapped_dek)).all()
        current = actor.keyring.mk_id
        live = [r for r in rows if r.wrapped_dek]
        stale = sum(1 for r in live if r.mk_id != current)
        shredded = len(rows) - len(live)
        status = "met" if not stale else "partial"
        return Check(
            "encryption_at_rest",
            status,
            "Every stored object is encrypted (Cobblestone-256, a random data key "
            "per object wrapped by the workspace master key); Argon2id protects "
            "the user keys.",
            (
                (
                    f"{len(live)} encrypted objects, {stale} under an earlier master key, "
                    f"{shredded} crypto-shredded.",
                    "airlock workspace check",
                ),
            ),
        )

    def _check_access_control(self, actor: Actor, _ctx: dict[str, Any]) -> Check:
        with self._access.reading(actor, "governance.read", "users") as session:
            users = session.execute(select(UserRow.role, UserRow.disabled)).all()
        roles: dict[str, int] = {}
        for role, disabled in users:
            if not disabled:
                roles[role] = roles.get(role, 0) + 1
        text = ", ".join(f"{n} {r}" for r, n in sorted(roles.items()))
        separated = roles.get("validator", 0) and roles.get("analyst", 0)
        return Check(
            "access_control",
            "met" if separated else "partial",
            "Four roles with least privilege; validators, who approve, cannot "
            "train or register; every denial is logged."
            if separated
            else "No separate validator and analyst accounts: duties are not segregated.",
            (
                (f"Active users: {text}.", "airlock user list"),
                ("The role × action matrix.", "docs/roles.md"),
            ),
        )

    def _check_four_eyes(self, actor: Actor, ctx: dict[str, Any]) -> Check:
        production = [v for v in ctx["versions"] if v.stage == "production"]
        if not production:
            return Check(
                "four_eyes",
                "partial",
                "No model version is in production yet: there is no approval to show.",
            )
        approvals = [
            a
            for a in self._registry.approvals.all(actor, project=ctx["project"])
            if a.status == "approved"
        ]
        evidence, good = [], 0
        for version in production:
            found = [
                a
                for a in approvals
                if a.version == version.ref and a.decided_by != version.trained_by
            ]
            if found:
                good += 1
                evidence.append(
                    (
                        f"{version.ref}: trained by {version.trained_by}, approved "
                        f"by {found[-1].decided_by} on {found[-1].decided[:10]} "
                        "(signed, with the evidence hash).",
                        "airlock model approvals",
                    )
                )
            else:
                evidence.append(
                    (
                        f"{version.ref} is in production without an independent approval.",
                        "airlock model approvals",
                    )
                )
        return Check(
            "four_eyes",
            _share(good, len(production)),
            "Production needs a validator's approval, never the trainer's own.",
            tuple(evidence),
        )

    def _check_production_gates(self, actor: Actor, ctx: dict[str, Any]) -> Check:
        """Governance on by default: the default production gates (fairness on tagged
        sensitive attributes, reviewed sensitive features, a complete card) and who turned
        them off, from the signed log."""
        from engine.projects import logged_tier
        from engine.registry.gates import DEFAULT_TIERS
        from engine.settings import logged_setting

        with self._access.reading(actor, "governance.read", "settings") as session:
            on = bool(logged_setting(session, "default_gates"))
            tier = logged_tier(session, ctx["info"].id)
            last = session.scalars(
                select(AuditEntryRow)
                .where(AuditEntryRow.target == "setting:default_gates")
                .order_by(AuditEntryRow.seq.desc())
            ).first()
            who = session.get(UserRow, last.actor_user_id) if last and last.actor_user_id else None
        evidence = [
            (
                f"{v.ref}: "
                + self._registry.versions.policy_for(
                    actor, v, next(m for m in ctx["models"] if m.name == v.model)
                )[2],
                f"airlock model gates {v.ref} --stage production",
            )
            for v in ctx["live"]
        ]
        if not on:
            return Check(
                "production_gates",
                "missing",
                "An administrator turned the default production gates off "
                f"({who.name if who else 'unknown'}, {str(last.time)[:10] if last else ''}"
                "): models reach production with only their own gates.",
                (
                    ("default_gates = false (setting, in the signed log)", "airlock settings"),
                    *evidence,
                ),
            )
        if tier not in DEFAULT_TIERS:
            return Check(
                "production_gates",
                "partial",
                f"Project risk tier {tier}: no default production gates; models "
                "have only their own gates.",
                tuple(evidence),
            )
        return Check(
            "production_gates",
            "met",
            f"Default production gates on (risk tier {tier}): four-fifths fairness "
            "on every attribute tagged sensitive, features that look sensitive "
            "reviewed, a complete model card — on top of each model's own gates.",
            (("default_gates = true", "airlock settings"), *evidence),
        )

    def _check_inventory(self, actor: Actor, ctx: dict[str, Any]) -> Check:
        info = ctx["info"]
        owner, tier = bool(info.owner), bool(info.risk_tier)
        rows = [(m.name, m.production.ref if m.production else "-") for m in ctx["models"]]
        status = "met" if owner and tier else "partial"
        return Check(
            "inventory",
            status,
            f"Project {info.name!r}: owner {'set' if owner else 'NOT set'}, risk "
            f"tier {info.risk_tier}; {len(rows)} registered model(s).",
            tuple(
                (f"{name}: production {prod}", "airlock governance inventory")
                for name, prod in rows
            )
            or (("No registered model yet.", "airlock model list"),),
        )

    def _check_revalidation(self, actor: Actor, ctx: dict[str, Any]) -> Check:
        rows = [r for r in self._inventory.rows(actor, ctx["project"]) if r.stage == "production"]
        if not rows:
            return Check(
                "revalidation", "partial", "No model in production: nothing to revalidate yet."
            )
        good = sum(1 for r in rows if r.last_validation and not r.overdue)
        return Check(
            "revalidation",
            _share(good, len(rows)),
            "Production models are revalidated within 365 days of their last validation.",
            tuple(
                (
                    f"{r.version}: validated {r.last_validation[:10] or 'never'}, due "
                    f"{r.next_due[:10] or '-'}{' (OVERDUE)' if r.overdue else ''}",
                    "airlock governance inventory",
                )
                for r in rows
            ),
        )

    def _check_monitoring(self, actor: Actor, ctx: dict[str, Any]) -> Check:
        live = ctx["live"]
        if not live:
            return Check(
                "monitoring",
                "partial",
                "No model in staging or production: nothing to monitor yet.",
            )
        monitors = self._monitors.monitors(actor, ctx["project"])
        evidence, good = [], 0
        for version in live:
            dataset = version.lineage.get("dataset_ref", "")
            watching = sorted(
                m["name"]
                for m in monitors
                if (m.get("performance") or {}).get("model") in (version.model, version.ref)
                or m["reference"] == dataset
            )
            good += bool(watching)
            evidence.append(
                (
                    f"{version.ref}: " + (", ".join(watching) if watching else "NO monitor"),
                    "airlock monitor list",
                )
            )
        return Check(
            "monitoring",
            _share(good, len(live)),
            "Models in staging and production are watched for drift and performance.",
            tuple(evidence),
        )

    def _check_fairness(self, actor: Actor, ctx: dict[str, Any]) -> Check:
        live = ctx["live"]
        if not live:
            return Check("fairness", "partial", "No model in staging or production yet.")
        evidence, good, reported = [], 0, 0
        for version in live:
            reports = self._fairness.reports(actor, version.ref, project=ctx["project"])
            if not reports:
                evidence.append(
                    (
                        f"{version.ref}: no fairness report.",
                        f"airlock governance fairness {version.ref}",
                    )
                )
                continue
            flags = reports[0].report.flags
            good += not flags
            reported += 1
            evidence.append(
                (
                    f"{version.ref}: report {reports[0].id} "
                    + ("; ".join(flags) if flags else "passes the four-fifths rule"),
                    f"airlock governance reports {version.ref}",
                )
            )
        status = _share(good, len(live))
        return Check(
            "fairness",
            "partial" if status == "missing" and reported else status,
            "Each model in staging or production has a stored fairness report "
            "without four-fifths flags.",
            tuple(evidence),
        )

    def _check_model_cards(self, actor: Actor, ctx: dict[str, Any]) -> Check:
        live = ctx["live"]
        if not live:
            return Check("model_cards", "partial", "No model in staging or production yet.")
        evidence, good = [], 0
        for version in live:
            state = self._cards.complete(actor, version)
            ok = bool(state["saved"]) and not state["missing"]
            good += ok
            text = (
                "no saved card"
                if not state["saved"]
                else f"card #{state['number']} "
                + ("complete" if not state["missing"] else "lacks " + ", ".join(state["missing"]))
            )
            evidence.append((f"{version.ref}: {text}", f"airlock governance card {version.ref}"))
        return Check(
            "model_cards",
            _share(good, len(live)),
            "Each model in staging or production has a complete model card "
            "(intended use, data, metrics per group, fairness, attack risks, "
            "approvals, monitoring plan).",
            tuple(evidence),
        )

    def _check_lineage(self, actor: Actor, ctx: dict[str, Any]) -> Check:
        versions = ctx["versions"]
        if not versions:
            return Check("lineage", "partial", "No registered model yet.")
        good = sum(1 for v in versions if v.lineage.get("dataset_hash"))
        return Check(
            "lineage",
            _share(good, len(versions)),
            "Each model version records its run, dataset version and the data's "
            "content hash in its signed manifest.",
            (
                (
                    f"{good} of {len(versions)} versions carry their data's hash.",
                    "airlock model show MODEL@V",
                ),
            ),
        )

    def _personal(self, ctx: dict[str, Any]) -> list[Any]:
        return [
            d
            for d in ctx["datasets"]
            if any({"personal", "sensitive"} & set(t) for t in d.column_tags.values())
        ]

    def _check_datasheets(self, actor: Actor, ctx: dict[str, Any]) -> Check:
        wanted = ("purpose", "legal_basis", "retention_period")
        personal = self._personal(ctx)
        if not personal:
            return Check(
                "datasheets",
                "met" if ctx["datasets"] else "partial",
                "No dataset has a column tagged personal or sensitive.",
            )
        evidence, good = [], 0
        for dataset in personal:
            lacking = [f for f in wanted if not str(dataset.datasheet.get(f, "")).strip()]
            good += not lacking
            evidence.append(
                (
                    f"{dataset.name}: "
                    + (
                        "purpose, legal basis and retention documented"
                        if not lacking
                        else "datasheet lacks " + ", ".join(lacking)
                    ),
                    f"airlock data datasheet {dataset.name}",
                )
            )
        return Check(
            "datasheets",
            _share(good, len(personal)),
            "Datasets with personal or sensitive columns document their purpose, "
            "legal basis and retention.",
            tuple(evidence),
        )

    def _check_dpia(self, actor: Actor, ctx: dict[str, Any]) -> Check:
        # personal data as any record says it: a column tagged personal or sensitive, or a
        # datasheet that declares personal data or sensitive attributes (a DPIA was marked
        # not required while the datasheet declared personal data and `sex` was tagged)
        personal = [
            d
            for d in ctx["datasets"]
            if d in self._personal(ctx)
            or any(_declared(d.datasheet.get(f)) for f in ("personal_data", "sensitive_attributes"))
        ]
        current = self._dpia.current(actor, ctx["project"])
        see = "airlock governance dpia"
        if current is None:
            return Check(
                "dpia",
                "missing" if personal else "met",
                "The project holds personal data and has no DPIA."
                if personal
                else "No dataset is tagged personal; no DPIA is required.",
                ((f"Personal data in {', '.join(d.name for d in personal)}", see),)
                if personal
                else (),
            )
        text = (
            f"DPIA version {current.number} of {current.created[:10]} by "
            f"{current.created_by} (sha256 {current.sha256[:12]}…)"
        )
        if current.complete:
            return Check(
                "dpia",
                "met",
                "The project's DPIA is complete; training on personal data requires it.",
                ((text, see),),
            )
        return Check(
            "dpia",
            "partial",
            "The project's DPIA is incomplete.",
            ((text + ": unanswered " + ", ".join(current.missing), see),),
        )

    def _check_retention(self, actor: Actor, ctx: dict[str, Any]) -> Check:
        rows = self._retention.overview(actor, ctx["project"])
        personal = [r for r in rows if r.personal]
        if not personal:
            return Check(
                "retention", "met" if rows else "partial", "No dataset is tagged personal."
            )
        evidence, good = [], 0
        for row in personal:
            ok = bool(row.days) and not row.expired
            good += ok
            text = f"{row.dataset}: " + (
                f"kept {row.days} days" if row.days else "NO retention period"
            )
            if row.expired:
                text += f"; {len(row.expired)} version(s) past it, not yet purged"
            shredded = sum(1 for v in row.versions if v.shredded)
            if shredded:
                text += f"; {shredded} version(s) crypto-shredded"
            evidence.append((text, "airlock governance retention"))
        return Check(
            "retention",
            _share(good, len(personal)),
            "Datasets with personal data have a retention period and the purge job "
            "crypto-shreds what is past it.",
            tuple(evidence),
        )

    def _check_erasure(self, actor: Actor, ctx: dict[str, Any]) -> Check:
        flags = self._retention.retrain_flags(actor, ctx["project"])
        done = self._retention.erasures(actor, ctx["project"])
        evidence = [
            (
                f"erasure {e['reference']} on {e['created'][:10]}: {e['subjects']} "
                f"subject(s), {len(e['shredded'])} version(s) shredded",
                "airlock governance flags",
            )
            for e in done
        ]
        evidence += [
            (f"{f['version']} still to retrain: {f['reason']}", "airlock governance flags")
            for f in flags
        ]
        return Check(
            "erasure",
            "partial" if flags else "met",
            f"{len(done)} erasure request(s) carried out (new version without the "
            "subjects' rows, old versions shredded)"
            + (f"; {len(flags)} model version(s) still to retrain." if flags else "."),
            tuple(evidence),
        )


CHECKS: dict[str, Callable[[Any, Actor, dict[str, Any]], Check]] = {
    name[len("_check_") :]: getattr(ComplianceService, name)
    for name in dir(ComplianceService)
    if name.startswith("_check_")
}


def report_html(report: dict[str, Any]) -> str:
    colours = {"met": "#1b7f3b", "partial": "#a86b00", "missing": "#b3261e"}
    rows = []
    for control in report["controls"]:
        colour = colours[control["status"]]
        checks = "".join(
            f"<li><b>{escape(r['check'])}</b>: <span style='color:{colours[r['status']]}'>"
            f"{r['status']}</span> — {escape(r['summary'])}<ul>"
            + "".join(
                f"<li>{escape(e['text'])} <code>{escape(e['see'])}</code></li>"
                for e in r["evidence"]
            )
            + "</ul></li>"
            for r in control["results"]
        )
        rows.append(
            f"<tr id='{escape(control['id'])}'><td>{escape(control['id'])}</td>"
            f"<td>{escape(control['framework'])} {escape(control['reference'])}</td>"
            f"<td>{escape(control['title'])}</td><td style='color:{colour};"
            f"font-weight:bold'>{control['status']}</td><td><ul>{checks}</ul></td></tr>"
        )
    summary = ", ".join(f"{n} {k}" for k, n in report["summary"].items())
    style = (
        "body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:"
        "collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 8px;"
        "vertical-align:top;text-align:start}th{background:#f4f6f8}ul{margin:0;"
        "padding-inline-start:18px}code{font-size:90%}"
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Compliance "
        f"evidence: {escape(report['project'])}</title><style>{style}</style></head>"
        f"<body><h1>Compliance evidence: {escape(report['project'])}</h1>"
        f"<p>Workspace {escape(report['workspace'])}, generated "
        f"{escape(report['generated'])}. Controls: {escape(summary)}.</p>"
        f"<p>{escape(report['note'])}</p><table><tr><th>Control</th><th>Reference</th>"
        f"<th>Requirement</th><th>Status</th><th>Evidence</th></tr>{''.join(rows)}"
        "</table></body></html>"
    )


def report_lines(report: dict[str, Any]) -> list[tuple[str, bool]]:
    """The report as (text, is_heading) lines for the PDF writer."""
    summary = ", ".join(f"{n} {k}" for k, n in report["summary"].items())
    lines = [
        (f"Compliance evidence: {report['project']}", True),
        (
            f"Workspace {report['workspace']}, generated {report['generated']}. "
            f"Controls: {summary}.",
            False,
        ),
    ]
    for control in report["controls"]:
        lines.append(("", False))
        lines.append(
            (
                f"{control['id']} [{control['status'].upper()}] {control['framework']} "
                f"{control['reference']}: {control['title']}",
                True,
            )
        )
        for result in control["results"]:
            lines.append((f"{result['check']}: {result['status']} - {result['summary']}", False))
            lines += [(f"    {e['text']} ({e['see']})", False) for e in result["evidence"]]
    return lines


def _declared(value: Any) -> bool:
    """A datasheet answer that declares something (not empty, not a plain no)."""
    text = str(value or "").strip().lower().rstrip(".")
    return bool(text) and text not in ("no", "none", "n/a", "na", "-", "—", "لا", "لا يوجد")
