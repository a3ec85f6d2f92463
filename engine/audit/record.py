"""The audit entry format: fields, hashes, signature inputs, key ids, time stamps, shapes.

docs/audit-format.md is the normative description; this module is its implementation.
Format 2 (§1) hashes a header that carries a digest of the content, so a pruned entry's
header stays authenticated; format 1 (§9) hashed the whole body and is still read.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .canonical import canonical_json

FORMAT_VERSION = 2  # what the workspace writes
FORMATS = (1, 2)
GENESIS_PREV = "0" * 64
SIGNATURE_CONTEXTS = {1: b"airlock audit entry v1\n", 2: b"airlock audit entry v2\n"}
ACTOR_FIELDS = ("user_id", "role", "key_id")
# Format 2: the header (hashed), the content (digested into the header).
HEADER_FIELDS = (
    "v",
    "log_id",
    "seq",
    "time",
    "actor",
    "action",
    "flags",
    "adopts",
    "prev",
    "content",
)
CONTENT_FIELDS = ("target", "details")
WHOLE_FIELDS = frozenset((*HEADER_FIELDS, *CONTENT_FIELDS, "hash", "sig"))
PRUNED_FIELDS = frozenset((*HEADER_FIELDS, "hash", "sig", "pruned"))
FLAGS = ("keys", "unsigned")
HEADER_SORTED = tuple(sorted(HEADER_FIELDS))
CONTENT_SORTED = ("details", "target")
# Format 1: the body (hashed) is every field but hash and sig.
ENTRY_FIELDS_V1 = ("v", "log_id", "seq", "time", "actor", "action", "target", "details", "prev")
WHOLE_FIELDS_V1 = frozenset((*ENTRY_FIELDS_V1, "hash", "sig"))
BODY_SORTED_V1 = tuple(sorted(ENTRY_FIELDS_V1))
PRUNED_FIELDS_V1 = frozenset(
    ("v", "log_id", "seq", "time", "actor", "prev", "hash", "sig", "pruned")
)
# A failed login unlocks no key, so its entry cannot be signed (docs/audit-format.md §3).
UNSIGNED_ACTIONS = frozenset({"auth.fail"})
KEY_PURPOSES = ("log", "user", "recovery")
_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
_HEX64_RE = re.compile(r"^[0-9a-f]{64}$")
_PLAIN_NAME = re.compile(r"^[a-z_]+$")


def format_time(moment: datetime) -> str:
    """UTC time stamp with microseconds, e.g. 2026-11-26T22:07:08.123456Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime:
    if not isinstance(text, str) or not _TIME_RE.match(text):
        raise ValueError(f"time {text!r} is not of the form YYYY-MM-DDTHH:MM:SS.ffffffZ")
    try:
        # the regular expression fixed the form; fromisoformat (C) checks the values and is
        # ten times faster than strptime, which verification of 100,000s of entries notices
        return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
    except ValueError:
        raise ValueError(f"time {text!r} is not a real date and time") from None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- format 2 ------------------------------------------------------------------------------
def content_digest(target: str, details: dict[str, Any]) -> str:
    """Hex SHA-256 of the canonical JSON of {"details", "target"}."""
    return sha256_hex(canonical_json({"details": details, "target": target}))


def entry_flags(details: dict[str, Any], signed: bool) -> list[str]:
    """The flags a format-2 entry with these details carries."""
    flags = []
    if details.get("keys_added") or details.get("keys_retired"):
        flags.append("keys")
    if not signed:
        flags.append("unsigned")
    return flags


def header_of(entry: dict[str, Any]) -> dict[str, Any]:
    return {name: entry[name] for name in HEADER_FIELDS}


def header_hash(entry: dict[str, Any]) -> str:
    """Hex SHA-256 of the canonical JSON of a format-2 entry's header."""
    return sha256_hex(canonical_json(header_of(entry)))


# -- format 1 ------------------------------------------------------------------------------
def entry_body(entry: dict[str, Any]) -> dict[str, Any]:
    """Format 1: the fields the hash covers, everything except `hash` and `sig`."""
    return {name: entry[name] for name in ENTRY_FIELDS_V1}


def entry_hash(entry: dict[str, Any]) -> str:
    """The hash an entry should have: of its header (format 2) or its body (format 1).
    A pruned format-1 entry's hash cannot be recomputed (KeyError)."""
    if entry.get("v") == 2:
        return header_hash(entry)
    return sha256_hex(canonical_json(entry_body(entry)))


def signature_input(hash_hex: str, version: int = FORMAT_VERSION) -> bytes:
    """The exact bytes an actor signs: a fixed context string, then the 32 hash bytes."""
    return SIGNATURE_CONTEXTS[version] + bytes.fromhex(hash_hex)


class EntryBytes:
    """The canonical JSON of each member of one entry, each computed once. RFC 8785 is
    compositional, so the line, the header, the body and the content digest are all joined
    from these parts: a verifier serialises the details once instead of three times."""

    def __init__(self, entry: dict[str, Any]) -> None:
        self.entry = entry
        self._parts: dict[str, bytes] = {}

    def member(self, name: str) -> bytes:
        part = self._parts.get(name)
        if part is None:
            part = self._parts[name] = canonical_json(self.entry[name])
        return part

    def join(self, names: Iterable[str]) -> bytes:
        """JCS of the object made of these members (`names` sorted, plain ASCII)."""
        return b"{" + b",".join(b'"' + n.encode() + b'":' + self.member(n) for n in names) + b"}"

    def whole(self) -> bytes:
        """JCS of the entry itself, or of its own members when their names are not plain."""
        names = sorted(self.entry)
        if all(_PLAIN_NAME.match(n) for n in names):
            return self.join(names)
        return canonical_json(self.entry)

    def content_digest(self) -> str:
        return sha256_hex(self.join(CONTENT_SORTED))

    def entry_hash(self) -> str:
        """As entry_hash(): of the header (format 2: small, one serialisation is quickest)
        or the body (format 1, which holds the details)."""
        if self.entry.get("v") == 2:
            return header_hash(self.entry)
        return sha256_hex(self.join(BODY_SORTED_V1))


