"""Sealed columns: values derived from a dataset (validation samples, category lists,
profiles, drift figures) kept in the metadata database only as ciphertext, under a key bound
to the objects they came from, so they are unreadable at rest and shredded with them.

A sealed value is the text ``sealed1:`` + base64(JSON list of source object ids, a newline,
nonce || AES-256-GCM(JSON of the value)). The key is HKDF-SHA256 over the data keys (DEKs)
of its source objects, sorted by object id, so crypto-shredding any source (its DEK
destroyed) makes the value unreadable for good — with nothing to find and delete. The
associated data names the table, column and row, so a sealed value moved to another row or
column does not open. Values not derived from a stored
object (a file validated without importing it) are sealed under the workspace's metadata
key: random, wrapped by the master key like a DEK, rewrapped when the master key rotates.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable
from typing import Any

from cryptography.exceptions import InvalidTag
from sqlalchemy.orm import Session

from engine.errors import IntegrityError, WorkspaceError
from engine.security.actor import Actor
from engine.security.aead import hkdf, unwrap, wrap
from engine.store.schema import ObjectRow, WorkspaceState

PREFIX = "sealed1:"


class Shredded:
    """What a sealed value reads as once a source object was crypto-shredded."""

    def __init__(self, sources: tuple[str, ...]) -> None:
        self.sources = sources


def is_sealed(text: str | None) -> bool:
    return isinstance(text, str) and text.startswith(PREFIX)


def _same_master_key(stored: str, held: str) -> None:
    if stored != held:
        raise WorkspaceError(
            "The workspace master key was rotated after this session started.",
            hint="Log in again to continue.",
        )


def _aad(where: str, sources: tuple[str, ...]) -> bytes:
    return b"\0".join([b"airlock/sealed/v1", where.encode(), *(s.encode() for s in sources)])


class Sealer:
    """Seals and opens values for one workspace (the session's keyring does the unwrapping)."""

    def key(self, session: Session, actor: Actor, sources: Iterable[str]) -> bytes | None:
        """The key of values derived from the objects `sources` (the metadata key when
        there are none); None when a source was shredded."""
        ids = tuple(sorted(set(sources)))
        ring = actor.keyring
        if not ids:
            return hkdf(self.meta_key(session, actor), b"airlock/sealed-key/v1")
        deks = []
        for object_id in ids:
            row = session.get(ObjectRow, object_id)
            if row is None:
                raise IntegrityError(
                    f"A sealed value names object {object_id}, which does not exist.",
                    hint="Run `airlock audit verify`.",
                )
            if not row.wrapped_dek:
                return None
            _same_master_key(row.mk_id, ring.mk_id)
            deks.append(ring.unwrap_dek(row.wrapped_dek, row.id, row.kind, row.nonce_id))
        return hkdf(b"".join(deks), b"airlock/sealed-key/v1\0" + ",".join(ids).encode())

    @staticmethod
    def meta_key(session: Session, actor: Actor) -> bytes:
        """The workspace's metadata key (random, wrapped by the master key); made on first
        use in workspaces from before it."""
        state = session.get(WorkspaceState, 1)
        assert state is not None
        ring = actor.keyring
        _same_master_key(state.mk_id, ring.mk_id)
        if not state.wrapped_meta_key:  # made on first use (workspaces from before it)
            key = os.urandom(32)
            state.wrapped_meta_key = ring.wrap_meta_key(key)
            session.flush()
            return key
        return ring.unwrap_meta_key(state.wrapped_meta_key)

    def seal(
        self, session: Session, actor: Actor, value: Any, where: str, sources: Iterable[str] = ()
    ) -> str:
        """`value` (JSON-able) sealed for the row `where` (e.g. "validations/val_…/report")."""
        ids = tuple(sorted(set(sources)))
        key = self.key(session, actor, ids)
        if key is None:
            raise IntegrityError("Cannot seal a value derived from shredded data.")
        return self.seal_with(key, value, where, ids)

    @staticmethod
    def seal_with(key: bytes, value: Any, where: str, ids: tuple[str, ...]) -> str:
        """`value` sealed under `key`, the key of the sorted source ids `ids`."""
        plain = json.dumps(value, default=str, sort_keys=True, ensure_ascii=False).encode()
        blob = wrap(key, plain, _aad(where, ids))
        return PREFIX + base64.b64encode(json.dumps(list(ids)).encode() + b"\n" + blob).decode(
            "ascii"
        )

    def open(self, session: Session, actor: Actor, text: str, where: str) -> Any:
        """The value sealed in `text`, a Shredded marker if a source was shredded, or the
        parsed JSON of `text` itself when it predates sealing."""
        if not is_sealed(text):
            return json.loads(text) if text else None
        try:
            raw = base64.b64decode(text[len(PREFIX) :], validate=True)
            head, blob = raw.split(b"\n", 1)
            ids = tuple(json.loads(head))
            if not all(isinstance(i, str) for i in ids):
                raise ValueError
        except (ValueError, TypeError):
            raise self._damaged(where) from None
        key = self.key(session, actor, ids)
        if key is None:
            return Shredded(ids)
        try:
            return json.loads(unwrap(key, blob, _aad(where, ids)))
        except (InvalidTag, ValueError):
            raise self._damaged(where) from None

    def open_text(self, session: Session, text: str, where: str) -> str:
        """A sealed text (a signed canonical manifest) opened with the keys of the actor
        whose checked transaction this is; text from before sealing as it is."""
        if not is_sealed(text):
            return text
        from engine.security.access import CURRENT_ACTOR

        actor = CURRENT_ACTOR.get()
        if actor is None:
            raise WorkspaceError("The workspace is locked.", hint="Log in again to continue.")
        value = self.open(session, actor, text, where)
        if not isinstance(value, str):
            raise self._damaged(where)
        return value

    @staticmethod
    def _damaged(where: str) -> IntegrityError:
        return IntegrityError(
            f"The sealed value {where} does not authenticate: it was "
            "modified or moved from another row.",
            hint="Restore the workspace from a backup and run `airlock audit verify`.",
        )


SEALER = Sealer()


def seal_plaintext_rows(session: Session, actor: Actor) -> int:
    """Seal what a workspace from before sealed values kept in plaintext (run by `airlock
    upgrade`). A report whose data was already shredded keeps only that fact."""
    from sqlalchemy import select

    from engine.store.schema import (
        ContractRow,
        DatasetVersionRow,
        ModelVersionRow,
        ValidationRow,
    )

    sealed = 0
    for row, object_id in session.execute(
        select(ValidationRow, DatasetVersionRow.object_id).outerjoin(
            DatasetVersionRow, DatasetVersionRow.id == ValidationRow.dataset_version_id
        )
    ):
        if is_sealed(row.report):
            continue
        sources = (object_id,) if object_id else ()
        key = SEALER.key(session, actor, sources)
        row.report = (
            json.dumps({"shredded": True, "results": []})
            if key is None
            else SEALER.seal_with(
                key, json.loads(row.report), f"validations/{row.id}/report", sources
            )
        )
        sealed += 1
    for version in session.scalars(select(ModelVersionRow)):
        if not is_sealed(version.manifest):
            version.manifest = SEALER.seal(
                session, actor, version.manifest, f"model_versions/{version.id}/manifest"
            )
            sealed += 1
    for contract in session.scalars(select(ContractRow)):
        if not is_sealed(contract.body):
            contract.body = SEALER.seal(
                session, actor, json.loads(contract.body), f"contracts/{contract.id}/body"
            )
            sealed += 1
    sealed += _seal_derived(session, actor)
    session.flush()
    return sealed


def _seal_derived(session: Session, actor: Actor) -> int:
    """Model tests, fairness reports and monitor runs (under the data version each came
    from; a shredded one keeps only that fact) and model cards (the metadata key)."""
    from sqlalchemy import select

    from engine.store.schema import (
        DatasetVersionRow,
        FairnessReportRow,
        ModelCardRow,
        ModelTestRow,
        MonitorRunRow,
        RunRow,
    )

    def object_of(version_id: str | None) -> tuple[str, ...]:
        row = session.get(DatasetVersionRow, version_id) if version_id else None
        return (row.object_id,) if row is not None else ()

    def sealed_or_gone(value: Any, where: str, sources: tuple[str, ...], gone: Any) -> str:
        key = SEALER.key(session, actor, sources)
        return json.dumps(gone) if key is None else SEALER.seal_with(key, value, where, sources)

    count = 0
    for test in session.scalars(select(ModelTestRow)):
        if not is_sealed(test.report):
            sources = object_of(test.dataset_version_id)
            test.suite = sealed_or_gone(
                json.loads(test.suite), f"model_tests/{test.id}/suite", sources, {}
            )
            test.report = sealed_or_gone(
                json.loads(test.report),
                f"model_tests/{test.id}/report",
                sources,
                {"shredded": True, "dataset": "(data shredded)", "checks": []},
            )
            count += 1
    for fair in session.scalars(select(FairnessReportRow)):
        if not is_sealed(fair.report):
            run = session.get(RunRow, fair.run_id)
            fair.report = sealed_or_gone(
                fair.report,
                f"fairness_reports/{fair.id}/report",
                object_of(run.dataset_version_id if run else None),
                {"shredded": True},
            )
            count += 1
    for mrun in session.scalars(select(MonitorRunRow)):
        if not is_sealed(mrun.report):
            version = session.scalars(
                select(DatasetVersionRow).where(
                    DatasetVersionRow.content_hash == mrun.current_sha256
                )
            ).first()
            mrun.report = sealed_or_gone(
                json.loads(mrun.report),
                f"monitor_runs/{mrun.id}/report",
                (version.object_id,) if version else (),
                {"shredded": True},
            )
            count += 1
    for card in session.scalars(select(ModelCardRow)):
        if not is_sealed(card.card):
            card.card = SEALER.seal(session, actor, card.card, f"model_cards/{card.id}/card")
            card.narrative = SEALER.seal(
                session, actor, card.narrative, f"model_cards/{card.id}/narrative"
            )
            count += 1
    return count
