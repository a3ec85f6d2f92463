"""A data subject's erasure request: the rows naming them removed from a dataset and every
dataset made from it — a clean version written, versions made from it remade with their
recipes, the old ones shredded, the models trained on them flagged for retraining."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.audit.record import format_time
from engine.errors import AirlockError, ValidationError
from engine.jobs import CancelToken, Progress, check, report
from engine.registry.rows import trained_on
from engine.security.actor import Actor
from engine.store.schema import (
    ErasureRequestRow,
    RetrainFlagRow,
)


@dataclass(frozen=True)
class Erasure:
    id: str
    dataset: str
    reference: str
    subjects: int
    rows_removed: int
    new_versions: tuple[str, ...]
    shredded: tuple[str, ...]
    flagged: tuple[str, ...]  # MODEL@V to retrain
    notes: tuple[str, ...]


def _matches(column: Any, wanted: list[str]) -> Any:
    """A boolean mask of the rows whose id is one of `wanted` (compared as _key does),
    vectorised for whole-number, decimal and text columns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        numbers = []
        for text in wanted:
            try:
                number = float(text)
            except ValueError:
                continue
            if pa.types.is_floating(kind) or number.is_integer():
                numbers.append(number)
        values = pa.array(numbers, type=pa.float64())
        found = pc.is_in(pc.cast(column, pa.float64()), value_set=values)
    elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
        found = pc.is_in(pc.utf8_trim_whitespace(column), value_set=pa.array(wanted, type=kind))
    else:
        keys = pa.array([_key(v) for v in column.to_pylist()], type=pa.string())
        found = pc.is_in(keys, value_set=pa.array(wanted, type=pa.string()))
    return pc.fill_null(found, False)


