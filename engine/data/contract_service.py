"""Contracts as a service: infer, save new versions, show, validate versions or files, and
keep every validation result (pipelines use validate() as a gate)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from engine.audit.bound import SignedIndex, signed_details, stored_sha256
from engine.audit.canonical import canonical_json
from engine.audit.log import AuditLog
from engine.audit.record import format_time
from engine.data.contracts import check_contract, infer
from engine.data.datasets import DatasetStore, check_dataset_name, parse_ref
from engine.data.importer import read_table_from_file
from engine.data.validation import ValidationReport, validate
from engine.errors import IntegrityError, NotFound, ValidationError
from engine.jobs import CancelToken, Progress, report
from engine.objects.sealed import SEALER, Shredded
from engine.projects import ProjectService
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.security.identity import name_key
from engine.store.schema import ContractRow, ValidationRow


@dataclass(frozen=True)
class Contract:
    id: str
    name: str
    version: int
    body: dict[str, Any]
    created: str
    created_by: str

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"


def _entity(row: ContractRow, session: Any, actor: Actor) -> Contract:
    """A contract row; its body (allowed values are the data's own) is sealed under the
    workspace's metadata key (objects/sealed.py)."""
    body = SEALER.open(session, actor, row.body, f"contracts/{row.id}/body")
    # the body its signed data.contract entry pinned (entries before issue 18 pin none)
    signed = signed_details(session, f"contract:{row.id}", "contract", f"{row.name}@{row.version}")
    if signed is not None and "sha256" in signed and signed["sha256"] != _digest(body):
        raise IntegrityError(
            f"The contract {row.name}@{row.version} differs from the one its "
            "signed audit entry recorded (it was changed in the database).",
            hint="Do not use it; run `airlock audit verify` and restore metadata.db from a backup.",
        )
    return Contract(row.id, row.name, row.version, body, row.created, row.created_by)


def _digest(body: Any) -> str:
    return hashlib.sha256(canonical_json(body)).hexdigest()


@dataclass(frozen=True)
class StoredValidation:
    """A dataset version's validation against a contract, as stored (signed by its entry)."""

    id: str
    passed: bool
    failures: int
    created: str
    contract: str  # NAME@V
    report: dict[str, Any]  # the report's JSON, or {"shredded": True, ...} once shredded


class ContractService:
    def __init__(
        self,
        access: AccessControl,
        audit: AuditLog,
        datasets: DatasetStore,
        clock: Callable[[], datetime],
    ) -> None:
        self._access = access
        self._audit = audit
        self._datasets = datasets
        self._clock = clock

    def _find(self, session: Any, ref: str, project: str | None) -> ContractRow:
        name, number = parse_ref(ref)
        project_row = ProjectService.find(session, project)
        query = select(ContractRow).where(
            ContractRow.project_id == project_row.id, ContractRow.name_key == name_key(name)
        )
        query = (
            query.order_by(ContractRow.version.desc())
            if number is None
            else query.where(ContractRow.version == number)
        )
        row = session.scalars(query.limit(1)).first()
        if row is None:
            raise NotFound(
                f"There is no contract {ref!r}.",
                hint="Infer one with `airlock data contract infer NAME@V`.",
            )
        return row

    def get(self, actor: Actor, ref: str, project: str | None = None) -> Contract:
        with self._access.reading(actor, "data.read", f"contract:{ref}") as session:
            return _entity(self._find(session, ref, project), session, actor)

    def all(self, actor: Actor, project: str | None = None) -> list[Contract]:
        with self._access.reading(actor, "data.read", "contracts") as session:
            project_row = ProjectService.find(session, project)
            rows = session.scalars(
                select(ContractRow)
                .where(ContractRow.project_id == project_row.id)
                .order_by(ContractRow.name_key, ContractRow.version)
            ).all()
            return [_entity(r, session, actor) for r in rows]

    def infer(self, actor: Actor, dataset_ref: str, project: str | None = None) -> dict[str, Any]:
        """A contract the version passes (not saved: edit it, then save())."""
        version = self._datasets.version(actor, dataset_ref, project)
        table = self._datasets.read_table(actor, version)
        return infer(table, list(version.schema), version.dataset)

    def save(
        self, actor: Actor, name: str, body: dict[str, Any], project: str | None = None
    ) -> Contract:
        """Save `body` as the next version of contract `name` (versions never change)."""
        clean = check_dataset_name(name, "contract")
        body = check_contract(dict(body, name=clean))
        with self._access.change(actor, "data.contract", f"contract:{clean}") as session:
            project_row = ProjectService.find(session, project)
            number = (
                session.scalar(
                    select(func.max(ContractRow.version)).where(
                        ContractRow.project_id == project_row.id,
                        ContractRow.name_key == name_key(clean),
                    )
                )
                or 0
            ) + 1
            row = ContractRow(
                id="ctr_" + os.urandom(6).hex(),
                project_id=project_row.id,
                name=clean,
                name_key=name_key(clean),
                version=number,
                body="",
                created=format_time(self._clock()),
                created_by=actor.user_id,
            )
            row.body = SEALER.seal(session, actor, body, f"contracts/{row.id}/body")
            session.add(row)
            self._audit.append(
                session,
                actor,
                "data.contract",
                f"contract:{row.id}",
                {
                    "contract": f"{clean}@{number}",
                    "columns": len(body["columns"]),
                    "sha256": _digest(body),
                },
            )
            return _entity(row, session, actor)

    def validate(
        self,
        actor: Actor,
        contract_ref: str,
        *,
        dataset_ref: str | None = None,
        file: str | Path | None = None,
        project: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> ValidationReport:
        """Check a dataset version (or a file, read but not stored) against a contract; the
        result is stored and audited."""
        if (dataset_ref is None) == (file is None):
            raise ValidationError("Validate either a dataset version or a file.")
        self._access.require(actor, "data.validate", f"contract:{contract_ref}")
        contract = self.get(actor, contract_ref, project)
        version = None
        if dataset_ref is not None:
            version = self._datasets.version(actor, dataset_ref, project)
            table = self._datasets.read_table(actor, version)
            data_ref, source_name, source_sha = version.ref, "", version.content_hash
        else:
            table, source_sha = read_table_from_file(
                Path(file or ""), progress=progress, cancel=cancel
            )
            source_sha = self._datasets.objects.fingerprint(actor, source_sha)
            data_ref = source_name = Path(file or "").name
        report(progress, 0.6, "validating")
        result = validate(table, contract.body, contract.ref, data_ref, cancel)
        with self._access.change(actor, "data.validate", f"contract:{contract.id}") as session:
            row = ValidationRow(
                id="val_" + os.urandom(6).hex(),
                contract_id=contract.id,
                dataset_version_id=version.id if version else None,
                source_name=source_name,
                source_sha256=source_sha,
                passed=result.passed,
                failures=result.failures,
                report="",
                created=format_time(self._clock()),
                created_by=actor.user_id,
            )
            # the failing samples are the data's own values: sealed under the version's data
            # key, so they are unreadable at rest and shredded with it (objects/sealed.py)
            row.report = SEALER.seal(
                session,
                actor,
                result.as_json(),
                f"validations/{row.id}/report",
                [version.object_id] if version else [],
            )
            session.add(row)
            self._audit.append(
                session,
                actor,
                "data.validate",
                f"contract:{contract.id}",
                {
                    "contract": contract.ref,
                    "data": data_ref,
                    "passed": result.passed,
                    "failing_rules": len(result.results),
                    "validation_id": row.id,
                    "stored_sha256": stored_sha256(row.report),
                },
            )
        report(progress, 1.0, "done")
        return result

    def results(
        self, actor: Actor, dataset_ref: str, project: str | None = None
    ) -> list[StoredValidation]:
        """Stored validation results of a dataset version, newest first."""
        version = self._datasets.version(actor, dataset_ref, project)
        with self._access.reading(actor, "data.read", f"dataset:{dataset_ref}") as session:
            rows = session.execute(
                select(ValidationRow, ContractRow)
                .join(ContractRow, ContractRow.id == ValidationRow.contract_id)
                .where(ValidationRow.dataset_version_id == version.id)
                .order_by(ValidationRow.created.desc())
            ).all()
            signed: dict[str, SignedIndex] = {}
            for r, c in rows:  # each compared with the signed entry that recorded it
                index = signed.get(c.id) or signed.setdefault(
                    c.id, SignedIndex(session, f"contract:{c.id}", "validation_id")
                )
                index.check(
                    r.id,
                    {"passed": r.passed, "stored_sha256": stored_sha256(r.report)},
                    f"Validation {r.id} against {c.name}@{c.version}",
                )
            return [
                StoredValidation(
                    r.id,
                    r.passed,
                    r.failures,
                    r.created,
                    f"{c.name}@{c.version}",
                    _opened(
                        SEALER.open(session, actor, r.report, f"validations/{r.id}/report"),
                        f"{c.name}@{c.version}",
                    ),
                )
                for r, c in rows
            ]


def _opened(report: Any, contract: str) -> dict[str, Any]:
    """A stored report, or what is left of it once its data was shredded."""
    if isinstance(report, Shredded):
        return {"shredded": True, "contract": contract, "results": []}
    return report
