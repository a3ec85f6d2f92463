#!/usr/bin/env python3
"""Independent verifier for Airlock audit bundles (audit log format 2).

Written from docs/audit-format.md alone, without reading or importing the
Airlock engine, to show that the page is enough to verify a bundle.
Python 3.11 standard library plus `cryptography` (Ed25519) only; RFC 8785
canonical JSON and the RFC 9162 Merkle tree are implemented here.

    python independent_verifier.py BUNDLE.zip [--trusted-checkpoint FILE]
        [--trusted-key FINGERPRINT] [--proof PROOF.json]

Prints one line per problem (`INVALID seq <n>: ...`, `INVALID line <k>: ...`,
`INVALID <thing>: ...`), `note ...` / `warning ...` lines, then
`RESULT: VALID` or `RESULT: INVALID`. Exit status 0 valid, 1 invalid, 2 usage.
Importable: verify(path, trusted_checkpoint=None, trusted_key=None, proof=None)
returns (ok, lines).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import contextlib
import datetime as dt
import decimal
import hashlib
import json
import math
import os
import re
import sys
import zipfile
from collections import Counter

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

# --------------------------------------------------------------- RFC 8785 (JCS)


class JCSError(ValueError):
    pass


MAX_SAFE_INT = 2**53 - 1
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def _jcs_number(x: int | float) -> str:
    """ECMAScript Number::toString (shortest round trip), as RFC 8785 §3.2.2.3 requires."""
    if isinstance(x, int):
        if abs(x) > MAX_SAFE_INT:
            raise JCSError(f"integer {x} outside ±(2^53 − 1)")
        return str(x)
    if math.isnan(x) or math.isinf(x):
        raise JCSError("NaN or infinity")
    if x == 0:
        return "0"  # also -0
    sign = "-" if x < 0 else ""
    _, digit_tuple, exp = decimal.Decimal(repr(abs(x))).as_tuple()  # repr: shortest round trip
    s = "".join(map(str, digit_tuple)).lstrip("0")
    while s.endswith("0"):
        s, exp = s[:-1], exp + 1
    k, n = len(s), exp + len(s)  # value = 0.s × 10^n
    if k <= n <= 21:
        out = s + "0" * (n - k)
    elif 0 < n <= 21:
        out = s[:n] + "." + s[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + s
    else:
        e = n - 1
        out = (s if k == 1 else s[0] + "." + s[1:]) + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + out


_MUST_ESCAPE = re.compile('[\x00-\x1f"\\\\\ud800-\udfff]')


def _escape(m: re.Match) -> str:
    ch = m.group()
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ord(ch) < 0x20:
        return f"\\u{ord(ch):04x}"
    raise JCSError("lone surrogate in string")


def _jcs_string(s: str) -> str:
    """Only the mandatory escapes; everything else is written as is (RFC 8785 §3.2.2.2)."""
    return '"' + _MUST_ESCAPE.sub(_escape, s) + '"'


def _jcs(v, out: list) -> None:
    if v is None:
        out.append("null")
    elif v is True:
        out.append("true")
    elif v is False:
        out.append("false")
    elif isinstance(v, (int, float)):
        out.append(_jcs_number(v))
    elif isinstance(v, str):
        out.append(_jcs_string(v))
    elif isinstance(v, (list, tuple)):
        out.append("[")
        for i, item in enumerate(v):
            if i:
                out.append(",")
            _jcs(item, out)
        out.append("]")
    elif isinstance(v, dict):
        out.append("{")
        # Sort by UTF-16 code units: big-endian UTF-16 bytes compare in code-unit order.
        for i, key in enumerate(sorted(v, key=lambda k: k.encode("utf-16-be", "surrogatepass"))):
            if i:
                out.append(",")
            out.append(_jcs_string(key))
            out.append(":")
            _jcs(v[key], out)
        out.append("}")
    else:
        raise JCSError(f"not a JSON value: {type(v).__name__}")


def jcs(value) -> bytes:
    """RFC 8785 canonical JSON of value, UTF-8 encoded."""
    out: list = []
    _jcs(value, out)
    return "".join(out).encode("utf-8")


class DuplicateMember(ValueError):
    pass


def _no_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise DuplicateMember(key)
        obj[key] = value
    return obj


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def loads_strict(text: str):
    """json.loads that refuses duplicate member names, NaN and infinities."""
    return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)


# ---------------------------------------------------------------- small helpers

HEX64 = re.compile(r"[0-9a-f]{64}")
TIME_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")
DECIMAL = r"(0|[1-9][0-9]*)"
ZERO_HASH = "0" * 64


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def is_int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64_strict(s, length: int | None = None) -> bytes | None:
    """Decode RFC 4648 §4 base64 with padding; None unless canonical (and of the given length)."""
    if not isinstance(s, str):
        return None
    try:
        raw = base64.b64decode(s.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    if b64(raw) != s or (length is not None and len(raw) != length):
        return None
    return raw


def parse_time(s) -> dt.datetime | None:
    if not isinstance(s, str) or not TIME_RE.fullmatch(s):
        return None
    try:
        return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        return None


def ed25519_ok(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False


def key_hash(name: str, public_key: bytes) -> bytes:
    """C2SP signed-note key hash for an Ed25519 key (§2)."""
    return sha256(name.encode("utf-8") + b"\n" + b"\x01" + public_key)[:4]


def fingerprint(public_key: bytes) -> str:
    h = hashlib.sha256(public_key).hexdigest()
    return " ".join(h[i : i + 4] for i in range(0, 64, 4))


def normalize_fingerprint(s: str) -> str | None:
    h = re.sub(r"[\s:]", "", s).lower()
    return h if HEX64.fullmatch(h) else None


def seq_range(a: int, b: int) -> str:
    return f"{a}..{b}"


# ------------------------------------------------------ RFC 9162 §2.1 Merkle tree

EMPTY_ROOT = sha256(b"")


def leaf_hash(entry_hash: bytes) -> bytes:
    return sha256(b"\x00" + entry_hash)


def node_hash(left: bytes, right: bytes) -> bytes:
    return sha256(b"\x01" + left + right)


def _split(n: int) -> int:
    """Largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def mth(leaves: list[bytes]) -> bytes:
    """Merkle tree hash over already-hashed leaves."""
    n = len(leaves)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaves[0]
    k = _split(n)
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def consistency_proof(leaves: list[bytes], m: int) -> list[bytes]:
    """RFC 9162 §2.1.4.1 PROOF(m, D[n]) for the whole list (0 < m < n)."""

    def subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
        n = len(d)
        if m == n:
            return [] if b else [mth(d)]
        k = _split(n)
        if m <= k:
            return [*subproof(m, d[:k], b), mth(d[k:])]
        return [*subproof(m - k, d[k:], False), mth(d[:k])]

    return subproof(m, leaves, True)


