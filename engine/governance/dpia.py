"""The data protection impact assessment (DPIA) of a project: a questionnaire shipped in
resources/compliance/dpia.json (GDPR Art. 35(7), PDPL), answered in versions — each saved
version is numbered, pinned by its SHA-256 and audited. Training on data tagged personal
requires the project's newest DPIA to be complete, unless an administrator turns the
`require_dpia` setting off."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import func, select

from engine.audit.record import format_time
from engine.errors import ValidationError
from engine.governance.lookups import Part
from engine.projects import ProjectService
from engine.resources import resource_dir
from engine.security.actor import Actor
from engine.security.users import user_names
from engine.store.schema import DpiaRow

CATALOG = resource_dir() / "compliance"
MAX_ANSWER = 4000


@cache
def questionnaire() -> dict[str, Any]:
    return json.loads((CATALOG / "dpia.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Dpia:
    id: str
    project: str
    number: int
    answers: dict[str, str]
    complete: bool
    missing: tuple[str, ...]  # ids of required questions without an answer
    sha256: str
    created: str
    created_by: str


def missing_answers(answers: dict[str, str]) -> list[str]:
    return [
        q["id"]
        for q in questionnaire()["questions"]
        if q["required"] and not answers.get(q["id"], "").strip()
    ]


def check_answers(answers: dict[str, Any]) -> dict[str, str]:
    questions = {q["id"]: q for q in questionnaire()["questions"]}
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise ValidationError(
            f"The DPIA has no question {', '.join(unknown)}.",
            hint="Questions: " + ", ".join(questions),
        )
    clean: dict[str, str] = {}
    for key, value in answers.items():
        if not isinstance(value, str):
            raise ValidationError(f"The answer to {key!r} must be text. Got {value!r}.")
        value = value.strip()
        if len(value) > MAX_ANSWER:
            raise ValidationError(f"The answer to {key!r} is longer than {MAX_ANSWER} characters.")
        choices = questions[key].get("choices")
        if value and choices and value.lower() not in choices:
            raise ValidationError(
                f"The answer to {key!r} is one of {', '.join(choices)}. Got {value!r}."
            )
        if value:
            clean[key] = value.lower() if choices else value
    return clean


class DpiaService(Part):
    def save(self, actor: Actor, answers: dict[str, Any], *, project: str | None = None) -> Dpia:
        """Save a new version of the project's DPIA (the whole questionnaire's answers)."""
        clean = check_answers(answers)
        missing = missing_answers(clean)
        body = json.dumps(clean, sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        with self._access.change(actor, "governance.dpia", f"project:{project}") as session:
            row_project = ProjectService.find(session, project)
            number = (
                session.scalar(
                    select(func.max(DpiaRow.number)).where(DpiaRow.project_id == row_project.id)
                )
                or 0
            ) + 1
            row = DpiaRow(
                id="dpia_" + os.urandom(6).hex(),
                project_id=row_project.id,
                number=number,
                answers=body,
                complete=not missing,
                sha256=digest,
                created=format_time(self._clock()),
                created_by=actor.user_id,
            )
            session.add(row)
            self._audit.append(
                session,
                actor,
                "governance.dpia",
                f"project:{row_project.id}",
                {
                    "project": row_project.name,
                    "number": number,
                    "sha256": digest,
                    "complete": not missing,
                    "missing": missing,
                    "residual_risk": clean.get("residual_risk", ""),
                },
            )
        return Dpia(
            row.id,
            row_project.name,
            number,
            clean,
            not missing,
            tuple(missing),
            digest,
            row.created,
            actor.name,
        )

    def history(self, actor: Actor, project: str | None = None) -> list[Dpia]:
        """The project's DPIA versions, newest first (each checked against its hash)."""
        with self._access.reading(actor, "governance.read", f"project:{project}") as session:
            row_project = ProjectService.find(session, project)
            names = user_names(session)
            out = []
            for row in session.scalars(
                select(DpiaRow)
                .where(DpiaRow.project_id == row_project.id)
                .order_by(DpiaRow.number.desc())
            ):
                if hashlib.sha256(row.answers.encode("utf-8")).hexdigest() != row.sha256:
                    from engine.errors import IntegrityError

                    raise IntegrityError(
                        f"DPIA version {row.number} of {row_project.name!r} "
                        "does not match its recorded SHA-256: it was "
                        "changed outside Airlock.",
                        hint="`airlock audit log --action governance.dpia` "
                        "shows the hash it was saved with.",
                    )
                answers = json.loads(row.answers)
                out.append(
                    Dpia(
                        row.id,
                        row_project.name,
                        row.number,
                        answers,
                        row.complete,
                        tuple(missing_answers(answers)),
                        row.sha256,
                        row.created,
                        names.get(row.created_by, ""),
                    )
                )
            return out

    def current(self, actor: Actor, project: str | None = None) -> Dpia | None:
        found = self.history(actor, project)
        return found[0] if found else None

    def require(
        self, actor: Actor, version: Any, tags: dict[str, list[str]], required: bool
    ) -> None:
        """Refuse to train on a version holding personal data without a complete DPIA."""
        columns = {c["name"] for c in version.schema}
        personal = sorted(c for c, t in tags.items() if "personal" in t and c in columns)
        if not personal or not required:
            return
        current = self.current(actor, version.project)
        if current is not None and current.complete:
            return
        state = (
            "has no DPIA"
            if current is None
            else f"has an incomplete DPIA (version {current.number}: {len(current.missing)} "
            "required answers missing)"
        )
        raise ValidationError(
            f"{version.ref} holds personal data ({', '.join(personal)}) and project "
            f"{version.project!r} {state}.",
            hint="Complete the DPIA (`airlock governance dpia --answers FILE` or the "
            "Governance view), drop or mask the personal columns, or ask an "
            "administrator to turn the require_dpia setting off.",
        )
