"""The auditor's evidence room: a model version's life as a timeline (data → runs →
approvals → deployments → monitoring) with each step's audit entries and whether the signed
log verifies them, the compliance report as a file, and the one-click evidence pack — card,
datasheets, approvals, fairness, DPIA, compliance report, timeline and the audit bundle,
under a manifest signed by the workspace log key, with a verifier that runs offline."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.audit.export import fingerprint, write_bundle
from engine.audit.notes import sign_note
from engine.audit.pack_check import PACK_BUNDLE, PACK_FORMAT
from engine.audit.standalone import build_pack_verifier
from engine.errors import ValidationError, WorkspaceError
from engine.governance import cards
from engine.governance.compliance import report_html, report_lines
from engine.governance.lookups import Areas, Part
from engine.governance.timeline_steps import describe_step, phase
from engine.jobs import CancelToken, Progress, check, report
from engine.security.actor import Actor
from engine.security.users import user_names
from engine.store.files import temp_beside

PHASES = ("data", "training", "registry", "deployment", "monitoring", "governance")
README = """Airlock evidence pack
=====================
timeline.json        the model version's life: data, runs, approvals, deployments,
                     monitoring, governance; each step cites its audit entries (seq, hash)
card.md, card.html   the model card (card.ar.html: Arabic), card.json its data
datasheets.json      the datasheets, tags, retention and versions of the data it learnt from
approvals.json       requests, signed decisions and the stage history
fairness.json        the stored fairness reports of the version
dpia.json            the project's DPIA versions
compliance.html      the compliance report (compliance.json: the same as data)
audit-bundle.zip     the whole signed audit log (it verifies on its own: see its README)
verify_pack.py       checks all of it; needs only Python 3.11+ and `cryptography`
MANIFEST.sha256      SHA-256 of every file above, signed by the workspace log key