def verify_inclusion(index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2."""
    if index >= size or index < 0:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(
    m: int, n: int, old_root: bytes, new_root: bytes, proof: list[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2, with the edge cases m == n and m == 0 (empty proof) added."""
    if m < 0 or m > n:
        return False
    if m == n:
        return not proof and old_root == new_root
    if m == 0:
        return not proof and old_root == EMPTY_ROOT
    if not proof:
        return False
    path = ([old_root] if m & (m - 1) == 0 else []) + list(proof)
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0


# ------------------------------------------------- C2SP signed notes, checkpoints


def parse_note(data) -> tuple[bytes, list[tuple[str, bytes, bytes]]]:
    """Split a signed note into its text and its (name, key hash, signature) lines."""
    try:
        s = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise ValueError("not UTF-8") from None
    i = s.rfind("\n\n")
    if i < 0:
        raise ValueError("no empty line between the note text and its signatures")
    text, block = s[: i + 1], s[i + 2 :]
    if not block.endswith("\n"):
        raise ValueError("the signature lines do not end with a line feed")
    sigs = []
    for line in block[:-1].split("\n"):
        if not line.startswith("\u2014 "):
            raise ValueError(f"malformed signature line {line!r}")
        name, _, enc = line[2:].rpartition(" ")
        raw = b64_strict(enc)
        if not name or "+" in name or any(c.isspace() for c in name) or raw is None or len(raw) < 5:
            raise ValueError(f"malformed signature line {line!r}")
        sigs.append((name, raw[:4], raw[4:]))
    return text.encode("utf-8"), sigs


def open_note(data, name: str, public_key: bytes) -> tuple[str, str | None]:
    """Return (note text, problem or None) for a note that must be signed by (name, public_key)."""
    text, sigs = parse_note(data)
    kh = key_hash(name, public_key)
    mine = [sig for (n, h, sig) in sigs if n == name and h == kh]
    if not mine:
        return text.decode("utf-8"), f"not signed by the log key {name}"
    for sig in mine:
        if len(sig) != 64 or not ed25519_ok(public_key, sig, text):
            return text.decode("utf-8"), "the log key's signature does not verify"
    return text.decode("utf-8"), None


class Checkpoint:
    def __init__(self, label: str, origin: str, size: int, root: bytes, time: str):
        self.label, self.origin, self.size, self.root, self.time = label, origin, size, root, time


def parse_checkpoint_text(label: str, text: str) -> Checkpoint:
    lines = text.split("\n")[:-1]
    if len(lines) != 4:
        raise ValueError(f"the note text has {len(lines)} lines, not 4 (origin, size, root, time)")
    origin, size_s, root_s, time_s = lines
    if not re.fullmatch(DECIMAL, size_s):
        raise ValueError(f"tree size {size_s!r} is not a decimal number without leading zeros")
    root = b64_strict(root_s, 32)
    if root is None:
        raise ValueError("root hash is not base64 of 32 bytes")
    if not time_s.startswith("time ") or parse_time(time_s[5:]) is None:
        raise ValueError(f"malformed time line {time_s!r}")
    return Checkpoint(label, origin, int(size_s), root, time_s[5:])


# --------------------------------------------------------------- the log model

HEADER2 = ("v", "log_id", "seq", "time", "actor", "action", "flags", "adopts", "prev", "content")
FIELDS = {
    (2, False): set(HEADER2) | {"target", "details", "hash", "sig"},
    (2, True): set(HEADER2) | {"hash", "sig", "pruned"},
    (1, False): {
        "v",
        "log_id",
        "seq",
        "time",
        "actor",
        "action",
        "target",
        "details",
        "prev",
        "hash",
        "sig",
    },
    (1, True): {"v", "log_id", "seq", "time", "actor", "prev", "hash", "sig", "pruned"},
}
SIG_PREFIX = {1: b"airlock audit entry v1\n", 2: b"airlock audit entry v2\n"}
USER_ROLES = frozenset({"admin", "analyst", "validator", "auditor"})
KEY_ACTIONS = {
    "workspace.init",
    "user.add",
    "user.enable",
    "user.disable",
    "user.passwd",
    "user.recover",
    "keys.rotate_recovery",
}
NEVER_PRUNED = {
    "workspace.init",
    "workspace.upgrade",
    "workspace.settings",
    "keys.rotate_master",
    "keys.rotate_recovery",
    "audit.prune",
}
KEY_FIELDS = {"key_id", "name", "purpose", "user_id", "public_key"}
KEYS_JSON_FIELDS = KEY_FIELDS | {"algorithm", "valid_from_seq", "valid_to_seq"}


def _roles(actions: str, roles) -> dict:
    return {a: frozenset(roles) for a in actions.split()}


ACTION_ROLES = {
    "workspace.init": frozenset({"admin"}),
    "user.recover": frozenset({"recovery"}),
    "auth.fail": frozenset(),
    **_roles(
        "workspace.upgrade workspace.settings user.add user.disable user.enable user.role "
        "keys.rotate_master keys.rotate_recovery audit.prune registry.import registry.trust serving.token serving.revoke governance.shred "
        "governance.erasure governance.retrain_flag data.erasure",
        {"admin"},
    ),
    **_roles(
        "auth.login auth.lock access.denied object.get monitoring.profile governance.card_export "
        "governance.compliance governance.evidence",
        USER_ROLES,
    ),
    **_roles(
        "project.create project.edit data.import data.prepare data.tag data.export training.run "
        "registry.register registry.edit registry.policy registry.stage registry.request "
        "registry.withdraw registry.export pipeline.add pipeline.run monitoring.monitor "
        "monitoring.annotate governance.mitigate governance.card governance.dpia "
        "governance.retention object.put",
        {"admin", "analyst"},
    ),
    **_roles(
        "data.contract data.validate registry.score registry.test serving.start serving.refused monitoring.report monitoring.run "
        "monitoring.alert monitoring.ack governance.fairness",
        {"admin", "analyst", "validator"},
    ),
    "registry.approve": frozenset({"validator"}),
    "registry.rollback": frozenset({"admin", "validator"}),
    "audit.verify": frozenset({"admin", "validator", "auditor"}),
    "audit.checkpoint": frozenset({"admin", "auditor"}),
    "audit.export": frozenset({"admin", "auditor"}),
    # user.passwd: any role for one's own password, admin for another user's (handled in code)
}


class KeyRange:
    def __init__(self, key_id, name, purpose, user_id, public_key: bytes, valid_from: int):
        self.key_id, self.name, self.purpose, self.user_id = key_id, name, purpose, user_id
        self.public_key, self.valid_from, self.valid_to = public_key, valid_from, None

    def valid_at(self, seq: int) -> bool:
        return self.valid_from <= seq and (self.valid_to is None or seq <= self.valid_to)


class User:
    def __init__(self, role: str):
        self.role, self.enabled, self.held = role, True, {role}


class State:
    """What the replay of §4 knows at a seq."""

    def __init__(self):
        self.users: dict[str, User] = {}
        self.keys: list[KeyRange] = []
        self.retention = 730
        self.prunes: list[tuple[int, int, dt.datetime]] = []  # (seq, through_seq, before)

    def key(self, key_id, seq: int) -> KeyRange | None:
        return next((k for k in self.keys if k.key_id == key_id and k.valid_at(seq)), None)

    def user_keys(self, user_id, seq: int) -> list[KeyRange]:
        return [
            k for k in self.keys if k.purpose == "user" and k.user_id == user_id and k.valid_at(seq)
        ]


class Rec:
    """One line of entries.jsonl."""

    def __init__(self, e: dict):
        self.e = e
        self.fmt: int | None = None
        self.pruned = e.get("pruned") is True
        self.usable = False
        self.time: dt.datetime | None = None
        self.unsigned = "sig" in e and e["sig"] is None


# Output sections, printed in this order.
S_BUNDLE, S_LINES, S_ENTRY, S_LOG, S_CKPT, S_MANIFEST, S_KEYS, S_PROOF, S_TRUST, S_INFO = range(10)

FIXED_MEMBERS = {
    "entries.jsonl",
    "keys.json",
    "FORMAT.md",
    "verify_bundle.py",
    "README.txt",
    "MANIFEST.sha256",
    "VERIFICATION.txt",
    "checkpoints/latest.txt",
}
SAVED_RE = re.compile(rf"checkpoints/saved-{DECIMAL}\.txt")
PROOF_RE = re.compile(rf"proofs/consistency-{DECIMAL}-{DECIMAL}\.json")


def member_name_problem(name: str) -> str | None:
    if not name:
        return "empty member name"
    if name.startswith("/"):
        return f"member name {name!r} is not relative"
    if "\\" in name or ":" in name or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in name):
        return f"member name {name!r} contains '\\', ':' or a control character"
    if any(seg in ("", ".", "..") for seg in name.split("/")):
        return f"member name {name!r} has an empty, '.' or '..' segment"
    if name not in FIXED_MEMBERS and not SAVED_RE.fullmatch(name) and not PROOF_RE.fullmatch(name):
        return f"member name {name!r} is not one the format allows"
    return None


