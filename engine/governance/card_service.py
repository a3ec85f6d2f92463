"""Model cards in the governance service: generated from the recorded evidence, the
narrative saved as numbered card versions of a model version (audited, SHA-256 pinned),
exported as Markdown, HTML (English or Arabic) or PDF, and the completeness the
documentation gate checks."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from engine.audit.record import format_time
from engine.errors import IntegrityError, ValidationError
from engine.governance import cards
from engine.governance.lookups import Areas, Part
from engine.objects.sealed import SEALER, is_sealed
from engine.security.actor import Actor
from engine.security.users import user_names
from engine.store.schema import ModelCardRow

if TYPE_CHECKING:
    from engine.governance.fairness_service import FairnessService


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _open(session: Any, actor: Actor, row: ModelCardRow, column: str) -> str:
    """The text of a saved card's `column` (sealed since issue 18; plaintext before)."""
    text = getattr(row, column)
    if not is_sealed(text):
        return str(text)
    value = SEALER.open(session, actor, text, f"model_cards/{row.id}/{column}")
    if not isinstance(value, str):
        raise IntegrityError(f"Model card {row.id} was changed after it was saved.")
    return value


class CardService(Part):
    def __init__(self, areas: Areas, fairness: FairnessService) -> None:
        super().__init__(areas)
        self._fairness = fairness

    def _saved(self, actor: Actor, version_id: str) -> ModelCardRow | None:
        with self._access.reading(
            actor, "governance.read", f"model-version:{version_id}"
        ) as session:
            row = session.scalars(
                select(ModelCardRow)
                .where(ModelCardRow.version_id == version_id)
                .order_by(ModelCardRow.number.desc())
            ).first()
            if row is not None:
                card = _open(session, actor, row, "card")
                if hashlib.sha256(card.encode("utf-8")).hexdigest() != row.sha256:
                    raise IntegrityError(f"Model card {row.id} was changed after it was saved.")
                narrative = _open(session, actor, row, "narrative")
                session.expunge(row)
                row.card, row.narrative = card, narrative  # detached: never written back
            return row

    def card(
        self,
        actor: Actor,
        ref: str,
        *,
        project: str | None = None,
        narrative: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """The card of a model version as the evidence stands now, with the newest saved
        narrative (or `narrative`, to preview an edit)."""
        version = self._registry.versions.version(actor, ref, project)
        saved = self._saved(actor, version.id)
        text = dict(json.loads(saved.narrative)) if saved else {}
        text.update(narrative or {})
        body = {
            "format": "airlock-card/v1",
            "ref": version.ref,
            "sections": self._sections(actor, version, project),
            "narrative": {k: str(text.get(k, "")) for k in cards.NARRATIVE},
            "number": saved.number if saved else 0,
        }
        body["missing"] = cards.missing(body)
        return body

    def _sections(self, actor: Actor, version: Any, project: str | None) -> dict[str, Any]:
        manifest, lineage = version.manifest, version.lineage
        project_row = self._projects_get(actor, version.project)
        dataset_ref = lineage.get("dataset_ref", "")
        datasheet: dict[str, Any] = {}
        rows = None
        sheets = {}  # version id -> (ref, the dataset's datasheet, parents)
        for dataset in self._data.datasets(actor, version.project):
            for stored in dataset.versions:
                sheets[stored.id] = (stored.ref, dict(dataset.datasheet), stored.parents)
                if stored.ref == dataset_ref:
                    datasheet, rows = dict(dataset.datasheet), stored.rows
        inherited = ""
        current = next((k for k, v in sheets.items() if v[0] == dataset_ref), None)
        while not datasheet.get("purpose") and current and sheets[current][2]:
            current = sheets[current][2][0]  # a prepared version: its source's datasheet
            if current not in sheets:
                break
            inherited, datasheet = sheets[current][0], sheets[current][1]
        run = None
        if lineage.get("run_ref") and manifest.get("workspace") == self._registry.workspace_id:
            run = self._training.run(actor, lineage["run_ref"], project)
        importance: list[str] = []
        if run is not None and run.artifacts_object_id:
            found = self._training.artifacts(actor, run).get("importance") or {}
            importance = [
                f"{name} ({value:.4f})"
                for name, value in list(
                    dict(
                        zip(found.get("features", []), found.get("mean", []), strict=False)
                    ).items()
                )[:8]
            ]
        fairness: dict[str, Any] = {}
        reports = self._fairness.reports(actor, version.ref, project=project)
        if reports:
            newest = reports[0]
            fairness = {
                "report": newest.id,
                "attributes": list(newest.attributes),
                "flags": newest.report.flags or ["no four-fifths flag"],
                "parity_ratios": {
                    d.attribute: d.demographic_parity_ratio for d in newest.report.disparities
                },
            }
        else:  # a card is complete without a report only where none can be made
            from engine.registry.gates import FAIRNESS_TASKS

            tagged = [
                c
                for c, t in self._registry.versions.dataset_tags(actor, version).items()
                if "sensitive" in t
            ]
            if manifest.get("task") not in FAIRNESS_TASKS:
                fairness = {
                    "not_applicable": f"fairness is assessed for binary and "
                    f"regression models, not {manifest.get('task')}"
                }
            elif not tagged:
                fairness = {"not_applicable": f"no column of {dataset_ref} is tagged sensitive"}
        criteria = [c.text() for c in project_row.success_criteria] if project_row else []
        history = [
            f"{e['time'][:10]} {e['from'] or '—'} → {e['to']} by {e['by']}"
            + (f" ({e['reason']})" if e["reason"] else "")
            for e in self._registry.versions.history(actor, version.model, project)
            if e["version"] == version.version
        ]
        approvals = [
            f"{a.status} by {a.decided_by or '—'}: {a.reason or a.note}"
            for a in self._registry.approvals.all(actor, project=project)
            if a.version == version.ref
        ]
        monitors = [
            m["name"]
            for m in self._monitors.monitors(actor, project)
            if (m.get("performance") or {}).get("model") in (version.model, version.ref)
            or m["reference"] == dataset_ref
        ]
        return {
            "details": {
                "model": version.model,
                "version": version.version,
                "stage": version.stage,
                "algorithm": manifest.get("algorithm", ""),
                "task": manifest.get("task", ""),
                "target": manifest.get("target", ""),
                "description": version.description,
                "trained_by": version.trained_by,
                "registered": version.registered,
                "registered_by": version.registered_by,
                "model_sha256": version.model_sha256,
                "run": lineage.get("run_ref"),
                "project": version.project,
                "risk_tier": project_row.risk_tier if project_row else "",
            },
            "intended_use": {
                "objective": project_row.objective if project_row else "",
                "decision": project_row.decision if project_row else "",
                "intended_uses": project_row.intended_uses if project_row else "",
                "out_of_scope_uses": project_row.out_of_scope_uses if project_row else "",
            },
            "training_data": {
                "dataset": dataset_ref,
                "rows": rows,
                "datasheet_of": inherited or dataset_ref,
                "content_hash": lineage.get("dataset_hash", ""),
                **{
                    k: datasheet.get(k, "")
                    for k in (
                        "purpose",
                        "source",
                        "owner",
                        "legal_basis",
                        "personal_data",
                        "sensitive_attributes",
                        "collection_period",
                        "retention_period",
                    )
                },
            },
            "evaluation": {
                "metrics": {k: v for k, v in version.metrics.items() if v is not None},
                "primary": manifest.get("primary", ""),
                "success_criteria": criteria,
            },
            "fairness": fairness,
            "explanations": {"permutation_importance": importance},
            "governance": {"history": history, "approvals": approvals},
            "monitoring": {"monitors": monitors},
            "security": self._security(actor, run) if run is not None else {},
        }

    def _security(self, actor: Actor, run: Any) -> dict[str, Any]:
        """Attack-risk checks of the run's model (computed once per run and kept)."""
        cache: dict[str, Any] = self.__dict__.setdefault("_attack_cache", {})
        if run.id in cache:
            return dict(cache[run.id])
        import numpy as np

        from engine.governance import attacks

        found: dict[str, Any] = {}
        try:
            model = self._training.load_model(actor, run)
            prepared, kept, _tags = self._training.prepared(actor, run)
            columns = list(model.feature_names_in_)
            frame = prepared.X.copy()
            for column in columns:  # a mitigated model also reads a sensitive column
                if column not in frame.columns:
                    frame[column] = kept[column].to_numpy()
            test, y = prepared.test, prepared.y.to_numpy()
            X_train, X_test = frame[~test][columns], frame[test][columns]
            advantage = attacks.membership_advantage(
                model, X_train, y[~test], X_test, y[test], run.task
            )

            def metric(m: Any, X: Any, truth: Any) -> float | None:
                predicted = np.asarray(m.predict(X))
                if run.task == "regression":
                    return float(
                        np.sqrt(
                            np.mean((predicted.astype(float) - np.asarray(truth, dtype=float)) ** 2)
                        )
                    )
                return float(np.mean(predicted == np.asarray(truth)))

            clean, noisy = (
                attacks.robustness(model, X_test, y[test], run.task, metric)
                if test.any()
                else (None, None)
            )
            name = "rmse" if run.task == "regression" else "accuracy"
            found = {
                "membership_inference_advantage": advantage,
                "membership_inference_risk": None
                if advantage is None
                else ("high" if advantage > attacks.MIA_RISK else "low"),
                f"{name}_clean": clean,
                f"{name}_with_10pct_noise": noisy,
            }
        except Exception as exc:  # reported, never fatal for the card
            found = {"not_assessed": f"{type(exc).__name__}: {exc}"[:200]}
        cache[run.id] = found
        return dict(found)

    def _projects_get(self, actor: Actor, name: str) -> Any:
        return self._projects.get(actor, name)

    def save(
        self, actor: Actor, ref: str, narrative: dict[str, str], *, project: str | None = None
    ) -> dict[str, Any]:
        """Save the narrative as the version's next card (the whole card is kept as
        generated now)."""
        self._access.require(actor, "governance.card", f"model:{ref}")  # role first
        unknown = set(narrative) - set(cards.NARRATIVE)
        if unknown:
            raise ValidationError(
                f"Unknown card fields: {', '.join(sorted(unknown))}.",
                hint=f"The narrative fields: {', '.join(cards.NARRATIVE)}.",
            )
        self._access.require(actor, "governance.card", f"model:{ref}")
        body = self.card(actor, ref, project=project, narrative=narrative)
        version = self._registry.versions.version(actor, ref, project)
        with self._access.change(
            actor, "governance.card", f"model-version:{version.id}"
        ) as session:
            number = (
                session.scalar(
                    select(func.max(ModelCardRow.number)).where(
                        ModelCardRow.version_id == version.id
                    )
                )
                or 0
            ) + 1
            body["number"] = number
            text = _canonical(body)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            row = ModelCardRow(
                id="card_" + os.urandom(6).hex(),
                version_id=version.id,
                number=number,
                narrative="",
                card="",
                sha256=digest,
                created=format_time(self._clock()),
                created_by=actor.user_id,
            )
            # a card names the data's groups and categories: sealed (objects/sealed.py)
            row.card = SEALER.seal(session, actor, text, f"model_cards/{row.id}/card")
            row.narrative = SEALER.seal(
                session, actor, _canonical(body["narrative"]), f"model_cards/{row.id}/narrative"
            )
            session.add(row)
            self._audit.append(
                session,
                actor,
                "governance.card",
                f"model-version:{version.id}",
                {
                    "version": version.ref,
                    "card": number,
                    "id": row.id,
                    "sha256": digest,
                    "missing": body["missing"][:10],
                },
            )
        return {**body, "id": row.id, "sha256": digest}

    def saved(self, actor: Actor, ref: str, *, project: str | None = None) -> list[dict[str, Any]]:
        """Saved cards of a version, newest first (who saved each, and its hash)."""
        version = self._registry.versions.version(actor, ref, project)
        with self._access.reading(
            actor, "governance.read", f"model-version:{version.id}"
        ) as session:
            names = user_names(session)
            return [
                {
                    "id": r.id,
                    "number": r.number,
                    "created": r.created,
                    "by": names.get(r.created_by, ""),
                    "sha256": r.sha256,
                    "missing": json.loads(_open(session, actor, r, "card")).get("missing", []),
                }
                for r in session.scalars(
                    select(ModelCardRow)
                    .where(ModelCardRow.version_id == version.id)
                    .order_by(ModelCardRow.number.desc())
                )
            ]

    def export(
        self,
        actor: Actor,
        ref: str,
        out: str | Path,
        *,
        language: str = "en",
        project: str | None = None,
    ) -> Path:
        """Write the card (.md, .html or .pdf, in English or Arabic)."""
        from engine.store.files import atomic_write

        target = Path(out)
        kind = target.suffix.lower()
        if kind not in (".md", ".html", ".pdf"):
            raise ValidationError(
                f"A model card is written as .md, .html or .pdf. Got {target.name!r}."
            )
        if language not in cards.TITLES:
            raise ValidationError(f"The card's language is en or ar. Got {language!r}.")
        if not target.parent.is_dir():
            raise ValidationError(f"There is no folder {target.parent}.")
        version = self._registry.versions.version(actor, ref, project)
        body = self.card(actor, version.ref, project=project)
        saved = self._saved(actor, version.id)
        if saved is not None:
            body.update(id=saved.id, sha256=saved.sha256)
        data = (
            cards.markdown(body, language).encode("utf-8")
            if kind == ".md"
            else cards.html(body, language).encode("utf-8")
            if kind == ".html"
            else cards.pdf(body, language)
        )
        with self._access.change(
            actor, "governance.read", f"model-version:{version.id}"
        ) as session:
            self._audit.append(
                session,
                actor,
                "governance.card_export",
                f"model-version:{version.id}",
                {
                    "version": version.ref,
                    "file": target.name,
                    "language": language,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "card": body.get("id", "draft"),
                },
            )
            atomic_write(target, data)
        return target

    def complete(self, actor: Actor, version: Any) -> dict[str, Any]:
        """For the documentation gate: the newest saved card of the version and what the
        card, as the evidence stands now, still lacks."""
        saved = self._saved(actor, version.id)
        body = self.card(actor, version.ref, project=version.project)
        return {
            "saved": saved.id if saved else None,
            "number": saved.number if saved else 0,
            "missing": body["missing"],
        }