def _key(value: Any) -> str:
    """Ids match across types: 1001, 1001.0 and "1001" are the same subject."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


if TYPE_CHECKING:
    from engine.governance.retention import RetentionService, Shredded


def erase(
    service: RetentionService,
    actor: Actor,
    dataset: str,
    column: str,
    subjects: list[Any],
    *,
    reference: str,
    project: str | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Erasure:
    import pyarrow.compute as pc

    service._access.require(actor, "data.erasure", f"dataset:{dataset}")
    service._access.require(actor, "governance.purge", f"dataset:{dataset}")
    wanted = sorted({_key(s) for s in subjects if _key(s)})
    if not wanted:
        raise ValidationError("Name at least one data subject (a value of the id column) to erase.")
    reference = (reference or "").strip()
    if not reference or len(reference) > 200:
        raise ValidationError(
            "An erasure needs the request's reference (its ticket "
            "number, 1 to 200 characters), for the record."
        )
    start = service._data.version(actor, dataset, project)
    start.column(column)  # the id column must exist in the newest version
    family = family_of(service, actor, start)
    erasure_id = "era_" + os.urandom(6).hex()
    holding: list[Any] = []  # versions of the dataset whose rows name a subject
    stale: list[Any] = []  # versions made from those (masked, reshaped, any dataset)
    held: set[str] = set()
    ordered = sorted(family.values(), key=lambda v: (v.created, v.version))
    for number, version in enumerate(ordered):  # parents come before their children
        check(cancel)
        report(progress, 0.6 * number / max(len(ordered), 1), f"reading {version.ref}")
        if version.shredded:
            continue
        if set(version.parents) & held:
            stale.append(version)
            held.add(version.id)
            continue
        if version.dataset_id != start.dataset_id or column not in {
            c["name"] for c in version.schema
        }:
            continue
        table = service._data.read_table(actor, version, columns=[column])
        if int(pc.sum(_matches(table.column(column), wanted)).as_py() or 0):
            holding.append(version)
            held.add(version.id)
    if not holding:
        raise ValidationError(
            f"No version of {start.dataset} has a row whose {column} is "
            f"one of the {len(wanted)} subject(s).",
            hint="Check the id column and the values; nothing changed.",
        )
    notes: list[str] = []
    new_versions: list[str] = []
    newest = max(holding, key=lambda v: v.version)
    current = max(
        (v for v in family.values() if v.dataset_id == start.dataset_id and not v.shredded),
        key=lambda v: v.version,
    )
    made: dict[str, Any] = {}  # old version id -> its successor
    removed = 0
    if current.id in held:  # the data in use holds them: a clean version replaces it
        report(progress, 0.7, f"writing {newest.dataset} without the subjects")
        table = service._data.read_table(actor, newest)
        kept = table.filter(pc.invert(_matches(table.column(column), wanted)))
        removed = table.num_rows - kept.num_rows
        stored = service._data.lifecycle.write_cleaned(
            actor,
            newest,
            kept,
            {
                "erasure": erasure_id,
                "reference": reference,
                "source": newest.ref,
                "rows_removed": removed,
            },
            project,
            cancel,
        )
        made[newest.id] = stored.version
        new_versions.append(stored.version.ref)
    else:
        notes.append(
            f"{current.ref}, the newest version, no longer holds them: only "
            "older versions are shredded."
        )
    # From here on the request runs to its end: a cancel would leave the new version
    # written and the old ones unshredded.
    for version in stale:  # made again from the cleaned parent with the same recipe
        parent = next((made[p] for p in version.parents if p in made), None)
        if parent is None or not version.recipe:
            notes.append(
                f"{version.ref} was made from data that held the subjects; it "
                "is shredded and has no recipe to make it again from."
            )
            continue
        try:
            again = service._data.prepare(
                actor, parent.ref, version.recipe, name=version.dataset, project=project
            )
        except AirlockError as exc:
            notes.append(
                f"{version.ref} could not be made again from {parent.ref} "
                f"({exc.message}); it is shredded."
            )
            continue
        made[version.id] = again.version
        new_versions.append(again.version.ref)
    report(progress, 0.85, "shredding the old versions")
    shredded = service._shred_versions(
        actor,
        [v.ref for v in holding + stale],
        f"erasure {reference}",
        project,
        keep_shared=False,
        erasure=erasure_id,
    )
    flagged = flag_models(service, actor, erasure_id, reference, shredded)
    with service._access.change(
        actor, "governance.purge", f"dataset:{start.dataset_id}"
    ) as session:
        session.add(
            ErasureRequestRow(
                id=erasure_id,
                dataset_id=start.dataset_id,
                reference=reference,
                column=column,
                subjects=len(wanted),
                rows_removed=removed,
                new_versions=json.dumps(new_versions),
                shredded=json.dumps([s.ref for s in shredded]),
                flagged=json.dumps(flagged),
                created=format_time(service._clock()),
                created_by=actor.user_id,
            )
        )
        # no subject ids in the log: the request's reference and counts only
        service._audit.append(
            session,
            actor,
            "governance.erasure",
            f"dataset:{start.dataset_id}",
            {
                "erasure": erasure_id,
                "reference": reference,
                "dataset": start.dataset,
                "column": column,
                "subjects": len(wanted),
                "rows_removed": removed,
                "new_versions": new_versions,
                "shredded": [s.ref for s in shredded],
                "flagged": flagged,
            },
        )
    report(progress, 1.0, "done")
    return Erasure(
        erasure_id,
        start.dataset,
        reference,
        len(wanted),
        removed,
        tuple(new_versions),
        tuple(s.ref for s in shredded),
        tuple(flagged),
        tuple(notes),
    )


def family_of(service: RetentionService, actor: Actor, start: Any) -> dict[str, Any]:
    """Every version of `start`'s dataset and every version made from them (any
    depth, any dataset)."""
    with service._access.reading(actor, "data.read", f"dataset:{start.dataset}") as session:
        return dict(service._data.lifecycle.family(session, start.dataset_id))


def flag_models(
    service: RetentionService,
    actor: Actor,
    erasure_id: str,
    reference: str,
    shredded: list[Shredded],
) -> list[str]:
    ids = {s.version_id: s.ref for s in shredded}
    flagged = []
    with service._access.change(actor, "governance.purge", "retrain-flags") as session:
        for version_id, ref, dataset_version_id in trained_on(session, ids):
            trained = ids[dataset_version_id]  # one of `ids`: the query
            session.add(
                RetrainFlagRow(
                    id="rtf_" + os.urandom(6).hex(),
                    version_id=version_id,
                    reason=f"trained on {trained}, erased by request {reference}",
                    dataset_version_id=dataset_version_id,
                    created=format_time(service._clock()),
                    created_by=actor.user_id,
                )
            )
            service._audit.append(
                session,
                actor,
                "governance.retrain_flag",
                f"model-version:{version_id}",
                {"version": ref, "erasure": erasure_id, "dataset_version": trained},
            )
            flagged.append(ref)
    return sorted(flagged)