class Verifier:
    def __init__(self, path, trusted_checkpoint=None, trusted_key=None, proof=None):
        self.path, self.trusted_checkpoint, self.trusted_key, self.proof = (
            path,
            trusted_checkpoint,
            trusted_key,
            proof,
        )
        self._out: list[tuple] = []
        self.invalid = False
        self.bad_seqs: set[int] = set()
        self.members: dict[str, bytes] = {}
        self.entries: dict[int, Rec] = {}
        self.state = State()
        self.log_id: str | None = None
        self.log_key: KeyRange | None = None
        self.leaves: list[bytes] | None = None
        self.checkpoints: dict[str, Checkpoint] = {}  # validly signed, right origin
        self.first_v2: int | None = None
        self.v1_count, self.v1_digest = 0, hashlib.sha256()
        self.torn_tail: tuple[int, int] | None = None

    # -- reporting
    def _emit(self, section, seq, text):
        self._out.append((section, seq if section == S_ENTRY else 0, len(self._out), text))

    def bad(self, thing, msg, section=S_LOG):
        self.invalid = True
        self._emit(section, 0, f"INVALID {thing}: {msg}")

    def bad_seq(self, seq, msg):
        self.invalid = True
        self.bad_seqs.add(seq)
        self._emit(S_ENTRY, seq, f"INVALID seq {seq}: {msg}")

    def info(self, text, section=S_INFO, seq=0):
        self._emit(section, seq, text)

    def lines(self) -> list[str]:
        out = [t for *_, t in sorted(self._out)]
        return [*out, "RESULT: INVALID" if self.invalid else "RESULT: VALID"]

    # -- driver
    def run(self) -> None:
        if not self.read_bundle():
            return
        if "entries.jsonl" not in self.members:
            self.bad("bundle", "entries.jsonl is missing", S_BUNDLE)
            return
        self.read_entries(self.members["entries.jsonl"])
        if self.entries:
            first = self.entries[min(self.entries)].e.get("log_id")
            self.log_id = first if isinstance(first, str) else None
        self.replay()
        self.find_log_key()
        self.build_tree()
        self.check_checkpoints()
        self.check_manifest()
        self.check_keys_json()
        self.check_trust()
        if self.proof is not None:
            self.check_proof_file()

    # ---------------------------------------------------------- §7 step 1
    def read_bundle(self) -> bool:
        try:
            zf = zipfile.ZipFile(self.path)
            infos = zf.infolist()
        except (OSError, zipfile.BadZipFile, ValueError) as x:
            self.bad("bundle", f"not a readable ZIP file ({x})", S_BUNDLE)
            return False
        refused = False
        counts = Counter(i.orig_filename for i in infos)
        for name, n in counts.items():
            if n > 1:
                self.bad("bundle", f"member name {name!r} appears {n} times", S_BUNDLE)
                refused = True
        for info in infos:
            problem = member_name_problem(info.orig_filename)
            if problem is None and info.flag_bits & 1:
                problem = f"member {info.orig_filename!r} is encrypted"
            if problem is None and info.compress_type not in (
                zipfile.ZIP_STORED,
                zipfile.ZIP_DEFLATED,
            ):
                problem = f"member {info.orig_filename!r} is neither stored nor deflated"
            if problem:
                self.bad("bundle", problem, S_BUNDLE)
                refused = True
        if refused:
            self.bad("bundle", "refused before reading any member (§7 step 1)", S_BUNDLE)
            return False
        for info in infos:
            try:
                self.members[info.filename] = zf.read(info)
            except Exception as x:  # bad CRC, truncated data, …
                self.bad(info.filename, f"cannot be read ({x})", S_BUNDLE)
        for name in ("keys.json", "MANIFEST.sha256", "checkpoints/latest.txt"):
            if name not in self.members:
                self.bad("bundle", f"{name} is missing", S_BUNDLE)
        for name in ("FORMAT.md", "verify_bundle.py", "README.txt"):
            if name not in self.members:
                self.info(f"warning bundle: {name} is missing", S_BUNDLE)
        if "VERIFICATION.txt" in self.members:
            self.info(
                "warning bundle: VERIFICATION.txt present: exported with --include-invalid",
                S_BUNDLE,
            )
        return True

    # ---------------------------------------------------------- §7 step 2
    def read_entries(self, data: bytes) -> None:
        if not data:
            self.bad("entries.jsonl", "is empty: the log has no entries", S_LINES)
            return
        parts = data.split(b"\n")
        tail = parts.pop()
        unterminated = None
        if tail:
            parts.append(tail)
            unterminated = len(parts)
        last_seq = 0
        for k, raw in enumerate(parts, 1):

            def bad_line(msg, k=k):
                self.invalid = True
                self._emit(S_LINES, 0, f"INVALID line {k}: {msg}")

            if not raw:
                bad_line("empty line")
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                bad_line("not valid UTF-8")
                continue
            dup = None
            try:
                e = loads_strict(text)
            except DuplicateMember as x:
                dup = str(x)
                try:
                    e = json.loads(text)
                except ValueError:
                    e = None
            except ValueError:
                e = None
            if not isinstance(e, dict):
                bad_line("not a JSON object" if e is not None else "not valid JSON")
                continue
            seq = e.get("seq")
            if not is_int(seq) or dup == "seq":
                bad_line(
                    "no integer seq can be read" + (f" (duplicate member {dup!r})" if dup else "")
                )
                continue
            if seq < 1:
                self.bad_seq(seq, "seq must be at least 1; entry ignored")
                continue
            if seq in self.entries:
                self.bad_seq(seq, "a second entry with this seq (seq must be unique)")
                continue
            if seq < last_seq:
                self.bad(
                    "entries.jsonl",
                    f"seq {seq} comes after seq {last_seq}: entries are not in seq order",
                    S_LINES,
                )
            last_seq = max(last_seq, seq)
            if dup:
                self.bad_seq(seq, f"duplicate member name {dup!r}")
            try:
                if jcs(e) != raw:
                    self.bad_seq(seq, "line is not exactly JCS(entry) (RFC 8785)")
            except JCSError as x:
                self.bad_seq(seq, f"line cannot be canonical JSON ({x})")
            if k == unterminated:
                self.bad_seq(seq, "last line does not end with a line feed")
            self.entries[seq] = Rec(e)

    # ---------------------------------------------------------- §7 steps 3-6, §9
    def replay(self) -> None:
        run: list[int] = []  # consecutive unsigned entries not yet adopted
        for seq in sorted(self.entries):
            r = self.entries[seq]
            self.check_structure(seq, r)
            self.check_chain_and_time(seq, r)
            self.check_boundary(seq, r)
            if run and run[-1] != seq - 1:
                self.info(
                    f"warning seq {seq_range(run[0], run[-1])}: unsigned entries not adopted by any "
                    "signed entry (entries missing after them)",
                    S_ENTRY,
                    run[0],
                )
                run = []
            if not r.unsigned and r.fmt == 2 and r.usable and r.e["adopts"] != len(run):  # §3
                self.bad_seq(
                    seq,
                    f"adopts is {r.e['adopts']}, but {len(run)} unsigned entries directly precede it",
                )
            apply = self.check_authority(seq, r) if r.usable else None
            if apply is not None and seq not in self.bad_seqs:
                apply()  # an entry's effects count only when it is valid in every respect
            if r.unsigned:
                run.append(seq)
            elif run:
                self.info(
                    f"note seq {seq_range(run[0], run[-1])}: unsigned entries (auth.fail; nobody vouches "
                    f"for their content) adopted by seq {seq}",
                    S_ENTRY,
                    run[0],
                )
                run = []
        self.torn_tail = (run[0], run[-1]) if run else None
        self.check_gaps()
        self.check_prune_coverage()

    def check_structure(self, seq: int, r: Rec) -> None:
        e = r.e

        def bad(msg):
            self.bad_seq(seq, msg)

        v = e.get("v")
        if not is_int(v) or v not in (1, 2):
            bad(f"v is {v!r}, not 1 or 2")
            return
        r.fmt = v
        expected = FIELDS[(v, r.pruned)]
        missing, extra = expected - e.keys(), e.keys() - expected
        kind = ("pruned " if r.pruned else "whole ") + f"format-{v} entry"
        if missing:
            bad(f"{kind} lacks field(s) {', '.join(sorted(missing))}")
        if extra:
            bad(f"{kind} has unexpected field(s) {', '.join(sorted(extra))}")
        ok = not missing

        def check(field, good, what):
            nonlocal ok
            if field in e and not good(e[field]):
                bad(f"{field} must be {what}")
                ok = False

        check("log_id", lambda x: isinstance(x, str), "a string")
        if (
            isinstance(e.get("log_id"), str)
            and self.log_id is not None
            and e["log_id"] != self.log_id
        ):
            bad(f"log_id {e['log_id']!r} differs from the log's {self.log_id!r}")
        check("time", lambda x: parse_time(x) is not None, "exactly YYYY-MM-DDTHH:MM:SS.ffffffZ")
        r.time = parse_time(e.get("time"))
        check(
            "actor",
            lambda x: (
                isinstance(x, dict)
                and set(x) == {"user_id", "role", "key_id"}
                and all(y is None or isinstance(y, str) for y in x.values())
            ),
            'an object {"user_id", "role", "key_id"} of strings or nulls',
        )
        check("action", lambda x: isinstance(x, str), "a string")
        for field in ("prev", "hash", "content"):
            check(
                field,
                lambda x: isinstance(x, str) and HEX64.fullmatch(x),
                "64 lowercase hex digits",
            )
        check("target", lambda x: isinstance(x, str), "a string")
        check("details", lambda x: isinstance(x, dict), "an object")
        check(
            "sig",
            lambda x: x is None or b64_strict(x, 64) is not None,
            "null or base64 of 64 bytes",
        )
        if v == 2:
            check(
                "flags",
                lambda x: (
                    isinstance(x, list)
                    and all(f in ("keys", "unsigned") for f in x)
                    and x == sorted(set(x))
                ),
                'a sorted list of distinct "keys" / "unsigned"',
            )
            check("adopts", lambda x: is_int(x) and x >= 0, "a non-negative integer")
        r.usable = ok
        if not ok:
            return
        try:
            if v == 2:
                computed = hashlib.sha256(jcs({k: e[k] for k in HEADER2})).hexdigest()
            elif not r.pruned:
                computed = hashlib.sha256(
                    jcs({k: e[k] for k in expected - {"hash", "sig"}})
                ).hexdigest()
            else:
                computed = e["hash"]  # §9: a pruned format-1 entry's hash cannot be recomputed
            if computed != e["hash"]:
                bad(f"hash does not match the entry (computed {computed})")
            if v == 2 and not r.pruned:
                content = hashlib.sha256(
                    jcs({"details": e["details"], "target": e["target"]})
                ).hexdigest()
                if content != e["content"]:
                    bad("content does not match the digest of target and details")
        except JCSError as x:
            bad(f"cannot be canonicalised ({x})")
        if v == 2:
            if ("unsigned" in e["flags"]) != (e["sig"] is None):
                bad('flag "unsigned" must be present exactly when sig is null')
            if r.pruned:
                if "keys" in e["flags"]:
                    bad('a pruned entry never has the "keys" flag')
            else:
                d = e["details"]
                has_keys = any(
                    isinstance(d.get(f), list) and d.get(f) for f in ("keys_added", "keys_retired")
                )
                if ("keys" in e["flags"]) != bool(has_keys):
                    bad(
                        'flag "keys" must be present exactly when keys_added or keys_retired is non-empty'
                    )
        action = e.get("action")
        if r.pruned and (
            seq == 1
            or action in NEVER_PRUNED
            or (isinstance(action, str) and action.startswith("user."))
            or (v == 2 and "keys" in e["flags"])
        ):
            bad(f"entry {'1' if seq == 1 else 'with action ' + str(action)} must never be pruned")

    def check_chain_and_time(self, seq: int, r: Rec) -> None:
        prev = r.e.get("prev")
        if not isinstance(prev, str):
            return
        if seq == 1:
            if prev != ZERO_HASH:
                self.bad_seq(seq, "prev of entry 1 must be 64 zeros")
            return
        before = self.entries.get(seq - 1)
        if before is None:
            return  # reported as a gap
        if prev != before.e.get("hash"):
            self.bad_seq(seq, f"prev does not match the hash of seq {seq - 1} (chain broken)")
        if r.time and before.time and r.time < before.time - dt.timedelta(seconds=300):
            self.bad_seq(
                seq,
                f"time {r.e['time']} is more than 300 s before the time of seq {seq - 1} "
                f"({before.e['time']})",
            )

    def check_boundary(self, seq: int, r: Rec) -> None:
        if r.fmt == 1:
            if self.first_v2 is not None:
                self.bad_seq(seq, f"format-1 entry after the format-2 entry seq {self.first_v2}")
                return
            self.v1_count += 1
            with contextlib.suppress(JCSError):
                self.v1_digest.update(jcs([seq, r.e.get("time"), r.e.get("actor")]) + b"\n")
        elif r.fmt == 2 and self.first_v2 is None:
            self.first_v2 = seq
            if seq == 1:
                return
            e = r.e
            d = e.get("details") if isinstance(e.get("details"), dict) else {}
            if r.pruned or e.get("action") != "workspace.upgrade" or e.get("sig") is None:
                self.bad_seq(
                    seq,
                    "the first format-2 entry after format-1 entries must be a whole, signed "
                    "workspace.upgrade",
                )
            if not (is_int(d.get("audit_format")) and d.get("audit_format") == 2):
                self.bad_seq(seq, "the first format-2 entry must have details.audit_format 2")
            want = {"entries": self.v1_count, "sha256": self.v1_digest.hexdigest()}
            try:
                same = jcs(d.get("v1_headers")) == jcs(want)
            except JCSError:
                same = False
            if not same:
                self.bad_seq(
                    seq,
                    f"details.v1_headers must be {json.dumps(want)} (the time and actor of the "
                    f"{self.v1_count} format-1 entries)",
                )

    def parse_keys(self, seq: int, details: dict) -> tuple[list[KeyRange], list]:
        def bad(msg):
            self.bad_seq(seq, msg)

        added, retired = [], []
        ka, kr = details.get("keys_added", []), details.get("keys_retired", [])
        if not isinstance(ka, list):
            bad("details.keys_added must be a list")
            ka = []
        if not isinstance(kr, list) or not all(isinstance(x, str) for x in kr):
            bad("details.keys_retired must be a list of key ids")
            kr = []
        for i, kd in enumerate(ka):
            if not isinstance(kd, dict) or set(kd) != KEY_FIELDS:
                bad(
                    f"keys_added[{i}] must have exactly the members {', '.join(sorted(KEY_FIELDS))}"
                )
                continue
            kid, name, purpose, uid = kd["key_id"], kd["name"], kd["purpose"], kd["user_id"]
            pub = b64_strict(kd["public_key"], 32)
            if not all(isinstance(x, str) for x in (kid, name, purpose)) or not (
                uid is None or isinstance(uid, str)
            ):
                bad(f"keys_added[{i}] has members of the wrong type")
                continue
            if pub is None:
                bad(f"keys_added[{i}] public_key is not base64 of 32 bytes")
                continue
            want = {
                "log": (f"airlock/{self.log_id}", None),
                "recovery": (f"airlock/{self.log_id}/recovery", None),
                "user": (f"airlock/{self.log_id}/user/{uid}", uid),
            }.get(purpose)
            if want is None:
                bad(f"keys_added[{i}] purpose {purpose!r} is not log, user or recovery")
            elif (uid is None and purpose == "user") or (name, uid) != want:
                bad(
                    f"keys_added[{i}] name {name!r} / user_id {uid!r} do not match its purpose {purpose}"
                )
            elif kid != key_hash(name, pub).hex():
                bad(f"keys_added[{i}] key_id {kid} is not the key hash of its name and public key")
            else:
                added.append(KeyRange(kid, name, purpose, uid, pub, seq))
        ids = [k.key_id for k in added]
        if len(set(ids)) != len(ids) or len(set(kr)) != len(kr):
            bad("the same key id appears twice in keys_added or keys_retired")
        retired.extend(kr)
        return added, retired

    def check_authority(self, seq: int, r: Rec):
        """§4 / §5 / §6 checks of one entry against the replayed state; returns a function applying its effects."""
        e, fmt, pruned = r.e, r.fmt, r.pruned

        def bad(msg):
            self.bad_seq(seq, msg)

        actor, sig = e["actor"], e["sig"]
        uid, role, kid = actor["user_id"], actor["role"], actor["key_id"]
        action = e.get("action")  # None only for a pruned format-1 entry
        details = {} if pruned else e["details"]
        target = None if pruned else e["target"]
        added, retired = self.parse_keys(seq, details) if not pruned else ([], [])
        is_init = seq == 1 and action == "workspace.init" and not pruned

        if seq == 1 and action is not None and action != "workspace.init":
            bad("entry 1 must be workspace.init")
        if seq != 1 and action == "workspace.init":
            bad("workspace.init is allowed as entry 1 only")
        admin_id = details.get("admin") if is_init else None
        if is_init:
            st = State()  # entry 1 establishes the first administrator and the first keys
            if not isinstance(admin_id, str):
                bad("workspace.init details.admin must be the first administrator's user id")
            else:
                st.users[admin_id] = User("admin")
            st.keys.extend(added)
        else:
            st = self.state

        # -- signature (§1, §2)
        key = None
        if sig is not None:
            key = st.key(kid, seq)
            if key is None:
                bad(f"no key with key_id {kid!r} is valid at this seq")
            elif key.purpose == "log":
                bad("signed by the log key, which never signs entries")
            elif not ed25519_ok(
                key.public_key, b64_strict(sig), SIG_PREFIX[fmt] + bytes.fromhex(e["hash"])
            ):
                bad(f"signature does not verify with key {kid}")
            if action == "auth.fail":
                bad("auth.fail entries are always unsigned")
            if fmt == 1 and pruned and key is not None and key.purpose != "user":
                bad("a pruned format-1 entry must be signed by a user key of its actor")
        recovery = key is not None and key.purpose == "recovery"

        # -- the actor (§3, §4)
        user = st.users.get(uid) if isinstance(uid, str) else None
        admin_signer = False
        if sig is None:
            if kid is not None:
                bad("an unsigned entry must have a null actor.key_id")
            if action is not None and action != "auth.fail":
                bad(f"only auth.fail entries may be unsigned, not {action}")
            if fmt == 2 and e["adopts"] != 0:
                bad("an unsigned entry must have adopts 0")
            if uid is None:
                if role is not None:
                    bad("an auth.fail with a null user_id must have a null role")
            elif user is None:
                bad(f"auth.fail names user {uid!r}, who is not established")
            elif role != user.role:
                bad(f"auth.fail actor.role {role!r} is not {uid}'s role per the log ({user.role})")
        elif recovery:
            if uid != "recovery" or role != "recovery":
                bad(
                    'an entry signed by the recovery key must have actor user_id and role "recovery"'
                )
            if action is not None and action != "user.recover":
                bad(f"the recovery key signs user.recover entries only, not {action}")
        else:
            if action == "user.recover":
                bad("user.recover must be signed by the recovery key")
            if user is None:
                bad(f"actor {uid!r} is not an established user")
            else:
                lenient = fmt == 1 and action in ("access.denied", "auth.lock", None)  # §9 (a), (e)
                if not user.enabled and not lenient:
                    bad(f"actor {uid} is disabled at this seq")
                role_ok = role == user.role or (
                    fmt == 1 and action in ("auth.lock", None) and role in user.held
                )
                if not role_ok:
                    bad(f"actor.role {role!r} is not {uid}'s role per the log ({user.role})")
                if key is not None and (key.purpose != "user" or key.user_id != uid):
                    bad(f"key {kid} is not a user key of {uid}")
                admin_signer = role_ok and role == "admin" and user.role == "admin" and user.enabled
            if action is not None:
                own = target == f"user:{uid}"
                if action == "user.recover":
                    pass  # reported above: the recovery key only
                elif action == "user.passwd":
                    if role not in USER_ROLES or (not own and role != "admin"):
                        bad(f"role {role!r} may not change another user's password")
                elif action not in ACTION_ROLES:
                    bad(f"action {action!r} is not in the action table")
                elif role not in ACTION_ROLES[action]:
                    bad(f"role {role!r} may not sign {action}")
        if pruned:
            return lambda: None  # no content: no effects (§5 forbids pruning entries that have any)

        # -- keys (§4 "Keys")
        tuid = (
            target[5:]
            if isinstance(target, str) and target.startswith("user:") and len(target) > 5
            else None
        )
        tuser = st.users.get(tuid) if tuid is not None else None
        if (added or retired) and action not in KEY_ACTIONS:
            bad(f"keys_added / keys_retired may not appear in a {action} entry")
        if not is_init:
            for k in added:
                if k.purpose == "recovery" and action == "keys.rotate_recovery":
                    if not admin_signer:
                        bad("keys.rotate_recovery must be signed by an administrator")
                    elif st.key(k.key_id, seq) is not None:
                        bad(f"key id {k.key_id} is introduced while it is valid")
                elif k.purpose != "user":
                    bad(f"{k.purpose} key {k.key_id} may be introduced by entry 1 only")
                elif st.key(k.key_id, seq) is not None:
                    bad(f"key id {k.key_id} is introduced while it is valid")
                elif not (
                    (
                        action in ("user.add", "user.enable", "user.passwd")
                        and admin_signer
                        and k.user_id == tuid
                    )
                    or (action == "user.recover" and recovery and k.user_id == tuid)
                    or (
                        action == "user.passwd"
                        and not recovery
                        and k.user_id == uid == tuid
                        and key is not None
                        and key.user_id == uid
                    )
                ):
                    bad(f"this entry may not introduce user key {k.key_id} for {k.user_id}")
            for rid in retired:
                k = st.key(rid, seq)
                if action == "keys.rotate_recovery":
                    if k is None or k.purpose != "recovery":
                        bad(f"retired key {rid} is not the recovery key valid at this seq")
                elif k is None or k.purpose != "user":
                    bad(f"retired key {rid} is not a user key valid at this seq")
                elif not (
                    (
                        action in ("user.disable", "user.passwd")
                        and admin_signer
                        and k.user_id == tuid
                    )
                    or (action == "user.recover" and recovery and k.user_id == tuid)
                    or (action == "user.passwd" and not recovery and k.user_id == uid == tuid)
                ):
                    bad(f"this entry may not retire key {rid} of {k.user_id}")
        held = {k.key_id for k in st.user_keys(tuid, seq)} if tuid else set()

        def need_target(enabled=None):
            if tuser is None:
                bad(f"target {target!r} is not an established user")
                return False
            if enabled is not None and tuser.enabled != enabled:
                bad(f"target {tuid} is {'disabled' if enabled else 'enabled'}")
            return True

        def one_key_for_target(what):
            if len(added) != 1 or added[0].purpose != "user" or added[0].user_id != tuid:
                bad(f"{action} must introduce exactly one user key for {what}")

        def all_retired():
            if set(retired) != held:
                bad(
                    f"{action} must retire every key {tuid} holds ({', '.join(sorted(held)) or 'none'})"
                )

        fx: dict = {}
        if is_init:
            logs = [k for k in added if k.purpose == "log"]
            recs = [k for k in added if k.purpose == "recovery"]
            users = [k for k in added if k.purpose == "user"]
            if len(logs) != 1:
                bad("workspace.init must introduce exactly one log key")
            if len(recs) > 1 or (fmt == 2 and len(recs) != 1):
                bad(
                    "workspace.init must introduce "
                    + ("exactly one" if fmt == 2 else "at most one")
                    + " recovery key"
                )
            if len(users) != 1 or users[0].user_id != admin_id:
                bad("workspace.init must introduce exactly one user key, the first administrator's")
            if retired:
                bad("workspace.init retires no keys")
            if uid != admin_id or role != "admin" or not users or kid != users[0].key_id:
                bad("entry 1 must be signed by the first administrator's new key with role admin")
        elif action == "keys.rotate_recovery":
            current = {k.key_id for k in st.keys if k.purpose == "recovery" and k.valid_at(seq)}
            if len(added) != 1 or added[0].purpose != "recovery":
                bad("keys.rotate_recovery must introduce exactly one recovery key")
            if set(retired) != current:
                bad("keys.rotate_recovery must retire the recovery key in force")
        elif action == "workspace.settings":
            if not (isinstance(target, str) and target.startswith("setting:")):
                bad("workspace.settings target must be setting:<name>")
            elif target == "setting:audit_retention_days":
                to = details.get("to")
                if not is_int(to) or to < 365:
                    bad("audit_retention_days must be set to an integer of at least 365")
                else:
                    fx["retention"] = to
        elif action == "user.add":
            if tuid is None:
                bad("user.add target must be user:<id>")
            else:
                if details.get("user_id") != tuid:
                    bad("user.add details.user_id must equal the target's id")
                if details.get("role") not in USER_ROLES:
                    bad(f"user.add role {details.get('role')!r} is not a role")
                if tuid in st.users:
                    bad(f"user {tuid} is already established")
                one_key_for_target("the new user")
                fx["add_user"] = (tuid, details.get("role"))
        elif action == "user.role":
            if need_target():
                if details.get("from") != tuser.role:
                    bad(
                        f"user.role from {details.get('from')!r} is not {tuid}'s role per the log ({tuser.role})"
                    )
                if details.get("to") not in USER_ROLES:
                    bad(f"user.role to {details.get('to')!r} is not a role")
                fx["role"] = (tuid, details.get("to"))
        elif action == "user.disable":
            if need_target(enabled=True):
                if fmt == 2:
                    all_retired()
                fx["enabled"] = (tuid, False)
        elif action == "user.enable":
            if need_target(enabled=False):
                if fmt == 2 and (added or not held):
                    one_key_for_target(tuid)
                fx["enabled"] = (tuid, True)
        elif action == "user.passwd":
            if need_target() and not (tuid == uid and not recovery):
                if details.get("reset_by_admin") is not True:
                    bad(
                        "an administrator's reset of another user's password must have reset_by_admin true"
                    )
                one_key_for_target(tuid)
                all_retired()
        elif action == "user.recover":
            if need_target():
                if tuser.role != "admin":
                    bad(f"user.recover target {tuid} is not an administrator")
                one_key_for_target(tuid)
                all_retired()
                fx["enabled"] = (tuid, True)
        elif action == "audit.prune":
            before, through, days = (
                parse_time(details.get("before")),
                details.get("through_seq"),
                details.get("retention_days"),
            )
            if not is_int(through) or not 1 <= through < seq:
                bad(f"audit.prune through_seq {through!r} must satisfy 1 ≤ through_seq < seq")
            if not is_int(days) or days < max(365, st.retention):
                bad(
                    f"audit.prune retention_days {days!r} is below 365 or the retention period in force "
                    f"({st.retention} days)"
                )
            if before is None:
                bad("audit.prune before must be a time YYYY-MM-DDTHH:MM:SS.ffffffZ")
            elif (
                is_int(days)
                and r.time is not None
                and (days > 10**6 or r.time - before < dt.timedelta(days=days))
            ):
                bad(
                    f"audit.prune before {details.get('before')} is less than {days} days before the entry's time"
                )
            fx["prune"] = (seq, through, before)

        def apply():
            if is_init:
                self.state = st
                return
            s = self.state
            for rid in retired:
                s.key(rid, seq).valid_to = seq
            s.keys.extend(added)
            if "add_user" in fx:
                s.users[fx["add_user"][0]] = User(fx["add_user"][1])
            if "role" in fx:
                u = s.users[fx["role"][0]]
                u.role = fx["role"][1]
                u.held.add(u.role)
            if "enabled" in fx:
                s.users[fx["enabled"][0]].enabled = fx["enabled"][1]
            if "retention" in fx:
                s.retention = fx["retention"]
            if "prune" in fx:
                s.prunes.append(fx["prune"])

        return apply

    def check_gaps(self) -> None:
        prev = 0
        for seq in sorted(self.entries):
            if seq > prev + 1:
                self.bad("gap", f"seq {prev} → {seq}: entries {prev + 1}..{seq - 1} not found")
            prev = seq

    def check_prune_coverage(self) -> None:
        for seq in sorted(self.entries):
            r = self.entries[seq]
            if not r.pruned or r.time is None:
                continue
            if not any(
                p_seq > seq and through >= seq and before > r.time
                for p_seq, through, before in self.state.prunes
            ):
                self.bad_seq(
                    seq,
                    "pruned, but no valid audit.prune with a higher seq covers it "
                    "(through_seq ≥ its seq, before later than its time)",
                )

    # ---------------------------------------------------------- §7 step 7, §10
    def find_log_key(self) -> None:
        self.log_key = next((k for k in self.state.keys if k.purpose == "log"), None)
        if self.log_key is None and 1 in self.entries:
            d = self.entries[1].e.get("details")
            for kd in (
                d.get("keys_added", [])
                if isinstance(d, dict) and isinstance(d.get("keys_added"), list)
                else []
            ):
                pub = b64_strict(kd.get("public_key"), 32) if isinstance(kd, dict) else None
                if (
                    pub is not None
                    and kd.get("purpose") == "log"
                    and kd.get("name") == f"airlock/{self.log_id}"
                ):
                    self.log_key = KeyRange(kd.get("key_id"), kd["name"], "log", None, pub, 1)
                    self.info("warning log key: taken from entry 1, which is not valid")
                    break
        if self.log_key is None:
            self.bad(
                "log key",
                "entry 1 introduces no usable log key; checkpoints and manifest cannot be checked",
            )
        else:
            self.info(
                f"note log key fingerprint: {fingerprint(self.log_key.public_key)} "
                "(compare with one kept out of band)"
            )

    def build_tree(self) -> None:
        hashes = []
        for seq in sorted(self.entries):
            h = self.entries[seq].e.get("hash")
            if not (isinstance(h, str) and HEX64.fullmatch(h)):
                self.bad("tree", f"cannot be computed: entry seq {seq} has no valid hash")
                return
            hashes.append(leaf_hash(bytes.fromhex(h)))
        self.leaves = hashes

    def root_at(self, size: int) -> bytes | None:
        if self.leaves is None or size > len(self.leaves):
            return None
        return mth(self.leaves[:size])

    def load_checkpoint(self, label: str, data, section=S_CKPT) -> Checkpoint | None:
        if self.log_key is None:
            return None
        try:
            text, problem = open_note(data, self.log_key.name, self.log_key.public_key)
            cp = parse_checkpoint_text(label, text)
        except ValueError as x:
            self.bad(label, str(x), section)
            return None
        if problem:
            self.bad(
                label, problem + " (a checkpoint counts only if signed by the log key)", section
            )
            return None
        if cp.origin != f"airlock/{self.log_id}":
            self.bad(label, f"origin {cp.origin!r} is not the log's airlock/{self.log_id}", section)
            return None
        return cp

    def check_against_entries(self, cp: Checkpoint, section=S_CKPT) -> None:
        largest = max(self.entries, default=0)
        if cp.size > largest:
            self.bad(
                cp.label,
                f"tree size {cp.size} is above the largest seq {largest}: the log was truncated "
                f"(entries {largest + 1}..{cp.size} removed)",
                section,
            )
        elif self.leaves is not None and self.root_at(cp.size) != cp.root:
            self.bad(
                cp.label, f"root does not equal the root of the first {cp.size} entries", section
            )

    def check_checkpoints(self) -> None:
        names = sorted(n for n in self.members if n.startswith("checkpoints/"))
        for name in names:
            cp = self.load_checkpoint(f"checkpoint {name}", self.members[name])
            if cp is not None:
                self.checkpoints[name] = cp
                self.check_against_entries(cp)
        self.check_equivocation(list(self.checkpoints.values()))
        latest = self.checkpoints.get("checkpoints/latest.txt")
        if latest is not None:
            for seq in sorted(self.entries):
                if seq > latest.size and not self.entries[seq].unsigned:
                    self.bad_seq(
                        seq,
                        f"signed entry not covered by the latest checkpoint (size {latest.size})",
                    )
            for cp in self.checkpoints.values():
                if cp.size > latest.size:
                    self.info(
                        f"warning {cp.label}: size {cp.size} is above the latest checkpoint's {latest.size}",
                        S_CKPT,
                    )
        elif "checkpoints/latest.txt" in self.members and self.log_key is not None:
            self.bad(
                "checkpoint checkpoints/latest.txt",
                "not valid: coverage of signed entries cannot be shown",
                S_CKPT,
            )
        if self.torn_tail:
            a, b = self.torn_tail
            where = (
                f" (beyond the latest checkpoint, size {latest.size})"
                if latest and a > latest.size
                else ""
            )
            self.info(
                f"warning seq {seq_range(a, b)}: torn tail: unsigned entries after the last signed entry, "
                f"adopted by nobody{where}",
                S_ENTRY,
                a,
            )
        # proof files (§7 step 10, §11)
        have = set()
        for name in sorted(n for n in self.members if n.startswith("proofs/")):
            have.add(name)
            self.check_bundle_proof(name, latest)
        if latest is not None:
            for cp in self.checkpoints.values():
                want = f"proofs/consistency-{cp.size}-{latest.size}.json"
                if cp is not latest and cp.size < latest.size and want not in have:
                    self.info(f"warning {cp.label}: no {want} in the bundle", S_CKPT)

    def check_equivocation(
        self, cps: list[Checkpoint], against: list[Checkpoint] | None = None, section=S_CKPT
    ) -> None:
        """Two valid checkpoints of the same size with different roots (§7 step 7)."""
        for i, cp in enumerate(cps):
            for other in cps[:i] if against is None else against:
                if other.size == cp.size and other.root != cp.root:
                    self.bad(
                        "checkpoints",
                        f"equivocation: {other.label} and {cp.label} both have size {cp.size} "
                        "but different roots",
                        section,
                    )

    def check_bundle_proof(self, name: str, latest: Checkpoint | None) -> None:
        m, n = (int(x) for x in PROOF_RE.fullmatch(name).groups())
        label = f"proof file {name}"
        try:
            pf = loads_strict(self.members[name].decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as x:
            self.bad(label, f"not valid JSON ({x})", S_CKPT)
            return
        want = {"old_size", "old_root", "new_size", "new_root", "proof"}
        if not isinstance(pf, dict) or set(pf) != want:
            self.bad(label, f"must be an object with exactly {', '.join(sorted(want))}", S_CKPT)
            return
        old_root, new_root = b64_strict(pf["old_root"], 32), b64_strict(pf["new_root"], 32)
        proof = (
            [b64_strict(x, 32) for x in pf["proof"]] if isinstance(pf["proof"], list) else [None]
        )
        if (
            not (is_int(pf["old_size"]) and is_int(pf["new_size"]))
            or None in (old_root, new_root)
            or None in proof
        ):
            self.bad(label, "sizes must be integers and hashes base64 of 32 bytes", S_CKPT)
            return
        if (pf["old_size"], pf["new_size"]) != (m, n):
            self.bad(
                label,
                f"sizes {pf['old_size']}, {pf['new_size']} do not match the file name",
                S_CKPT,
            )
        if not any(
            cp.size == pf["old_size"] and cp.root == old_root
            for cp in self.checkpoints.values()
            if cp is not latest
        ):
            self.bad(
                label, "old size and root are not those of a saved checkpoint in the bundle", S_CKPT
            )
        if latest is None or (latest.size, latest.root) != (pf["new_size"], new_root):
            self.bad(label, "new size and root are not those of the latest checkpoint", S_CKPT)
        if not verify_consistency(pf["old_size"], pf["new_size"], old_root, new_root, proof):
            self.bad(label, "consistency proof does not verify (RFC 9162 §2.1.4.2)", S_CKPT)

    # ---------------------------------------------------------- §7 step 8, §11
    def check_manifest(self) -> None:
        data = self.members.get("MANIFEST.sha256")
        if data is None or self.log_key is None:
            return
        try:
            text, problem = open_note(data, self.log_key.name, self.log_key.public_key)
        except ValueError as x:
            self.bad("manifest", str(x), S_MANIFEST)
            return
        if problem:
            self.bad("manifest", problem, S_MANIFEST)
        lines = text.split("\n")[:-1]
        if lines[:2] != ["airlock-audit-bundle/v1", f"airlock/{self.log_id}"]:
            self.bad(
                "manifest",
                f"must begin with airlock-audit-bundle/v1 and airlock/{self.log_id}",
                S_MANIFEST,
            )
        listed: dict[str, str] = {}
        paths = []
        for line in lines[2:]:
            mt = re.fullmatch(r"([0-9a-f]{64})  (.+)", line)
            if not mt:
                self.bad("manifest", f"malformed line {line!r}", S_MANIFEST)
                continue
            digest, path = mt.groups()
            paths.append(path)
            if path in listed:
                self.bad("manifest", f"{path} is listed more than once", S_MANIFEST)
            listed[path] = digest
        if paths != sorted(paths):
            self.bad("manifest", "lines are not sorted by path", S_MANIFEST)
        for path, digest in listed.items():
            if path == "MANIFEST.sha256" or path not in self.members:
                self.bad(
                    "manifest", f"lists {path}, which is not a member of the bundle", S_MANIFEST
                )
            elif hashlib.sha256(self.members[path]).hexdigest() != digest:
                self.bad("manifest", f"SHA-256 of {path} does not match", S_MANIFEST)
        for path in sorted(self.members):
            if path != "MANIFEST.sha256" and path not in listed:
                self.bad("manifest", f"does not list member {path}", S_MANIFEST)

    # ---------------------------------------------------------- §7 step 9
    def check_keys_json(self) -> None:
        data = self.members.get("keys.json")
        if data is None:
            return
        try:
            doc = loads_strict(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as x:
            self.bad("keys.json", f"not valid JSON ({x})", S_KEYS)
            return
        if not isinstance(doc, dict) or set(doc) != {"keys"} or not isinstance(doc["keys"], list):
            self.bad("keys.json", 'must be {"keys": [...]}', S_KEYS)
            return
        listed = Counter()
        for i, k in enumerate(doc["keys"]):
            if not isinstance(k, dict) or set(k) != KEYS_JSON_FIELDS:
                self.bad(
                    "keys.json",
                    f"keys[{i}] must have exactly {', '.join(sorted(KEYS_JSON_FIELDS))}",
                    S_KEYS,
                )
                continue
            if k["algorithm"] != "ed25519":
                self.bad("keys.json", f"keys[{i}] algorithm must be ed25519", S_KEYS)
            pub = b64_strict(k["public_key"], 32)
            if pub is None:
                self.bad("keys.json", f"keys[{i}] public_key is not base64 of 32 bytes", S_KEYS)
                continue
            listed[
                (
                    k["key_id"],
                    k["name"],
                    k["purpose"],
                    k["user_id"],
                    pub,
                    k["valid_from_seq"],
                    k["valid_to_seq"],
                )
            ] += 1
        log = Counter(
            (k.key_id, k.name, k.purpose, k.user_id, k.public_key, k.valid_from, k.valid_to)
            for k in self.state.keys
        )

        def span(t):
            return f"seq {t[5]}..{'current' if t[6] is None else t[6]}"

        for t in sorted(listed - log, key=repr):
            self.bad(
                "keys.json",
                f"lists key range {t[0]} ({t[1]}, {span(t)}) that the log does not "
                "introduce with these owner, public key and validity",
                S_KEYS,
            )
        for t in sorted(log - listed, key=repr):
            self.bad(
                "keys.json",
                f"lacks key range {t[0]} ({t[1]}, {span(t)}) introduced by the log",
                S_KEYS,
            )

    # ---------------------------------------------------------- §7 step 10
    def check_trust(self) -> None:
        if self.trusted_key is not None:
            want = normalize_fingerprint(self.trusted_key)
            if want is None:
                self.bad("trusted key", "not a SHA-256 fingerprint (64 hex digits)", S_TRUST)
            elif self.log_key is None:
                self.bad("trusted key", "the log has no log key to compare", S_TRUST)
            elif hashlib.sha256(self.log_key.public_key).hexdigest() != want:
                self.bad(
                    "trusted key",
                    f"the log key's fingerprint {fingerprint(self.log_key.public_key)} does "
                    "not match the trusted one",
                    S_TRUST,
                )
        if self.trusted_checkpoint is None:
            return
        src = self.trusted_checkpoint
        try:
            if os.path.isfile(src):
                with open(src, "rb") as f:
                    data = f.read()
            else:
                data = src.encode("utf-8")
        except OSError as x:
            self.bad("trusted checkpoint", f"cannot be read ({x})", S_TRUST)
            return
        cp = self.load_checkpoint("trusted checkpoint", data, S_TRUST)
        if cp is None:
            if self.log_key is None:
                self.bad("trusted checkpoint", "cannot be checked without a log key", S_TRUST)
            return
        size = len(self.leaves) if self.leaves is not None else None
        largest = max(self.entries, default=0)
        if cp.size > largest:
            self.bad(
                "trusted checkpoint",
                f"size {cp.size} exceeds the log's {largest}: the log was truncated or "
                "restored from an older copy",
                S_TRUST,
            )
        elif size is not None:
            proof = consistency_proof(self.leaves, cp.size) if 0 < cp.size < size else []
            if not verify_consistency(cp.size, size, cp.root, mth(self.leaves), proof):
                self.bad(
                    "trusted checkpoint",
                    f"the log's first {cp.size} entries are not consistent with it: "
                    "entries it covered were changed or the log was replaced",
                    S_TRUST,
                )
            else:
                self.info(
                    f"note trusted checkpoint: size {cp.size} is consistent with the log (size {size})",
                    S_TRUST,
                )
        self.check_equivocation([cp], list(self.checkpoints.values()), S_TRUST)

    # ---------------------------------------------------------- §12 with --proof
    def check_proof_file(self) -> None:
        label = "proof"
        try:
            with open(self.proof, "rb") as f:
                pf = loads_strict(f.read().decode("utf-8"))
        except (OSError, ValueError, UnicodeDecodeError) as x:
            self.bad(label, f"cannot be read as JSON ({x})", S_PROOF)
            return
        fmt = pf.get("format") if isinstance(pf, dict) else None
        fields = {
            "airlock-inclusion-proof/v1": {
                "format",
                "seq",
                "leaf_index",
                "tree_size",
                "entry",
                "leaf_hash",
                "root",
                "proof",
                "checkpoint",
                "log_key",
            },
            "airlock-consistency-proof/v1": {
                "format",
                "old_size",
                "old_root",
                "new_size",
                "new_root",
                "proof",
                "old_checkpoint",
                "new_checkpoint",
                "log_key",
            },
        }.get(fmt)
        if fields is None or set(pf) != fields:
            self.bad(
                label,
                "not an airlock inclusion or consistency proof with exactly the fields of §12",
                S_PROOF,
            )
            return
        lk = pf["log_key"]
        pub = b64_strict(lk.get("public_key"), 32) if isinstance(lk, dict) else None
        if pub is None or not isinstance(lk.get("name"), str):
            self.bad(label, "log_key must be {name, public_key (base64 of 32 bytes)}", S_PROOF)
            return
        if self.log_key is None or (lk["name"], pub) != (
            self.log_key.name,
            self.log_key.public_key,
        ):
            self.bad(label, "its log key is not the bundle's log key", S_PROOF)
        self.info(f"note proof: log key fingerprint {fingerprint(pub)}", S_PROOF)
        proof = (
            [b64_strict(x, 32) for x in pf["proof"]] if isinstance(pf["proof"], list) else [None]
        )
        if None in proof:
            self.bad(label, "proof must be a list of base64 32-byte hashes", S_PROOF)
            return

        def note_cp(key, size, root):
            try:
                text, problem = open_note(
                    pf[key] if isinstance(pf[key], str) else "", lk["name"], pub
                )
                cp = parse_checkpoint_text(key, text)
            except ValueError as x:
                self.bad(label, f"{key}: {x}", S_PROOF)
                return
            if problem:
                self.bad(label, f"{key}: {problem}", S_PROOF)
            if cp.origin != lk["name"] or cp.origin != f"airlock/{self.log_id}":
                self.bad(label, f"{key}: origin {cp.origin!r} is not the log's", S_PROOF)
            if (cp.size, cp.root) != (size, root):
                self.bad(label, f"{key}: size and root differ from the proof's", S_PROOF)

        def bundle_root(size, root, what):
            if not is_int(size) or size < 0:
                return
            if size > max(self.entries, default=0):
                self.bad(
                    label,
                    f"{what} tree size {size} exceeds the bundle's log: entries were removed",
                    S_PROOF,
                )
            elif self.root_at(size) != root:
                self.bad(
                    label,
                    f"{what} root is not the root of the bundle's first {size} entries",
                    S_PROOF,
                )

        if fmt == "airlock-inclusion-proof/v1":
            seq, index, size, entry = pf["seq"], pf["leaf_index"], pf["tree_size"], pf["entry"]
            leaf, root = b64_strict(pf["leaf_hash"], 32), b64_strict(pf["root"], 32)
            if (
                not (is_int(seq) and is_int(index) and is_int(size))
                or None in (leaf, root)
                or not isinstance(entry, dict)
            ):
                self.bad(
                    label,
                    "seq, leaf_index, tree_size, entry, leaf_hash or root have the wrong type",
                    S_PROOF,
                )
                return
            if index != seq - 1 or entry.get("seq") != seq:
                self.bad(
                    label, "leaf_index must be seq − 1 and the entry's seq must be seq", S_PROOF
                )
            h = standalone_entry_hash(entry)
            if h is None:
                self.bad(label, "the entry's hash does not recompute", S_PROOF)
                return
            if leaf_hash(h) != leaf:
                self.bad(label, "leaf_hash is not SHA-256(0x00 || entry hash)", S_PROOF)
            if not verify_inclusion(index, size, leaf_hash(h), proof, root):
                self.bad(label, "inclusion proof does not verify (RFC 9162 §2.1.3.2)", S_PROOF)
            note_cp("checkpoint", size, root)
            mine = self.entries.get(seq)
            if mine is None or mine.e.get("hash") != h.hex():
                self.bad(label, f"the proved entry is not the bundle's entry seq {seq}", S_PROOF)
            elif (
                not mine.pruned
                and "pruned" not in entry
                and json.dumps(entry, sort_keys=True) != json.dumps(mine.e, sort_keys=True)
            ):
                self.bad(
                    label, f"the proved entry differs from the bundle's entry seq {seq}", S_PROOF
                )
            bundle_root(size, root, "the proof's")
        else:
            m, n = pf["old_size"], pf["new_size"]
            old, new = b64_strict(pf["old_root"], 32), b64_strict(pf["new_root"], 32)
            if not (is_int(m) and is_int(n)) or None in (old, new):
                self.bad(label, "sizes must be integers and roots base64 of 32 bytes", S_PROOF)
                return
            if not verify_consistency(m, n, old, new, proof):
                self.bad(label, "consistency proof does not verify (RFC 9162 §2.1.4.2)", S_PROOF)
            note_cp("old_checkpoint", m, old)
            note_cp("new_checkpoint", n, new)
            bundle_root(m, old, "old")
            bundle_root(n, new, "new")


def standalone_entry_hash(e: dict) -> bytes | None:
    """Recompute an entry's hash as §12 asks (§1, §9); None when it does not match the stored one."""
    stored = e.get("hash")
    if not (isinstance(stored, str) and HEX64.fullmatch(stored)):
        return None
    try:
        if e.get("v") == 2 and all(k in e for k in HEADER2):
            if "pruned" not in e and hashlib.sha256(
                jcs({"details": e.get("details"), "target": e.get("target")})
            ).hexdigest() != e.get("content"):
                return None
            computed = hashlib.sha256(jcs({k: e[k] for k in HEADER2})).hexdigest()
        elif e.get("v") == 1 and "pruned" in e:
            computed = stored
        elif e.get("v") == 1:
            computed = hashlib.sha256(
                jcs({k: v for k, v in e.items() if k not in ("hash", "sig")})
            ).hexdigest()
        else:
            return None
    except JCSError:
        return None
    return bytes.fromhex(stored) if computed == stored else None


def verify(
    path: str,
    trusted_checkpoint: str | None = None,
    trusted_key: str | None = None,
    proof: str | None = None,
) -> tuple[bool, list[str]]:
    """Verify the bundle at path; trusted_checkpoint is a file path (or the note text itself)."""
    v = Verifier(path, trusted_checkpoint, trusted_key, proof)
    if not os.path.isfile(path):
        v.bad("bundle", f"{path}: no such file", S_BUNDLE)
    else:
        v.run()
    return not v.invalid, v.lines()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description="Independent verifier for Airlock audit bundles (format 2)."
    )
    ap.add_argument("bundle", help="the bundle written by `airlock audit export`")
    ap.add_argument(
        "--trusted-checkpoint", metavar="FILE", help="a checkpoint kept off the machine"
    )
    ap.add_argument(
        "--trusted-key", metavar="FINGERPRINT", help="the log key fingerprint, received out of band"
    )
    ap.add_argument(
        "--proof", metavar="PROOF.json", help="an inclusion or consistency proof to check"
    )
    args = ap.parse_args(argv)  # exits with status 2 on usage errors
    for f in (args.bundle, args.trusted_checkpoint, args.proof):
        if f is not None and not os.path.isfile(f):
            print(f"usage error: {f}: no such file", file=sys.stderr)
            return 2
    if args.trusted_key is not None and normalize_fingerprint(args.trusted_key) is None:
        print(
            "usage error: --trusted-key must be a SHA-256 fingerprint (64 hex digits)",
            file=sys.stderr,
        )
        return 2
    ok, lines = verify(args.bundle, args.trusted_checkpoint, args.trusted_key, args.proof)
    with contextlib.suppress(AttributeError):
        sys.stdout.reconfigure(errors="backslashreplace")
    for line in lines:
        print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
