"""Model cards in the governance service: generated from the recorded evidence, the
narrative saved as numbered card versions of a model version (audited, SHA-256 pinned),
exported as Markdown, HTML (English or Arabic) or PDF, and the completeness the
documentation gate checks."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from engine.audit.record import format_time
from engine.errors import IntegrityError, ValidationError
from engine.governance import cards
from engine.governance.card_sections import card_sections
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


@dataclass(frozen=True)
class SavedCard:
    """A saved model card: its number, who saved it, its SHA-256, and what it still lacked."""

    id: str
    number: int
    created: str
    by: str
    sha256: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class CardStatus:
    """For the documentation gate: the newest saved card and what the card, as the
    evidence stands now, still lacks."""

    saved: str | None  # the newest saved card's id
    number: int  # its number (0: none saved)
    missing: tuple[str, ...]


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
            "sections": card_sections(self, actor, version, project),
            "narrative": {k: str(text.get(k, "")) for k in cards.NARRATIVE},
            "number": saved.number if saved else 0,
        }
        body["missing"] = cards.missing(body)
        return body

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

    def saved(self, actor: Actor, ref: str, *, project: str | None = None) -> list[SavedCard]:
        """Saved cards of a version, newest first (who saved each, and its hash)."""
        version = self._registry.versions.version(actor, ref, project)
        with self._access.reading(
            actor, "governance.read", f"model-version:{version.id}"
        ) as session:
            names = user_names(session)
            return [
                SavedCard(
                    r.id,
                    r.number,
                    r.created,
                    names.get(r.created_by, ""),
                    r.sha256,
                    tuple(json.loads(_open(session, actor, r, "card")).get("missing", [])),
                )
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

    def complete(self, actor: Actor, version: Any) -> CardStatus:
        """For the documentation gate: the newest saved card of the version and what the
        card, as the evidence stands now, still lacks."""
        saved = self._saved(actor, version.id)
        body = self.card(actor, version.ref, project=version.project)
        return CardStatus(
            saved=saved.id if saved else None,
            number=saved.number if saved else 0,
            missing=tuple(body["missing"]),
        )
