"""Governance: fairness — assessing a run or a
registered model version on its final test rows across the dataset's sensitive attributes,
storing a version's report as evidence (audited, pinned by its SHA-256) for the fairness
gate and the model card, and fairness mitigation that makes a new candidate run."""

from __future__ import annotations

__all__ = ["FairnessService", "Mitigation", "StoredFairness"]

import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select

from engine.audit.bound import SignedIndex, stored_sha256
from engine.audit.record import format_time
from engine.errors import NotFound, ValidationError
from engine.governance.fairness import FairnessReport, assess
from engine.governance.lookups import Part
from engine.governance.mitigation_service import Mitigation, _clean, mitigate
from engine.jobs import CancelToken, Progress
from engine.objects.sealed import SEALER, Shredded, is_sealed
from engine.security.actor import Actor
from engine.security.users import user_names
from engine.store.schema import FairnessReportRow


@dataclass(frozen=True)
class StoredFairness:
    id: str
    version: str  # NAME@V
    run: str  # EXP#N
    dataset: str
    attributes: tuple[str, ...]
    report: FairnessReport
    sha256: str
    created: str
    created_by: str

    def _repr_html_(self) -> str:
        return self.report._repr_html_()


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, allow_nan=False)


class FairnessService(Part):
    # -- fairness --------------------------------------------------------------------------
    def _test_rows(
        self,
        actor: Actor,
        run: Any,
        attributes: list[str] | None,
        features: list[str] | None = None,
    ) -> tuple[Any, pd.DataFrame, pd.DataFrame, list[str]]:
        """The run's prepared data (with the model's `features`), its final test rows
        (every column), the sensitive columns of those rows, and which attributes they
        are."""
        prepared, kept, tags = self._training.prepared(actor, run, features)
        wanted = attributes or sorted(
            c for c, t in tags.items() if "sensitive" in t and c in kept.columns
        )
        if not wanted:
            raise ValidationError(
                f"{run.dataset} has no column tagged sensitive.",
                hint="Tag the protected attributes (`airlock data tag "
                "DATASET COLUMN --as sensitive`) or name them.",
            )
        unknown = [c for c in wanted if c not in kept.columns]
        if unknown:
            raise ValidationError(f"{run.dataset} has no column {', '.join(unknown)}.")
        rows = prepared.test if prepared.test.any() else np.ones(len(kept), dtype=bool)
        return (
            prepared,
            kept[rows].reset_index(drop=True),
            kept.loc[rows, wanted].reset_index(drop=True),
            wanted,
        )

    def assess_run(
        self,
        actor: Actor,
        ref: str,
        *,
        attributes: list[str] | None = None,
        project: str | None = None,
        model: Any = None,
    ) -> FairnessReport:
        """Fairness of a run's model on its final test rows (or of `model`, fitted on the
        same data)."""
        self._access.require(actor, "governance.assess", f"run:{ref}")
        run = self._training.run(actor, ref, project)
        if run.task not in ("binary", "regression"):
            raise ValidationError(
                f"Run {run.ref} is a {run.task} model; fairness is assessed "
                "for binary classifiers and regressions."
            )
        fitted = model if model is not None else self._training.load_model(actor, run)
        own = (
            [str(c) for c in getattr(fitted, "feature_names_in_", [])]
            if not hasattr(fitted, "attribute")
            else None
        )
        prepared, rows, sensitive, _wanted = self._test_rows(actor, run, attributes, own)
        X = prepared.X[prepared.test] if prepared.test.any() else prepared.X
        X = X.reset_index(drop=True)
        inputs = rows if hasattr(fitted, "attribute") else X  # a group-threshold model
        predicted = fitted.predict(inputs[list(fitted.feature_names_in_)])
        score = None
        positive = run.metrics.get("positive")
        if run.task == "binary" and hasattr(fitted, "predict_proba"):
            classes = [c.item() if hasattr(c, "item") else c for c in fitted.classes_]
            score = np.asarray(fitted.predict_proba(inputs[list(fitted.feature_names_in_)]))[
                :, classes.index(positive)
            ]
        truth = prepared.y[prepared.test] if prepared.test.any() else prepared.y
        return assess(
            truth.to_numpy(), predicted, sensitive, task=run.task, positive=positive, score=score
        )

    def report(
        self,
        actor: Actor,
        ref: str,
        *,
        attributes: list[str] | None = None,
        project: str | None = None,
    ) -> StoredFairness:
        """Assess a registered model version and keep the report as its evidence."""
        self._access.require(actor, "governance.assess", f"model:{ref}")
        version = self._registry.versions.version(actor, ref, project)
        run_ref = version.lineage.get("run_ref")
        if not run_ref or version.manifest.get("workspace") != self._registry.workspace_id:
            raise ValidationError(
                f"{version.ref} was not trained in this workspace, so its "
                "test rows are not here to assess."
            )
        result = self.assess_run(actor, run_ref, attributes=attributes, project=project)
        run = self._training.run(actor, run_ref, project)
        body = _json(_clean(result.as_json()))
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        chosen = sorted({d.attribute for d in result.disparities if " × " not in d.attribute})
        now = format_time(self._clock())
        source = self._data.version(actor, run.dataset, project).object_id
        with self._access.change(
            actor, "governance.assess", f"model-version:{version.id}"
        ) as session:
            row = FairnessReportRow(
                id="fair_" + os.urandom(6).hex(),
                version_id=version.id,
                run_id=run.id,
                dataset=run.dataset,
                attributes=_json(chosen),
                report="",
                sha256=digest,
                created=now,
                created_by=actor.user_id,
            )
            # the groups are the data's own category values: sealed under the training
            # version's data key, shredded with it (objects/sealed.py); the log keeps counts
            row.report = SEALER.seal(
                session, actor, body, f"fairness_reports/{row.id}/report", [source]
            )
            session.add(row)
            self._audit.append(
                session,
                actor,
                "governance.fairness",
                f"model-version:{version.id}",
                {
                    "version": version.ref,
                    "run": run.ref,
                    "dataset": run.dataset,
                    "attributes": chosen,
                    "report_sha256": digest,
                    "flags": len(result.flags),
                    "report_id": row.id,
                    "stored_sha256": stored_sha256(row.report),
                },
            )
        return StoredFairness(
            row.id,
            version.ref,
            run.ref,
            run.dataset,
            tuple(chosen),
            result,
            digest,
            now,
            actor.name,
        )

    def reports(
        self, actor: Actor, ref: str, *, project: str | None = None
    ) -> list[StoredFairness]:
        """A model version's stored fairness reports, newest first; each is checked against
        the SHA-256 its audit entry pinned (a changed report is refused)."""

        version = self._registry.versions.version(actor, ref, project)
        with self._access.reading(
            actor, "governance.read", f"model-version:{version.id}"
        ) as session:
            names = user_names(session)
            rows = session.scalars(
                select(FairnessReportRow)
                .where(FairnessReportRow.version_id == version.id)
                .order_by(FairnessReportRow.created.desc())
            ).all()
            out = []
            for row in rows:
                found = _opened(session, actor, row, version.ref)
                if found is None:  # its data was shredded: the report went with it
                    continue
                run = self._training.run(actor, version.lineage.get("run_ref", ""), project)
                out.append(
                    StoredFairness(
                        row.id,
                        version.ref,
                        run.ref,
                        row.dataset,
                        tuple(json.loads(row.attributes)),
                        found,
                        row.sha256,
                        row.created,
                        names.get(row.created_by, ""),
                    )
                )
            return out

    def latest_disparity(
        self, actor: Actor, version_id: str, attribute: str
    ) -> dict[str, Any] | None:
        """For the fairness gate: the newest stored report's disparity for `attribute`."""
        with self._access.reading(
            actor, "governance.read", f"model-version:{version_id}"
        ) as session:
            row = session.scalars(
                select(FairnessReportRow)
                .where(FairnessReportRow.version_id == version_id)
                .order_by(FairnessReportRow.created.desc())
            ).first()
            report_ = _opened(session, actor, row, version_id) if row is not None else None
            if row is None or report_ is None:
                return None
            found = report_.disparity(attribute)
            return {
                "id": row.id,
                "created": row.created,
                "disparity": found.__dict__ if found else None,
            }

    # -- mitigation ------------------------------------------------------------------------
    def mitigate(
        self,
        actor: Actor,
        ref: str,
        *,
        attribute: str | None = None,
        method: str = "threshold",
        constraint: str = "demographic_parity",
        project: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Mitigation:
        """Make a fairness-mitigated candidate from a binary classification run: fitted on
        the run's training rows, compared with it on the final test rows."""
        return mitigate(
            self,
            actor,
            ref,
            attribute=attribute,
            method=method,
            constraint=constraint,
            project=project,
            progress=progress,
            cancel=cancel,
        )

    def version_run(self, actor: Actor, ref: str, project: str | None = None) -> Any:
        version = self._registry.versions.version(actor, ref, project)
        run_ref = version.lineage.get("run_ref")
        if not run_ref:
            raise NotFound(f"{version.ref} has no run in this workspace.")
        return self._training.run(actor, run_ref, project)


def _opened(
    session: Any, actor: Actor, row: FairnessReportRow, label: str
) -> FairnessReport | None:
    """A stored fairness report, checked against the SHA-256 its audit entry pinned; None
    once the data it was computed on was shredded."""
    from engine.errors import IntegrityError

    text = (
        SEALER.open(session, actor, row.report, f"fairness_reports/{row.id}/report")
        if is_sealed(row.report)
        else row.report
    )
    if isinstance(text, Shredded) or text == '{"shredded": true}':  # (marked by an upgrade)
        return None
    if not isinstance(text, str) or hashlib.sha256(text.encode("utf-8")).hexdigest() != row.sha256:
        raise IntegrityError(
            f"The fairness report {row.id} of {label} was changed after it was recorded."
        )
    # and the row's digest must be one a signed entry recorded (a report and digest replaced
    # together in the database have none), with the stored text it recorded
    SignedIndex(session, f"model-version:{row.version_id}", "report_sha256").check(
        row.sha256,
        {"report_id": row.id, "stored_sha256": stored_sha256(row.report)},
        f"The fairness report {row.id} of {label}",
    )
    return FairnessReport.from_json(json.loads(text))
