"""The monitoring area's public service: drift between a reference and current data
(dataset versions or a file), with the reference profile cached encrypted so a repeated
check only reads and sorts the current data."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.audit.bound import signed_details
from engine.audit.log import AuditLog
from engine.audit.record import format_time
from engine.errors import IntegrityError
from engine.jobs import CancelToken, Progress, check, report
from engine.monitoring import windows
from engine.monitoring.analyses import analyse, anomalies, chunked_drift, performance, report_file
from engine.monitoring.drift import (
    PROFILE_FORMAT,
    DriftOptions,
    DriftReport,
    ReferenceProfile,
    compare,
    profile,
)
from engine.objects.store import ObjectStore
from engine.security import rbac
from engine.security.access import AccessControl
from engine.security.actor import Actor
from engine.store.schema import DriftProfileRow

if TYPE_CHECKING:
    from engine.data.service import DataService
    from engine.registry.service import RegistryService


class MonitoringService:
    def __init__(
        self,
        access: AccessControl,
        audit: AuditLog,
        objects: ObjectStore,
        data: DataService,
        clock: Callable[[], datetime],
        registry: RegistryService | None = None,
    ) -> None:
        self._registry = registry
        self._access = access
        self._audit = audit
        self._objects = objects
        self._data = data
        self._clock = clock

    def default_columns(self, actor: Actor, version: Any) -> list[str]:
        """Every column but identifiers, dates and free text (their drift is expected and
        says nothing about the model's inputs)."""
        tags: dict[str, list[str]] = {}
        for dataset in self._data.datasets(actor, version.project):
            if dataset.name == version.dataset:
                tags = dict(dataset.column_tags)
        return [
            c["name"]
            for c in version.schema
            if c.get("semantic", "") not in ("identifier", "datetime", "text")
            and "identifier" not in tags.get(c["name"], [])
            and not str(c.get("type", "")).startswith(("timestamp", "date"))
        ]

    def reference(
        self,
        actor: Actor,
        ref: str,
        *,
        columns: list[str] | None = None,
        bins: int = 10,
        project: str | None = None,
        progress: Progress | None = None,
    ) -> tuple[ReferenceProfile, bool]:
        """The profile of a dataset version (or a window of versions), from the cache when
        it was computed before (True) or computed now and cached (False)."""
        window = self.window(actor, ref, project)
        version = window.first
        wanted = columns or self.default_columns(actor, version)
        unknown = [c for c in wanted if c not in {s["name"] for s in version.schema}]
        if unknown:
            from engine.errors import ValidationError

            raise ValidationError(f"{window.label} has no column {', '.join(unknown)}.")
        key = hashlib.sha256(
            json.dumps([PROFILE_FORMAT, window.key, wanted, bins]).encode()
        ).hexdigest()
        with self._access.reading(actor, "data.read", f"dataset:{version.ref}") as session:
            cached = session.get(DriftProfileRow, key)
            object_id = cached.object_id if cached else None
            if object_id is not None:  # used only as the signed entry that cached it says
                signed = signed_details(session, f"dataset-version:{version.id}", "key", key)
                if signed is None:
                    object_id = None  # cached before entries named their key: recompute
                elif signed.get("object") != object_id:
                    raise IntegrityError(
                        f"The cached reference profile of {window.label} is not the one its "
                        "signed audit entry recorded (it was changed in the database).",
                        hint="Run `airlock audit verify` and restore metadata.db from a backup.",
                    )
        if object_id is not None:
            report(progress, 0.1, "reading the cached reference profile")
            cached_profile = ReferenceProfile.from_bytes(self._objects.get_bytes(actor, object_id))
            cached_profile.label = window.label  # the same content may have another name
            return cached_profile, True
        report(progress, 0.05, f"profiling {window.label}")
        table = windows.read(self._data, actor, window, columns=wanted)
        built = profile(table, window.label, wanted, bins)
        if rbac.allowed(actor.role, "object.put"):  # validators compute, but do not store
            with self._objects.writer(actor, "driftprofile") as out:
                out.write(built.to_bytes())
                finished = out.finish()
                with self._access.change(actor, "data.read", f"dataset:{version.ref}") as session:
                    if session.get(DriftProfileRow, key) is None:
                        stored = self._objects.install(session, actor, finished, audit=False)
                        out.installed()
                        session.flush()  # the object row first (the profile refers to it)
                        session.add(
                            DriftProfileRow(
                                key=key,
                                object_id=stored.id,
                                reference=window.label[:300],
                                created=format_time(self._clock()),
                                created_by=actor.user_id,
                            )
                        )
                        self._audit.append(
                            session,
                            actor,
                            "monitoring.profile",
                            f"dataset-version:{version.id}",
                            {
                                "reference": window.label,
                                "versions": [v.ref for v in window.versions],
                                "columns": len(wanted),
                                "object": stored.id,
                                "key": key,
                            },
                        )
        return built, False

    def window(self, actor: Actor, spec: str, project: str | None = None) -> windows.Window:
        """The dataset versions `spec` names (NAME, NAME@V, NAME@A..B, NAME@last:30d)."""
        return windows.resolve(self._data, actor, spec, project, self._clock())

    def drift(
        self,
        actor: Actor,
        reference: str,
        current: str | Path,
        *,
        columns: list[str] | None = None,
        options: DriftOptions | None = None,
        project: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> DriftReport:
        """Compare `current` (NAME@V, or a CSV/Parquet/Excel file) with the reference
        dataset version."""
        options = (options or DriftOptions()).check()
        self._access.require(actor, "monitoring.run", f"dataset:{reference}")
        ref_profile, _cached = self.reference(
            actor, reference, columns=columns, bins=options.bins, project=project, progress=progress
        )
        check(cancel)
        report(progress, 0.4, "reading the current data")
        table, label = self._table(actor, current, project, cancel)
        check(cancel)
        report(progress, 0.7, "comparing")
        result = compare(ref_profile, table, label, options)
        report(progress, 1.0, "done")
        return result

    def _table(
        self, actor: Actor, source: str | Path, project: str | None, cancel: CancelToken | None
    ) -> tuple[Any, str]:
        if isinstance(source, Path) or (Path(str(source)).is_file() and "@" not in str(source)):
            from engine.data.importer import read_table_from_file

            table, _sha = read_table_from_file(Path(source), cancel=cancel)
            return table, Path(source).name
        window = self.window(actor, str(source), project)
        return windows.read(self._data, actor, window), window.label

    def multivariate(
        self,
        actor: Actor,
        reference: str,
        current: str | Path,
        *,
        columns: list[str] | None = None,
        project: str | None = None,
        cancel: CancelToken | None = None,
    ) -> Any:
        """Domain-classifier drift over the columns both sides share (or `columns`)."""
        from engine.monitoring.multivariate import domain_classifier

        self._access.require(actor, "monitoring.run", f"dataset:{reference}")
        ref, _ = self._table(actor, reference, project, cancel)
        cur, _ = self._table(actor, current, project, cancel)
        if columns is None:
            usable = set(ref.column_names)
            if "@" in str(reference):
                usable = set(
                    self.default_columns(actor, self.window(actor, str(reference), project).first)
                )
            columns = [c for c in ref.column_names if c in usable and c in set(cur.column_names)]
        shared = columns
        return domain_classifier(ref, cur, shared, cancel=cancel)

    def prediction_drift(
        self,
        actor: Actor,
        model: str,
        reference: str,
        current: str | Path,
        *,
        options: DriftOptions | None = None,
        project: str | None = None,
        cancel: CancelToken | None = None,
    ) -> DriftReport:
        """Drift of a model version's outputs (prediction and class probabilities) between
        the reference and the current data, both scored by the version."""
        import pyarrow as pa

        from engine.registry.signature import check_input, score_frame

        self._access.require(actor, "monitoring.run", f"model:{model}")
        if self._registry is None:
            raise RuntimeError("prediction drift needs the registry")
        version, fitted = self._registry.versions.load(actor, model, project)
        outputs = []
        for source in (reference, current):
            table, label = self._table(actor, source, project, cancel)
            check(cancel)
            checked = check_input(table.to_pandas(), version.signature, version.ref)
            scored = score_frame(fitted, checked, version.signature, None)
            outputs.append((pa.Table.from_pandas(scored, preserve_index=False), label))
        (ref_table, ref_label), (cur_table, cur_label) = outputs
        ref_profile = profile(ref_table, f"{version.ref} on {ref_label}")
        return compare(ref_profile, cur_table, f"{version.ref} on {cur_label}", options)

    def report_file(
        self,
        actor: Actor,
        reference: str,
        current: str | Path,
        out: str | Path,
        *,
        columns: list[str] | None = None,
        options: DriftOptions | None = None,
        project: str | None = None,
        chunk_by: str | None = None,
        chunk_rows: int | None = None,
        period: str = "month",
        cancel: CancelToken | None = None,
    ) -> DriftReport:
        """Write a drift report (.html, self-contained, or .pdf) and return the result; with
        `chunk_by` (a date column, per `period`) or `chunk_rows`, also the drift over
        chunks of the current data."""
        return report_file(
            self,
            actor,
            reference,
            current,
            out,
            columns=columns,
            options=options,
            project=project,
            chunk_by=chunk_by,
            chunk_rows=chunk_rows,
            period=period,
            cancel=cancel,
        )

    def over_chunks(
        self,
        actor: Actor,
        reference: str,
        current: str | Path,
        *,
        chunk_by: str | None = None,
        chunk_rows: int | None = None,
        period: str = "month",
        columns: list[str] | None = None,
        options: DriftOptions | None = None,
        project: str | None = None,
        cancel: CancelToken | None = None,
    ) -> list[Any]:
        """Drift of each chunk of `current` (a calendar period of a date column, or
        consecutive rows) against the reference."""
        return chunked_drift(
            self,
            actor,
            reference,
            current,
            chunk_by=chunk_by,
            chunk_rows=chunk_rows,
            period=period,
            columns=columns,
            options=options,
            project=project,
            cancel=cancel,
        )

    def analyse(
        self,
        actor: Actor,
        reference: str,
        current: str | Path,
        *,
        columns: list[str] | None = None,
        options: DriftOptions | None = None,
        project: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
    ) -> tuple[DriftReport, dict[str, Any]]:
        """A drift report and, per column, the distributions to draw (for the GUI)."""
        return analyse(
            self,
            actor,
            reference,
            current,
            columns=columns,
            options=options,
            project=project,
            progress=progress,
            cancel=cancel,
        )

    def anomalies(
        self,
        actor: Actor,
        reference: str,
        current: str | Path,
        *,
        project: str | None = None,
        cancel: CancelToken | None = None,
    ) -> Any:
        """Outliers, spikes and repeated rows or batches in the current data."""
        return anomalies(self, actor, reference, current, project=project, cancel=cancel)

    def performance(
        self,
        actor: Actor,
        model: str,
        current: str | Path,
        *,
        reference: str | None = None,
        labels: Path | None = None,
        id_column: str | None = None,
        label_column: str | None = None,
        metric: str | None = None,
        chunk: int | None = None,
        time_column: str | None = None,
        period: str | None = None,
        fairness: list[str] | None = None,
        project: str | None = None,
        cancel: CancelToken | None = None,
    ) -> Any:
        """A model version's performance over chunks of `current`: estimated without labels
        (CBPE), realised where labels are known (a file joined on `id_column`, or the target
        column in the data), against ±3σ bands from the reference (by default the test rows
        of the dataset version it was trained on), with the concept-drift detectors over the
        error stream."""
        return performance(
            self,
            actor,
            model,
            current,
            reference=reference,
            labels=labels,
            id_column=id_column,
            label_column=label_column,
            metric=metric,
            chunk=chunk,
            time_column=time_column,
            period=period,
            fairness=fairness,
            project=project,
            cancel=cancel,
        )
