"""The registry's test suites: run on a run's model before it is registered, or on a
version with the report stored (audited, sealed with the tested data); the rows a suite
scores when none are named are the run's final test rows."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from engine.audit.bound import SignedIndex, stored_sha256
from engine.audit.record import format_time
from engine.errors import ValidationError
from engine.jobs import CancelToken, Progress, check, report
from engine.objects.sealed import SEALER, Shredded
from engine.projects import ProjectService
from engine.registry.lookups import test_fields
from engine.registry.parts import Part
from engine.security.actor import Actor
from engine.security.users import user_names
from engine.store.schema import (
    ModelTestRow,
)


@dataclass(frozen=True)
class StoredTest:
    """A test suite's report kept with a version (signed by its audit entry)."""

    id: str
    suite: str
    passed: bool
    failures: int
    created: str
    by: str
    report: dict[str, Any]  # the report's JSON, or {"shredded": True, ...} once shredded


class SuiteService(Part):
    def on_run(
        self,
        actor: Actor,
        run_ref: str,
        suite: dict[str, Any],
        *,
        dataset: str | None = None,
        project: str | None = None,
    ) -> Any:
        """Run a test suite on a run's model before it is registered (nothing stored; a
        pipeline's evaluate step)."""
        from engine.registry.testsuite import parse_suite

        body = parse_suite(suite)
        self._access.require(actor, "registry.test", f"run:{run_ref}")
        run, fitted, signature, version = self._versions.from_run(actor, run_ref, project)
        explicit = dataset or body.get("dataset")
        held = None if explicit else self._held_out(actor, run)
        return self.run_suite(
            actor,
            fitted,
            signature,
            run.ref,
            body,
            explicit or version.ref,
            run.target,
            project,
            held=held,
        )

    def held_out(self, actor: Actor, run_ref: str, project: str | None = None) -> tuple[Any, str]:
        """The final test rows of a run (a data frame, every column) and what they are."""
        return self._held_out(actor, self._training.run(actor, run_ref, project))

    def _held_out(self, actor: Actor, run: Any) -> tuple[Any, str]:
        """The rows a suite scores when none are named: the final test rows the run kept
        apart from fitting (a model scored on its own training rows looks better than it
        is — a forest passed "roc_auc 0.978" against a held-out 0.764); without such rows,
        the training rows, labelled in-sample."""
        prepared, kept, _tags = self._training.prepared(actor, run)
        test = int(prepared.test.sum())
        if test:
            return (
                kept[prepared.test].reset_index(drop=True),
                f"the {test:,} test rows {run.ref} kept apart from training",
            )
        return (
            kept,
            f"IN-SAMPLE: the {len(kept):,} rows {run.ref} was trained on (it kept "
            "no test rows), so the figures are optimistic",
        )

    def run_suite(
        self,
        actor: Actor,
        fitted: Any,
        signature: dict[str, Any],
        label: str,
        suite: dict[str, Any],
        dataset: str,
        target: str,
        project: str | None = None,
        held: tuple[Any, str] | None = None,
    ) -> Any:
        """Run a suite on a fitted model (no record): the evaluation data is `dataset`, or
        `held` (rows of it and what they are: _held_out)."""
        import dataclasses

        from engine.registry.testsuite import run_suite

        data_version = self._data.version(actor, dataset, project)
        frame = (
            held[0] if held is not None else self._data.read_table(actor, data_version).to_pandas()
        )
        with self._access.reading(actor, "project.read", "project") as session:
            project_row = ProjectService.find(session, project)
            criteria = {
                c["metric"]: (c["operator"], c["value"])
                for c in json.loads(project_row.success_criteria)
            }
        result = run_suite(
            suite, fitted, signature, label, frame, data_version.ref, target, criteria
        )
        return dataclasses.replace(
            result, rows_used=held[1] if held is not None else f"every row of {data_version.ref}"
        )

    def run(
        self,
        actor: Actor,
        ref: str,
        suite: dict[str, Any] | Path,
        *,
        dataset: str | None = None,
        project: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> Any:
        """Run a test suite on a version and store the report (audited). The data: the
        `dataset` given, else the suite's, else the version's training dataset version."""
        from engine.registry.testsuite import load_suite, parse_suite, suite_hash

        body = load_suite(suite) if isinstance(suite, Path) else parse_suite(suite)
        self._access.require(actor, "registry.test", f"model:{ref}")
        report(progress, 0.05, "loading the model")
        version, fitted = self._versions.load(actor, ref, project)
        explicit = dataset or body.get("dataset")
        data_ref = explicit or version.lineage.get("dataset_ref")
        run_ref = version.lineage.get("run_ref")
        if (
            not data_ref
            or not (explicit or run_ref)
            or ("imported" in version.manifest and not explicit)
        ):
            raise ValidationError(
                f"Name the dataset version to test {version.ref} on.",
                hint="--dataset NAME@V, or `dataset = …` in the suite.",
            )
        check(cancel)
        report(progress, 0.2, "running the checks")
        held = (
            None
            if explicit or not run_ref
            else self._held_out(actor, self._training.run(actor, run_ref, project))
        )
        result = self.run_suite(
            actor,
            fitted,
            version.signature,
            version.ref,
            body,
            data_ref,
            version.manifest["target"],
            project,
            held=held,
        )
        check(cancel)
        data_version = self._data.version(actor, result.dataset, project)
        with self._access.change(actor, "registry.test", f"model-version:{version.id}") as session:
            row = ModelTestRow(
                id="mt_" + os.urandom(6).hex(),
                version_id=version.id,
                suite_name=body["name"],
                suite_sha256=suite_hash(body),
                suite="",
                dataset_version_id=data_version.id,
                report="",
                passed=result.passed,
                failures=result.failures,
                created=format_time(self._clock()),
                created_by=actor.user_id,
            )
            # golden records, slice values and the failing examples are data: sealed under
            # the tested version's data key, shredded with it (objects/sealed.py)
            sources = [data_version.object_id]
            row.suite = SEALER.seal(session, actor, body, f"model_tests/{row.id}/suite", sources)
            row.report = SEALER.seal(
                session, actor, result.as_json(), f"model_tests/{row.id}/report", sources
            )
            session.add(row)
            self._audit.append(
                session,
                actor,
                "registry.test",
                f"model-version:{version.id}",
                {
                    "version": version.ref,
                    "suite": body["name"],
                    "suite_sha256": row.suite_sha256,
                    "data": result.dataset,
                    "rows_used": result.rows_used,
                    "passed": result.passed,
                    "failures": result.failures,
                    "report_id": row.id,
                    "stored_sha256": stored_sha256(row.report),
                },
            )
        report(progress, 1.0, "done")
        return result

    def stored(self, actor: Actor, ref: str, project: str | None = None) -> list[StoredTest]:
        """Stored test reports of a version, newest first."""
        version = self._versions.version(actor, ref, project)
        with self._access.reading(actor, "registry.read", f"model:{ref}") as session:
            rows = session.scalars(
                select(ModelTestRow)
                .where(ModelTestRow.version_id == version.id)
                .order_by(ModelTestRow.created.desc())
            ).all()
            names = user_names(session)
            signed = SignedIndex(session, f"model-version:{version.id}", "report_id")
            for r in rows:
                signed.check(r.id, test_fields(r), f"Test report {r.id} of {version.ref}")
            return [
                StoredTest(
                    r.id,
                    r.suite_name,
                    r.passed,
                    r.failures,
                    r.created,
                    names.get(r.created_by, r.created_by),
                    _opened(SEALER.open(session, actor, r.report, f"model_tests/{r.id}/report")),
                )
                for r in rows
            ]


def _opened(report: Any) -> dict[str, Any]:
    """A stored test report, or what is left of it once the tested data was shredded."""
    if isinstance(report, Shredded):
        return {"shredded": True, "dataset": "(data shredded)", "checks": []}
    return report
