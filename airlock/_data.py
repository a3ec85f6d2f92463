"""`ws.data`: datasets from Python — import, read (decrypted in memory, audited), save."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import ValidationError

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from airlock._session import Workspace
    from engine.data.datasets import Dataset, DatasetVersion, StoredVersion


class Data:
    def __init__(self, ws: Workspace) -> None:
        self._ws = ws
        self._read: dict[str, str] = {}  # version ids this session read: NAME@V -> id

    def datasets(self) -> list[Dataset]:
        return self._ws.engine.data.datasets(self._ws.actor, self._ws.project)

    def version(self, ref: str) -> DatasetVersion:
        return self._ws.engine.data.version(self._ws.actor, ref, self._ws.project)

    def import_file(self, path: str | Path, name: str, *, note: str = "") -> StoredVersion:
        """Import a CSV, Parquet or Excel file as the next version of `name` (encrypted,
        hashed, profiled and audited as `airlock data import` does)."""
        return self._ws.engine.data.import_file(
            self._ws.actor, Path(path).expanduser(), name, project=self._ws.project, note=note
        )

    def get(self, ref: str, *, as_arrow: bool = False) -> pd.DataFrame | pa.Table:
        """A dataset version's rows, decrypted in memory: a pandas DataFrame (or a pyarrow
        Table). The rows leave the workspace into this session, so the read is audited as
        an export (format python) with the notebook's name."""
        table = self._ws.engine.data.take(
            self._ws.actor,
            ref,
            self._ws.project,
            session_name=self._ws._source.get("notebook", ""),
        )
        version = self.version(ref)
        self._read[version.ref] = version.id
        return table if as_arrow else table.to_pandas()

    def view(self, ref: str) -> pd.DataFrame:
        """The rows to look at, with the columns this role does not need masked (a
        validator or an auditor sees no personal values); not an export."""
        table, _masked = self._ws.engine.data.view_table(self._ws.actor, ref, self._ws.project)
        return table.to_pandas()

    def save(
        self,
        frame: pd.DataFrame | pa.Table,
        name: str,
        *,
        note: str = "",
        parents: list[str] | None = None,
    ) -> StoredVersion:
        """Store a frame as the next version of `name` (encrypted, hashed, audited as an
        import). Its lineage says it came from this notebook (name and SHA-256 when the
        file is readable) and from `parents` — by default every version this session read
        with get()."""
        import pandas as pd
        import pyarrow as pa

        if isinstance(frame, pd.DataFrame):
            if not frame.columns.is_unique:
                raise ValidationError("The frame has two columns of one name.")
            table = pa.Table.from_pandas(frame, preserve_index=False)
        elif isinstance(frame, pa.Table):
            table = frame
        else:
            raise ValidationError(
                f"save() takes a pandas DataFrame or a pyarrow Table. Got {type(frame).__name__}."
            )
        table = table.replace_schema_metadata(None)
        if parents is None:
            ids = list(self._read.values())
        else:
            ids = [self.version(p).id for p in parents]
        source = self._ws._source
        describe: dict[str, Any] = {
            "format": "python",
            "source_name": source.get("notebook", "python"),
            "note": note,
        }
        if source.get("notebook_sha256"):
            describe["notebook_sha256"] = source["notebook_sha256"]
        return self._ws.engine.data.import_table(
            self._ws.actor,
            table,
            name,
            project=self._ws.project,
            describe=describe,
            parents=tuple(dict.fromkeys(ids)),
        )
