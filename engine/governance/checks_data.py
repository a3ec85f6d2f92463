"""Compliance checks of personal data: datasheets, the DPIA, retention and erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.governance.controls import Check, declared, share
from engine.security.actor import Actor

if TYPE_CHECKING:
    from engine.governance.compliance import ComplianceService


def personal_datasets(service: ComplianceService, ctx: dict[str, Any]) -> list[Any]:
    return [
        d
        for d in ctx["datasets"]
        if any({"personal", "sensitive"} & set(t) for t in d.column_tags.values())
    ]


def check_datasheets(service: ComplianceService, actor: Actor, ctx: dict[str, Any]) -> Check:
    wanted = ("purpose", "legal_basis", "retention_period")
    personal = personal_datasets(service, ctx)
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
        share(good, len(personal)),
        "Datasets with personal or sensitive columns document their purpose, "
        "legal basis and retention.",
        tuple(evidence),
    )


def check_dpia(service: ComplianceService, actor: Actor, ctx: dict[str, Any]) -> Check:
    # personal data as any record says it: a column tagged personal or sensitive, or a
    # datasheet that declares personal data or sensitive attributes (a DPIA was marked
    # not required while the datasheet declared personal data and `sex` was tagged)
    personal = [
        d
        for d in ctx["datasets"]
        if d in personal_datasets(service, ctx)
        or any(declared(d.datasheet.get(f)) for f in ("personal_data", "sensitive_attributes"))
    ]
    current = service._dpia.current(actor, ctx["project"])
    see = "airlock governance dpia"
    if current is None:
        return Check(
            "dpia",
            "missing" if personal else "met",
            "The project holds personal data and has no DPIA."
            if personal
            else "No dataset is tagged personal; no DPIA is required.",
            ((f"Personal data in {', '.join(d.name for d in personal)}", see),) if personal else (),
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


def check_retention(service: ComplianceService, actor: Actor, ctx: dict[str, Any]) -> Check:
    rows = service._retention.overview(actor, ctx["project"])
    personal = [r for r in rows if r.personal]
    if not personal:
        return Check("retention", "met" if rows else "partial", "No dataset is tagged personal.")
    evidence, good = [], 0
    for row in personal:
        ok = bool(row.days) and not row.expired
        good += ok
        text = f"{row.dataset}: " + (f"kept {row.days} days" if row.days else "NO retention period")
        if row.expired:
            text += f"; {len(row.expired)} version(s) past it, not yet purged"
        shredded = sum(1 for v in row.versions if v.shredded)
        if shredded:
            text += f"; {shredded} version(s) crypto-shredded"
        evidence.append((text, "airlock governance retention"))
    return Check(
        "retention",
        share(good, len(personal)),
        "Datasets with personal data have a retention period and the purge job "
        "crypto-shreds what is past it.",
        tuple(evidence),
    )


def check_erasure(service: ComplianceService, actor: Actor, ctx: dict[str, Any]) -> Check:
    flags = service._retention.retrain_flags(actor, ctx["project"])
    done = service._retention.erasures(actor, ctx["project"])
    evidence = [
        (
            f"erasure {e.reference} on {e.created[:10]}: {e.subjects} "
            f"subject(s), {len(e.shredded)} version(s) shredded",
            "airlock governance flags",
        )
        for e in done
    ]
    evidence += [
        (f"{f.version} still to retrain: {f.reason}", "airlock governance flags") for f in flags
    ]
    return Check(
        "erasure",
        "partial" if flags else "met",
        f"{len(done)} erasure request(s) carried out (new version without the "
        "subjects' rows, old versions shredded)"
        + (f"; {len(flags)} model version(s) still to retrain." if flags else "."),
        tuple(evidence),
    )