Verify:   python verify_pack.py THIS.zip [--trusted-key FINGERPRINT]
"""

if TYPE_CHECKING:
    from engine.governance.card_service import CardService
    from engine.governance.compliance import ComplianceService
    from engine.governance.dpia import DpiaService
    from engine.governance.fairness_service import FairnessService
    from engine.governance.retention import RetentionService


@dataclass(frozen=True)
class EvidencePack:
    """An evidence pack written (`airlock governance evidence`)."""

    path: str
    version: str
    files: int
    steps: int  # on the timeline
    entries: int  # audit entries in the pack's log bundle
    log_verified: bool
    manifest_sha256: str
    log_key_fingerprint: str
    bytes: int


class EvidenceService(Part):
    def __init__(
        self,
        areas: Areas,
        cards: CardService,
        compliance: ComplianceService,
        dpia: DpiaService,
        fairness: FairnessService,
        retention: RetentionService,
    ) -> None:
        super().__init__(areas)
        self._cards = cards
        self._compliance = compliance
        self._dpia = dpia
        self._fairness = fairness
        self._retention = retention

    # -- the timeline -----------------------------------------------------------------------
    def timeline(
        self,
        actor: Actor,
        ref: str,
        *,
        project: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> dict[str, Any]:
        """A model version's life with the audit entries of each step and their
        verification (the whole log is verified; a step is verified when all its entries
        are)."""
        self._access.require(actor, "audit.read", f"model:{ref}")
        version = self._registry.versions.version(actor, ref, project)
        report(progress, 0.05, "verifying the audit log")
        verdict = self._audit_service.verify(actor, cancel=cancel)
        bad = {f.seq for f in verdict.findings if f.invalid and f.seq is not None}
        lineage = version.lineage
        targets = {f"model-version:{version.id}"}
        dataset_versions: dict[str, str] = {}
        run_ref = lineage.get("run_ref")
        if run_ref and version.manifest.get("workspace") == self._registry.workspace_id:
            run = self._training.run(actor, run_ref, version.project)
            targets.add(f"run:{run.id}")
            if lineage.get("dataset_version"):
                trained_on = self._data.version(actor, run.dataset, version.project)
                for node in self._data.lineage(actor, run.dataset, version.project).nodes:
                    if node.created <= trained_on.created:
                        dataset_versions[node.id] = node.ref
        monitors = self._monitors.monitors(actor, version.project)
        watching = {
            m.name
            for m in monitors
            if m.watches(version.model, version.ref, lineage.get("dataset_ref"))
        }
        report(progress, 0.6, "collecting the entries")
        check(cancel)

        with self._access.reading(actor, "audit.read", "users") as session:
            names = user_names(session)
        steps: list[dict[str, Any]] = []
        for entry in self._audit_service.entries(actor):
            details = entry.details
            wanted = (
                entry.target in targets
                or details.get("version_id") in dataset_versions
                or (
                    entry.action in ("monitoring.run", "monitoring.alert")
                    and details.get("monitor") in watching
                )
                or (entry.action == "registry.rollback" and details.get("to") == version.ref)
            )
            if not wanted:
                continue
            steps.append(
                {
                    "phase": phase(entry.action),
                    "time": entry.time,
                    "action": entry.action,
                    "what": describe_step(entry.action, details, dataset_versions),
                    "actor": names.get(entry.user_id or "", entry.user_id or ""),
                    "user_id": entry.user_id or "",
                    "verified": entry.seq not in bad,
                    "entries": [{"seq": entry.seq, "hash": entry.hash}],
                }
            )
        report(progress, 1.0, "done")
        return {
            "version": version.ref,
            "version_id": version.id,
            "project": version.project,
            "stage": version.stage,
            "model_sha256": version.model_sha256,
            "log_verified": verdict.ok,
            "log_summary": verdict.summary(),
            "datasets": sorted(dataset_versions.values()),
            "monitors": sorted(watching),
            "steps": steps,
        }

    # -- files ------------------------------------------------------------------------------
    def export_compliance(
        self,
        actor: Actor,
        out: str | Path,
        *,
        project: str | None = None,
        frameworks: list[str] | None = None,
    ) -> dict[str, Any]:
        """Write the compliance report as .html, .pdf or .json (audited)."""
        from engine.store.files import atomic_write

        target = _target(out, (".html", ".pdf", ".json"), "A compliance report")
        body = self._compliance.check(actor, project, frameworks=frameworks)
        data = _compliance_bytes(body, target.suffix.lower())
        with self._access.change(actor, "governance.read", "compliance") as session:
            self._audit.append(
                session,
                actor,
                "governance.compliance",
                f"project:{body['project']}",
                {
                    "file": target.name,
                    "summary": body["summary"],
                    "sha256": hashlib.sha256(data).hexdigest(),
                },
            )
            atomic_write(target, data)
        return body

    def pack(
        self,
        actor: Actor,
        ref: str,
        out: str | Path,
        *,
        project: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> EvidencePack:
        """Write the evidence pack of a model version (see README above); audited with the
        manifest's SHA-256."""
        target = _target(out, (".zip",), "An evidence pack")
        self._access.require(actor, "audit.export", f"model:{ref}")
        version = self._registry.versions.version(actor, ref, project)
        project = version.project
        timeline = self.timeline(actor, version.ref, project=project, cancel=cancel)
        report(progress, 0.3, "gathering the evidence")
        card = self._cards.card(actor, version.ref, project=project)
        files: dict[str, bytes] = {
            "README.txt": README.encode("utf-8"),
            "timeline.json": _json(timeline),
            "card.json": _json(card),
            "card.md": cards.markdown(card, "en").encode("utf-8"),
            "card.html": cards.html(card, "en").encode("utf-8"),
            "card.ar.html": cards.html(card, "ar").encode("utf-8"),
            "datasheets.json": _json(self._datasheets(actor, timeline["datasets"], project)),
            "approvals.json": _json(
                {
                    "approvals": [
                        a.__dict__
                        for a in self._registry.approvals.all(actor, project=project)
                        if a.version == version.ref
                    ],
                    "stage_history": [
                        e.__dict__
                        for e in self._registry.versions.history(actor, version.model, project)
                        if e.version == version.version
                    ],
                }
            ),
            "fairness.json": _json(
                [
                    {
                        "id": r.id,
                        "created": r.created,
                        "sha256": r.sha256,
                        "by": r.created_by,
                        "report": r.report.as_json(),
                    }
                    for r in self._fairness.reports(actor, version.ref, project=project)
                ]
            ),
            "dpia.json": _json([d.__dict__ for d in self._dpia.history(actor, project)]),
        }
        check(cancel)
        report(progress, 0.5, "checking the controls")
        compliance = self._compliance.check(actor, project)
        files["compliance.json"] = _json(compliance)
        files["compliance.html"] = report_html(compliance).encode("utf-8")
        files["verify_pack.py"] = build_pack_verifier().encode("utf-8")
        tmp = temp_beside(target)
        inner = temp_beside(target, ".bundle.zip")
        try:
            report(progress, 0.7, "exporting the audit log")
            with self._access.reading(actor, "audit.export", "audit") as session:
                summary = write_bundle(inner, session, self._audit, actor.log_signer, cancel=cancel)
            files[PACK_BUNDLE] = inner.read_bytes()
            hashes = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
            signer = actor.log_signer
            body = f"{PACK_FORMAT}\n{signer.name}\n" + "".join(
                f"{digest}  {name}\n" for name, digest in sorted(hashes.items())
            )
            manifest = sign_note(body, signer.name, signer.public_key, signer.sign).encode("utf-8")
            with zipfile.ZipFile(tmp, "x", compression=zipfile.ZIP_DEFLATED) as pack:
                for name, data in sorted(files.items()):
                    pack.writestr(name, data)
                pack.writestr("MANIFEST.sha256", manifest)
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
            check(cancel)
            with self._access.change(actor, "governance.read", "evidence") as session:
                self._audit.append(
                    session,
                    actor,
                    "governance.evidence",
                    f"model-version:{version.id}",
                    {
                        "version": version.ref,
                        "file": target.name,
                        "manifest_sha256": hashlib.sha256(manifest).hexdigest(),
                        "entries": summary.entries,
                        "steps": len(timeline["steps"]),
                    },
                )
                os.replace(tmp, target)
        except OSError as exc:
            raise WorkspaceError(
                f"Could not write {target}: {exc.strerror or exc}.",
                hint="Check free disk space and folder permissions.",
            ) from exc
        finally:
            tmp.unlink(missing_ok=True)
            inner.unlink(missing_ok=True)
        report(progress, 1.0, "done")
        return EvidencePack(
            path=str(target),
            version=version.ref,
            files=len(files) + 1,
            steps=len(timeline["steps"]),
            entries=summary.entries,
            log_verified=timeline["log_verified"],
            manifest_sha256=hashlib.sha256(manifest).hexdigest(),
            log_key_fingerprint=fingerprint(actor.log_signer.public_key),
            bytes=target.stat().st_size,
        )

    def _datasheets(self, actor: Actor, refs: list[str], project: str) -> list[dict[str, Any]]:
        names = {r.split("@")[0] for r in refs}
        days = {r.dataset: r.days for r in self._retention.overview(actor, project)}
        out = []
        for dataset in self._data.datasets(actor, project):
            if dataset.name not in names:
                continue
            out.append(
                {
                    "dataset": dataset.name,
                    "datasheet": dataset.datasheet,
                    "column_tags": dataset.column_tags,
                    "retention_days": days.get(dataset.name),
                    "versions": [
                        {
                            "ref": v.ref,
                            "content_hash": v.content_hash,
                            "rows": v.rows,
                            "columns": v.columns,
                            "created": v.created,
                            "parents": list(v.parents),
                            "shredded": v.shredded,
                        }
                        for v in dataset.versions
                        if v.ref in refs
                    ],
                }
            )
        return out


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=1, sort_keys=True, default=str, ensure_ascii=False).encode(
        "utf-8"
    )


def _target(out: str | Path, kinds: tuple[str, ...], what: str) -> Path:
    target = Path(out)
    if target.suffix.lower() not in kinds:
        raise ValidationError(f"{what} is written as {' or '.join(kinds)}. Got {target.name!r}.")
    if not target.parent.is_dir():
        raise ValidationError(f"There is no folder {target.parent}.")
    return target


def _compliance_bytes(body: dict[str, Any], kind: str) -> bytes:
    if kind == ".json":
        return _json(body)
    if kind == ".html":
        return report_html(body).encode("utf-8")
    return cards.text_pdf(report_lines(body))
