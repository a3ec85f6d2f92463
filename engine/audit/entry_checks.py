"""The checks of each audit entry as it is fed in stored order: shape, format version,
log id, time, hash, chain, genesis, signature, the signer's authority and prunes
(docs/audit-format.md §7.1-7.6). LogVerifier (checks.py) adds checkpoints and the end."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .authority import TIME_SKEW, Authority, KeyInfo, never_pruned
from .findings import Finding, Report, Unreadable, seq_range, span
from .merkle import leaf_hash
from .notes import Checkpoint
from .record import (
    GENESIS_PREV,
    EntryBytes,
    check_shape,
    is_hash_hex,
    parse_time,
    signature_input,
    unb64,
    v1_header_line,
    verify_ed25519,
)

_ZERO_LEAF = leaf_hash(bytes(32))


class EntryChecker:
    """The per-entry half of LogVerifier: feed entries in stored order."""

    def __init__(self) -> None:
        self.report = Report()
        self.authority = Authority()
        self._seen: set[int] = set()
        self._max_seq = 0
        self._prev_hash: str | None = None
        self._prev_seq: int | None = None
        self._prev_time: tuple[int, datetime] | None = None
        self._leaves: dict[int, bytes] = {}
        self._entry_bad = False
        self._parts: EntryBytes | None = None
        self._checkpoints: list[tuple[str, Checkpoint]] = []
        self._trusted: list[Checkpoint] = []
        self._unknown_keys: list[tuple[int, str]] = []  # (finding index, key id)
        self._pruned: list[tuple[int, datetime]] = []  # (seq, time) of pruned entries
        self._unsigned: list[int] = []  # the run of unsigned entries not yet adopted
        self._last_signed = 0
        self._version = 0  # the highest format seen so far
        self._v2_from: int | None = None
        self._v1_count = 0
        self._v1_digest = hashlib.sha256()

    # -- entries ---------------------------------------------------------------------------
    def _bad(self, seq: int | None, message: str, where: str | None = None) -> None:
        self.report.add(
            Finding(where or (f"seq {seq}" if seq is not None else "entry"), message, seq)
        )
        self._entry_bad = True

    def add_entry(
        self,
        entry: dict[str, Any] | Unreadable,
        problems: Iterable[str] = (),
        parts: EntryBytes | None = None,
    ) -> None:
        """Check the next stored entry; `problems` are ones the reader found in its bytes,
        `parts` its members' canonical bytes if the reader already made them."""
        self.report.entries_checked += 1
        self._entry_bad = False
        seq = entry.get("seq") if isinstance(entry, dict) else entry.seq
        for problem in problems:
            self._bad(seq if type(seq) is int else None, problem)
        self._parts = parts if parts is not None and parts.entry is entry else None
        stored_hash, seq = self._check_entry(entry)
        if self._entry_bad:
            self.report.entries_invalid += 1
        if seq is not None and seq not in self._leaves:
            # An unreadable hash still takes its seq's place in the tree, so the checkpoint
            # comparison reports it instead of shifting every later leaf.
            digest = bytes.fromhex(str(stored_hash)) if is_hash_hex(stored_hash) else bytes(32)
            self._leaves[seq] = leaf_hash(digest)
        self._prev_hash = stored_hash if is_hash_hex(stored_hash) else None
        self._prev_seq = seq

    def _check_entry(self, entry: dict[str, Any] | Unreadable) -> tuple[str | None, int | None]:
        """Check one entry; return its stored hash and seq (either may be unknown)."""
        if isinstance(entry, Unreadable):
            self._bad(entry.seq, entry.reason, None if entry.seq is not None else "entry")
            self._note_order(entry.seq)
            return entry.stored_hash, entry.seq
        seq = entry.get("seq") if isinstance(entry, dict) else None
        seq = seq if type(seq) is int else None
        shape_problem = check_shape(entry)
        if shape_problem:
            self._bad(seq, f"entry {shape_problem}")
            self._note_order(seq)
            return (entry.get("hash") if isinstance(entry, dict) else None), seq
        assert seq is not None
        self._note_order(seq)
        self._check_version(entry, seq)
        self._check_log_id(entry, seq)
        self._check_time(entry, seq)
        self._check_hash(entry, seq)
        self._check_prev(entry, seq)
        if entry["v"] == 1:
            self._v1_count += 1
            self._v1_digest.update(v1_header_line(entry))
        if seq == 1:
            self._check_genesis(entry)
        signer = self._check_signature(entry, seq)
        self._check_authority(entry, seq, signer)
        if entry["v"] == 2 and self._v2_from == seq and seq != 1:
            self._check_boundary(entry, seq, signer)
        if "pruned" in entry:
            self._check_pruned(entry, seq)
        elif signer is not None and not self._entry_bad and seq != 1:
            self.authority.apply(entry)
        return entry["hash"], seq

    def _check_version(self, entry: dict[str, Any], seq: int) -> None:
        version = entry["v"]
        if version < self._version:
            self._bad(
                seq,
                f"is in format {version}, but format {self._version} began at seq "
                f"{self._v2_from}: a log never goes back to an older format",
            )
        elif version > self._version:
            if version == 2:
                self._v2_from = seq
            self._version = version

    def _check_boundary(self, entry: dict[str, Any], seq: int, signer: KeyInfo | None) -> None:
        """The first format-2 entry after format-1 ones (docs/audit-format.md §9)."""
        details = entry.get("details", {})
        expected = {"entries": self._v1_count, "sha256": self._v1_digest.hexdigest()}
        if (
            entry["action"] != "workspace.upgrade"
            or "pruned" in entry
            or details.get("audit_format") != 2
            or signer is None
            or signer.purpose != "user"
        ):
            self._bad(
                seq,
                "format 2 begins here, but not with an administrator's "
                "workspace.upgrade entry that declares audit_format 2",
            )
        elif details.get("v1_headers") != expected:
            self._bad(
                seq,
                "the v1_headers digest does not match the format-1 entries before "
                "it: the time or actor of a format-1 entry was changed",
            )

    def _check_log_id(self, entry: dict[str, Any], seq: int) -> None:
        if self.report.log_id is None:
            self.report.log_id = entry["log_id"]
        elif entry["log_id"] != self.report.log_id:
            self._bad(seq, f"belongs to another log ({entry['log_id']})")

    def _check_time(self, entry: dict[str, Any], seq: int) -> None:
        moment = parse_time(entry["time"])
        if self._prev_time is not None:
            before_seq, before = self._prev_time
            if moment < before - TIME_SKEW:
                self._bad(
                    seq,
                    f"is dated {entry['time']}, {span(before - moment)} before seq "
                    f"{before_seq}: entries may not go back in time by more than "
                    "5 minutes (a forged time, or a wrong clock)",
                )
        self._prev_time = (seq, moment)

    def _check_hash(self, entry: dict[str, Any], seq: int) -> None:
        version, pruned = entry["v"], "pruned" in entry
        parts = self._parts or EntryBytes(entry)
        try:
            if version == 2 and not pruned and parts.content_digest() != entry["content"]:
                self._bad(seq, "content digest doesn't match (its target or details were modified)")
            if (version == 2 or not pruned) and parts.entry_hash() != entry["hash"]:
                self._bad(seq, "hash value doesn't match (the entry was modified)")
        except ValueError as exc:
            self._bad(seq, f"cannot be canonicalised: {exc}")
        if version == 2:
            unsigned = entry["sig"] is None
            if ("unsigned" in entry["flags"]) != unsigned:
                self._bad(seq, "its 'unsigned' flag does not match its signature")
            if not pruned:
                details = entry["details"]
                keys = bool(details.get("keys_added") or details.get("keys_retired"))
                if ("keys" in entry["flags"]) != keys:
                    self._bad(seq, "its 'keys' flag does not match its details")

    def _check_prev(self, entry: dict[str, Any], seq: int) -> None:
        expected: str | None = GENESIS_PREV
        before = "the start of the log"
        if self._prev_seq is not None:
            expected, before = self._prev_hash, f"seq {self._prev_seq}"
        if expected is not None and entry["prev"] != expected:
            self._bad(
                seq,
                f"prev doesn't match the hash of {before}: an entry was removed, "
                "inserted or reordered",
            )

    def _note_order(self, seq: int | None) -> None:
        if seq is None:
            return
        if seq in self._seen:
            self._bad(seq, f"duplicate: an entry with seq {seq} appears earlier")
        elif seq < self._max_seq:
            self._bad(seq, f"out of order: stored after seq {self._max_seq}")
        self._seen.add(seq)
        self._max_seq = max(self._max_seq, seq)

    def _check_genesis(self, entry: dict[str, Any]) -> None:
        if "pruned" in entry:
            self._bad(1, "the first entry (workspace.init) may not be pruned")
            return
        for problem in self.authority.genesis(entry):
            self._bad(1, problem)
        self.report.log_key = self.authority.log_key

    def _check_signature(self, entry: dict[str, Any], seq: int) -> KeyInfo | None:
        """The key that signed `entry`, or None (unsigned, or a problem was reported)."""
        actor = entry["actor"]
        if entry["sig"] is None:
            return None
        candidates = self.authority.keys.get(str(actor["key_id"]), [])
        if not candidates:
            self._bad(seq, f"signed by unknown key {actor['key_id']}")
            self._unknown_keys.append((len(self.report.findings) - 1, str(actor["key_id"])))
            return None
        current = [k for k in candidates if k.valid_at(seq)]
        if not current:
            ranges = ", ".join(f"{k.valid_from}..{k.valid_to or 'now'}" for k in candidates)
            self._bad(
                seq,
                f"signed by key {actor['key_id']}, which is not valid at this seq (valid {ranges})",
            )
            return None
        try:
            signature = unb64(entry["sig"])
            message = signature_input(entry["hash"], entry["v"])
        except ValueError:
            self._bad(seq, "signature is not valid base64")
            return None
        for key in current:
            if verify_ed25519(key.public_key, signature, message):
                if key.purpose == "user" and key.user_id != actor["user_id"]:
                    self._bad(
                        seq,
                        f"signed with the key of {key.user_id}, not of the actor "
                        f"{actor['user_id']}",
                    )
                    return None
                return key
        self._bad(
            seq, "signature verification failed" + (" (pruned entry)" if "pruned" in entry else "")
        )
        return None

    def _check_authority(self, entry: dict[str, Any], seq: int, signer: KeyInfo | None) -> None:
        """Who signed, as whom and for what (§4); adoption of unsigned entries (§3)."""
        if entry["sig"] is None:
            for problem in self.authority.check_unsigned(entry):
                self._bad(seq, problem)
            if entry["v"] == 2 and entry["adopts"] != 0:
                self._bad(seq, "an unsigned entry adopts nothing (its adopts must be 0)")
            self._unsigned.append(seq)
            return
        if signer is None:
            self._unsigned.clear()
            return
        if seq != 1:
            problems = self.authority.check_actor(entry, signer)
            if not problems and "pruned" not in entry:
                problems = self.authority.check_content(entry, signer)
            for problem in problems:
                self._bad(seq, problem)
        if entry["v"] == 2 and entry["adopts"] != len(self._unsigned):
            self._bad(
                seq,
                f"says it adopts {entry['adopts']} unsigned entries, but "
                f"{len(self._unsigned)} come directly before it",
            )
        if self._unsigned:
            first, last = self._unsigned[0], self._unsigned[-1]
            count = len(self._unsigned)
            self.report.add(
                Finding(
                    seq_range(first, last),
                    f"{count} unsigned failed-login entr{'y' if count == 1 else 'ies'}, adopted by "
                    f"seq {seq}: nobody signed their content (anyone who could write the database "
                    "could have added them)",
                    None,
                    invalid=False,
                    note=True,
                )
            )
            self._unsigned.clear()
        self._last_signed = max(self._last_signed, seq)

    def _check_pruned(self, entry: dict[str, Any], seq: int) -> None:
        if entry["v"] == 2 and (never_pruned(entry["action"]) or "keys" in entry["flags"]):
            self._bad(
                seq,
                f"a {entry['action']} entry is pruned, but entries that change "
                "users, roles, keys or settings are never pruned",
            )
        self._pruned.append((seq, parse_time(entry["time"])))