def v1_header_line(entry: dict[str, Any]) -> bytes:
    """One line of the v1_headers digest (§9): JCS([seq, time, actor]) and a line feed."""
    return canonical_json([entry["seq"], entry["time"], entry["actor"]]) + b"\n"


# -- keys, encodings -----------------------------------------------------------------------
def is_hash_hex(text: object) -> bool:
    return isinstance(text, str) and bool(_HEX64_RE.match(text))


def key_id(name: str, public_key: bytes) -> str:
    """C2SP signed-note key id for an Ed25519 key: SHA-256(name || 0x0A || 0x01 || key)[:4],
    written as 8 lowercase hex digits."""
    return hashlib.sha256(name.encode() + b"\n\x01" + public_key).digest()[:4].hex()


def grouped(digest_hex: str) -> str:
    """A key fingerprint as people read and compare it out of band: hex in groups of four.
    The one display format of every fingerprint (log key, bundle key); stored and logged
    plain (`plain_fingerprint`)."""
    return " ".join(digest_hex[i : i + 4] for i in range(0, len(digest_hex), 4))


def plain_fingerprint(typed: str) -> str:
    """A fingerprint as someone typed or pasted it (grouped or not, any case) in its stored
    form: lowercase hex without spaces."""
    return "".join(typed.split()).lower()


def log_key_fingerprint(public_key: bytes) -> str:
    """SHA-256 of the log key's raw bytes, grouped (compared out of band)."""
    return grouped(hashlib.sha256(public_key).hexdigest())


def fingerprint_matches(trusted: str, public_key: bytes, key: str) -> bool:
    """Whether a fingerprint (or key id) someone typed names this key."""
    return plain_fingerprint(trusted) in (hashlib.sha256(public_key).hexdigest(), key)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, AttributeError) as exc:
        raise ValueError("not valid base64") from exc


@functools.lru_cache(maxsize=1024)
def _public_key(raw: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(raw)


def verify_ed25519(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        _public_key(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


# -- shapes --------------------------------------------------------------------------------
def _common_problem(entry: dict[str, Any]) -> str | None:
    """What whole and pruned entries of both formats share: seq, actor, prev, hash, sig,
    time."""
    if type(entry["seq"]) is not int or entry["seq"] < 1:
        return "has a seq that is not a positive integer"
    if not isinstance(entry["log_id"], str):
        return "has a malformed log id"
    actor = entry["actor"]
    if (
        not isinstance(actor, dict)
        or set(actor) != set(ACTOR_FIELDS)
        or not all(v is None or isinstance(v, str) for v in actor.values())
    ):
        return "has a malformed actor"
    if not is_hash_hex(entry["prev"]) or not is_hash_hex(entry["hash"]):
        return "has a prev or hash that is not 64 lowercase hex digits"
    if entry["sig"] is not None and not isinstance(entry["sig"], str):
        return "has a malformed signature"
    try:
        parse_time(entry["time"])
    except ValueError as exc:
        return f"has a bad time stamp: {exc}"
    return None


def _field_problem(entry: dict[str, Any], expected: frozenset[str]) -> str | None:
    fields = set(entry)
    if fields == expected:
        return None
    missing, extra = sorted(expected - fields), sorted(fields - expected)
    parts = []
    if missing:
        parts.append("lacks field(s) " + ", ".join(missing))
    if extra:
        parts.append("has unknown field(s) " + ", ".join(extra))
    return " and ".join(parts)


def check_shape(entry: Any) -> str | None:
    """Why `entry` is not a structurally valid entry (whole or pruned, format 1 or 2), or
    None when it is."""
    if not isinstance(entry, dict):
        return "is not a JSON object"
    version = entry.get("v")
    if type(version) is not int or version not in FORMATS:
        return f"has format version {version!r}, expected 1 or 2"
    pruned = "pruned" in entry
    if pruned and entry["pruned"] is not True:
        return "has a 'pruned' member that is not true"
    if version == 2:
        expected = PRUNED_FIELDS if pruned else WHOLE_FIELDS
    else:
        expected = PRUNED_FIELDS_V1 if pruned else WHOLE_FIELDS_V1
    problem = _field_problem(entry, expected) or _common_problem(entry)
    if problem:
        return problem
    if version == 2:
        if not isinstance(entry["action"], str):
            return "has a malformed action"
        flags = entry["flags"]
        if (
            not isinstance(flags, list)
            or not all(f in FLAGS for f in flags)
            or flags != sorted(set(flags))
        ):
            return "has flags that are not a sorted list of 'keys' and 'unsigned'"
        if type(entry["adopts"]) is not int or entry["adopts"] < 0:
            return "has an adopts count that is not a non-negative integer"
        if not is_hash_hex(entry["content"]):
            return "has a content digest that is not 64 lowercase hex digits"
    elif not pruned and not isinstance(entry["action"], str):
        return "has a malformed action"
    if not pruned:
        if not isinstance(entry["target"], str):
            return "has a malformed target"
        if not isinstance(entry["details"], dict):
            return "has details that are not an object"
    return None
