"""API tokens of the scoring service (`airlock serve token create|list|revoke`).

A token is shown once and never stored: the workspace keeps only its SHA-256, in the signed
audit entry that created it. The service reads tokens from those entries (checked and
authorised as `engine/audit/bound.py` checks what decides gates), not from a table: an
insider who can write metadata.db cannot add a token, widen one to another model, extend its
expiry or take back a revocation without breaking a signature that only an administrator's
key makes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from engine.audit.bound import logged
from engine.audit.log import AuditLog
from engine.audit.record import format_time, parse_time
from engine.errors import NotFound, ValidationError
from engine.security.access import AccessControl
from engine.security.actor import Actor

TARGET = "serving-tokens"
PREFIX = "alk_"
MAX_DAYS = 365  # the audit log keeps an entry whole for at least a year (audit.prune)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class ApiToken:
    id: str
    name: str
    models: tuple[str, ...]  # the registered models it may call ("*": every served model)
    created: str
    expires: str
    sha256: str
    revoked: str | None = None  # when it was revoked

    def live(self, now: datetime) -> bool:
        return self.revoked is None and parse_time(self.expires) > now

    def allows(self, model: str) -> bool:
        return "*" in self.models or model.lower() in (m.lower() for m in self.models)


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # shown once: the caller sends it as `Authorization: Bearer SECRET`


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def logged_tokens(session: Any) -> dict[str, ApiToken]:
    """Every token by id, as the signed serving.token / serving.revoke entries set them."""
    tokens: dict[str, ApiToken] = {}
    for details in logged(session, TARGET, ("serving.token", "serving.revoke")):
        token_id = details.get("token_id")
        if not isinstance(token_id, str):
            continue
        if "sha256" in details:
            tokens[token_id] = ApiToken(
                id=token_id,
                name=str(details.get("name", "")),
                models=tuple(str(m) for m in details.get("models", [])),
                created=str(details.get("created", "")),
                expires=str(details.get("expires", "")),
                sha256=str(details["sha256"]),
            )
        elif token_id in tokens:
            old = tokens[token_id]
            tokens[token_id] = ApiToken(
                old.id,
                old.name,
                old.models,
                old.created,
                old.expires,
                old.sha256,
                revoked=str(details.get("revoked", "")) or "revoked",
            )
    return tokens


def find(tokens: dict[str, ApiToken], secret: str) -> ApiToken | None:
    """The token whose secret this is (compared in constant time), or None."""
    match = re.fullmatch(r"alk_([0-9a-f]{12})_[A-Za-z0-9_-]{20,100}", secret or "")
    if not match:
        return None
    token = tokens.get(match.group(1))
    if token is None or not hmac.compare_digest(token.sha256, digest(secret)):
        return None
    return token


def new_token(name: str, models: Sequence[str], days: int, now: datetime) -> tuple[ApiToken, str]:
    """A token for `models` (or "*"), valid for `days`, and its secret (shown once)."""
    name = (name or "").strip()
    if not _NAME.match(name):
        raise ValidationError(
            f"A token name uses letters, digits, '_', '.' and '-' (up to 64). Got {name!r}.",
            hint="Name it after the system that calls, e.g. loan-origination.",
        )
    wanted = tuple(dict.fromkeys(m.strip() for m in models if m.strip()))
    if not wanted:
        raise ValidationError(
            "Name the models the token may call: --models NAME [NAME ...], or '*'."
        )
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            f"A token is valid for 1 to {MAX_DAYS} days. Got {days}.",
            hint="Create a new token before the old one expires.",
        )
    token_id = os.urandom(6).hex()
    secret = f"{PREFIX}{token_id}_{_urlsafe(os.urandom(32))}"
    token = ApiToken(
        id=token_id,
        name=name,
        models=wanted,
        created=format_time(now),
        expires=format_time(now + timedelta(days=days)),
        sha256=digest(secret),
    )
    return token, secret


def merge_tokens(found: dict[str, ApiToken], seen: dict[str, ApiToken]) -> dict[str, ApiToken]:
    """`found`, with the revocations of `seen` kept (a log or file cut short does not bring
    back a token this service saw revoked)."""
    return {
        token_id: seen[token_id] if seen.get(token_id) and seen[token_id].revoked else token
        for token_id, token in found.items()
    }


class TokenService:
    def __init__(self, access: AccessControl, audit: AuditLog, clock: Callable[[], datetime]):
        self._access = access
        self._audit = audit
        self._clock = clock

    def create(
        self, actor: Actor, name: str, models: Sequence[str], *, days: int = 90
    ) -> CreatedToken:
        """A new token for `models` (or "*"), valid for `days`; its secret is returned once."""
        # the role first: a refusal is audited whatever the input holds
        self._access.require(actor, "serving.token", TARGET)
        token, secret = new_token(name, models, days, self._clock())
        with self._access.change(actor, "serving.token", TARGET) as session:
            self._audit.append(
                session,
                actor,
                "serving.token",
                TARGET,
                {
                    "token_id": token.id,
                    "name": token.name,
                    "models": list(token.models),
                    "created": token.created,
                    "expires": token.expires,
                    "sha256": token.sha256,
                },
            )
        return CreatedToken(token, secret)

    def tokens(self, actor: Actor) -> list[ApiToken]:
        with self._access.reading(actor, "serving.token", TARGET) as session:
            return sorted(logged_tokens(session).values(), key=lambda t: t.created)

    def revoke(self, actor: Actor, token_id: str) -> ApiToken:
        with self._access.change(actor, "serving.revoke", TARGET) as session:
            found = logged_tokens(session).get(token_id.strip())
            if found is None:
                raise NotFound(
                    f"There is no API token {token_id!r}.",
                    hint="`airlock serve token list` shows them.",
                )
            if found.revoked is not None:
                return found
            when = format_time(self._clock())
            self._audit.append(
                session,
                actor,
                "serving.revoke",
                TARGET,
                {"token_id": found.id, "name": found.name, "revoked": when},
            )
        return ApiToken(
            found.id, found.name, found.models, found.created, found.expires, found.sha256, when
        )

    def live(self, session: Any) -> dict[str, ApiToken]:
        """The tokens as the service checks them (read in the service's own transaction)."""
        return logged_tokens(session)


def _urlsafe(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
