"""The audit entry format: fields, hash, signature input, key ids, time stamps.

docs/audit-format.md is the normative description; this module is its implementation.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .canonical import canonical_json

FORMAT_VERSION = 1
GENESIS_PREV = "0" * 64
SIGNATURE_CONTEXT = b"airlock audit entry v1\n"
ENTRY_FIELDS = ("v", "log_id", "seq", "time", "actor", "action", "target", "details", "prev")
ACTOR_FIELDS = ("user_id", "role", "key_id")
# A failed login unlocks no key, so its entry cannot be signed; it is protected by the
# chain and by the next signed checkpoint instead. No other action may be unsigned.
UNSIGNED_ACTIONS = frozenset({"auth.fail"})
KEY_PURPOSES = ("log", "user", "recovery")
# Keys of these purposes may sign entries of these actions only (None: any action).
PURPOSE_ACTIONS: dict[str, frozenset[str] | None] = {
    "user": None,
    "recovery": frozenset({"user.recover"}),
    "log": frozenset(),
}
_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
_HEX64_RE = re.compile(r"^[0-9a-f]{64}$")


def format_time(moment: datetime) -> str:
    """UTC time stamp with microseconds, e.g. 2026-11-26T22:07:08.123456Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime:
    if not isinstance(text, str) or not _TIME_RE.match(text):
        raise ValueError(f"time {text!r} is not of the form YYYY-MM-DDTHH:MM:SS.ffffffZ")
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def entry_body(entry: dict[str, Any]) -> dict[str, Any]:
    """The fields the hash covers: everything except `hash` and `sig`."""
    return {name: entry[name] for name in ENTRY_FIELDS}


def entry_hash(entry: dict[str, Any]) -> str:
    """Hex SHA-256 of the canonical JSON of the entry body."""
    return hashlib.sha256(canonical_json(entry_body(entry))).hexdigest()


def signature_input(hash_hex: str) -> bytes:
    """The exact bytes an actor signs: a fixed context string, then the 32 hash bytes."""
    return SIGNATURE_CONTEXT + bytes.fromhex(hash_hex)


def is_hash_hex(text: object) -> bool:
    return isinstance(text, str) and bool(_HEX64_RE.match(text))


def key_id(name: str, public_key: bytes) -> str:
    """C2SP signed-note key id for an Ed25519 key: SHA-256(name || 0x0A || 0x01 || key)[:4],
    written as 8 lowercase hex digits."""
    return hashlib.sha256(name.encode() + b"\n\x01" + public_key).digest()[:4].hex()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, AttributeError) as exc:
        raise ValueError("not valid base64") from exc


def verify_ed25519(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


PRUNED_FIELDS = ("v", "log_id", "seq", "time", "actor", "prev", "hash", "sig", "pruned")


def _head_problem(entry: dict[str, Any]) -> str | None:
    """The format version, seq and actor, which whole and pruned entries share."""
    if entry["v"] != FORMAT_VERSION:
        return f"has format version {entry['v']!r}, expected {FORMAT_VERSION}"
    if type(entry["seq"]) is not int or entry["seq"] < 1:
        return "has a seq that is not a positive integer"
    actor = entry["actor"]
    if not isinstance(actor, dict) or set(actor) != set(ACTOR_FIELDS):
        return "has a malformed actor"
    return None


def _link_problem(entry: dict[str, Any]) -> str | None:
    """The prev, hash and signature, which whole and pruned entries share."""
    if not is_hash_hex(entry["prev"]) or not is_hash_hex(entry["hash"]):
        return "has a prev or hash that is not 64 lowercase hex digits"
    if entry["sig"] is not None and not isinstance(entry["sig"], str):
        return "has a malformed signature"
    return None


def check_pruned_shape(entry: dict[str, Any]) -> str | None:
    """Why a pruned entry (action, target and details dropped) is malformed, or None."""
    fields = set(entry)
    if fields != set(PRUNED_FIELDS):
        wrong = sorted(fields ^ set(PRUNED_FIELDS))
        return "has missing or unknown field(s) " + ", ".join(wrong)
    return _head_problem(entry) or _link_problem(entry)


def check_shape(entry: Any) -> str | None:
    """Why `entry` is not a structurally valid entry, or None when it is."""
    if not isinstance(entry, dict):
        return "is not a JSON object"
    missing = [f for f in (*ENTRY_FIELDS, "hash", "sig") if f not in entry]
    if missing:
        return "lacks field(s) " + ", ".join(missing)
    extra = sorted(set(entry) - {*ENTRY_FIELDS, "hash", "sig"})
    if extra:
        return "has unknown field(s) " + ", ".join(extra)
    head = _head_problem(entry)
    if head:
        return head
    if not isinstance(entry["action"], str) or not isinstance(entry["target"], str):
        return "has a malformed action or target"
    if not isinstance(entry["details"], dict):
        return "has details that are not an object"
    link = _link_problem(entry)
    if link:
        return link
    try:
        parse_time(entry["time"])
    except ValueError as exc:
        return f"has a bad time stamp: {exc}"
    return None
