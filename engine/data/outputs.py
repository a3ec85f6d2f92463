"""What leaves a dataset version for people to read: an exported file (CSV, Parquet or Excel,
written atomically), its profile and the profile as a self-contained HTML page."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.data.profile import Profile, profile_table
from engine.data.profile_html import profile_html
from engine.errors import ValidationError, WorkspaceError
from engine.jobs import CancelToken, Progress, report, sub_progress
from engine.security.actor import Actor
from engine.store.files import fsync_dir, temp_beside

if TYPE_CHECKING:
    import pyarrow as pa

    from engine.data.datasets import DatasetVersion
    from engine.data.service import DataService


def export(
    service: DataService,
    actor: Actor,
    ref: str,
    out: str | Path,
    *,
    project: str | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    target = Path(out)
    kind = {".csv": "csv", ".parquet": "parquet"}.get(target.suffix.lower())
    if kind is None:
        raise ValidationError(f"Export to .csv or .parquet. Got {target.name!r}.")
    if not target.parent.is_dir():
        raise ValidationError(f"The folder {target.parent} does not exist.")
    service._access.require(actor, "data.export", f"dataset:{ref}")
    version = service.version(actor, ref, project)
    table = service.store.read_table(actor, version)
    report(progress, 0.5, "writing")
    tmp = temp_beside(target)
    try:
        if kind == "csv":
            pacsv.write_csv(table, tmp)
        else:
            pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        with exported(service, actor, version, file=target.name, format=kind, rows=version.rows):
            os.replace(tmp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        raise WorkspaceError(f"Could not write {target}: {exc.strerror or exc}.") from None
    finally:
        tmp.unlink(missing_ok=True)
    report(progress, 1.0, "done")
    return target


def profile_of(
    service: DataService,
    actor: Actor,
    ref: str,
    project: str | None = None,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Profile:
    version = service.version(actor, ref, project)
    table = service.store.read_table(actor, version)
    report(progress, 0.1, "profiling")
    found = profile_table(
        table,
        list(version.schema),
        version.ref,
        progress=sub_progress(progress, 0.1, 1.0),
        cancel=cancel,
    )
    masked = service.masked_columns(actor, version)
    for column in found.columns:  # no values of personal columns for this role
        if column.name in masked:
            column.min = column.max = None
            column.top = []
            column.warnings.append(f"values masked for the {actor.role} role")
    return found


def profile_page(
    service: DataService,
    actor: Actor,
    ref: str,
    out: str | Path,
    *,
    project: str | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    from engine.store.files import atomic_write

    service._access.require(actor, "data.export", f"dataset:{ref}")
    version = service.version(actor, ref, project)
    profile = profile_of(service, actor, ref, project, progress=progress, cancel=cancel)
    target = Path(out)
    with exported(service, actor, version, file=target.name, format="profile-html"):
        atomic_write(target, profile_html(profile, f"Profile of {version.ref}").encode("utf-8"))
    return target


def take(
    service: DataService,
    actor: Actor,
    ref: str | DatasetVersion,
    project: str | None,
    *,
    purpose: str,
    session_name: str,
) -> pa.Table:
    from engine.data.datasets import DatasetVersion

    label = ref.ref if isinstance(ref, DatasetVersion) else ref
    service._access.require(actor, "data.export", f"dataset:{label}")
    version = ref if isinstance(ref, DatasetVersion) else service.version(actor, ref, project)
    table = service.store.read_table(actor, version)
    extra = {"purpose": purpose} if purpose else {}
    with exported(
        service, actor, version, file=session_name, format="python", rows=version.rows, **extra
    ):
        pass
    return table


@contextlib.contextmanager
def exported(
    service: DataService, actor: Actor, version: DatasetVersion, **details: Any
) -> Iterator[None]:
    """One export of `version`: the data.export entry, in the transaction in which the
    block puts the output in place (both happen, or neither)."""
    target = f"dataset:{version.dataset_id}"
    with service._access.change(actor, "data.export", target) as session:
        service._audit.append(
            session,
            actor,
            "data.export",
            target,
            {"version_id": version.id, "version": version.ref, **details},
        )
        yield
