"""Verify an exported audit bundle without the workspace, and the verifier's command line.

Needs only the standard library and `cryptography`; standalone.py copies this module and
the ones it imports into the single-file verify_bundle.py shipped in every bundle.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import sys
import zipfile
from typing import Any

from .checks import Finding, LogVerifier, Report, Unreadable
from .merkle import verify_consistency
from .notes import parse_checkpoint, parse_note, verify_note
from .proof_check import check_proof
from .record import EntryBytes, fingerprint_matches, log_key_fingerprint

BUNDLE_FORMAT = "airlock-audit-bundle/v1"
_SEQ_RE = re.compile(rb'"seq":(\d+)')
_HASH_RE = re.compile(rb'"hash":"([0-9a-f]{64})"')
_MEMBER_RE = re.compile(
    r"^(entries\.jsonl|keys\.json|FORMAT\.md|verify_bundle\.py|README\.txt|MANIFEST\.sha256"
    r"|VERIFICATION\.txt|checkpoints/latest\.txt|checkpoints/saved-(0|[1-9][0-9]*)\.txt"
    r"|proofs/consistency-(0|[1-9][0-9]*)-(0|[1-9][0-9]*)\.json)$"
)
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def container_problems(names: list[str]) -> list[str]:
    """Why a bundle's member names make it unsafe or ambiguous to read (§7 step 1)."""
    problems = []
    for name in sorted(set(names)):
        count = names.count(name)
        if count > 1:
            problems.append(
                f"the zip holds {count} members named {name!r}: a reader could take either"
            )
        segments = name.split("/")
        if (
            name.startswith("/")
            or "\\" in name
            or ":" in name
            or _CONTROL_RE.search(name)
            or any(s in ("", ".", "..") for s in segments)
        ):
            problems.append(f"the member name {name!r} is not a safe relative path")
        elif not _MEMBER_RE.match(name):
            problems.append(f"the member {name!r} does not belong in an audit bundle")
    return problems


def _duplicate_member(raw: bytes) -> str | None:
    found: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        names = [k for k, _ in items]
        found.extend(k for k in set(names) if names.count(k) > 1)
        return dict(items)

    json.loads(raw, object_pairs_hook=pairs)
    return found[0] if found else None


def _parse_line(
    line: bytes, number: int
) -> tuple[dict[str, Any] | Unreadable, list[str], EntryBytes | None]:
    """One line of entries.jsonl: the entry, why its bytes are not exactly JCS(entry) + LF
    (§7 step 2), and its members' canonical bytes (for the hashes)."""
    problems = []
    raw = line[:-1] if line.endswith(b"\n") else line
    if raw is line:
        problems.append(f"line {number} of entries.jsonl does not end with a line feed")
    try:
        value = json.loads(raw.decode("utf-8"))
    except ValueError:
        seq = _SEQ_RE.search(line)
        stored = _HASH_RE.search(line)
        return (
            Unreadable(
                int(seq.group(1)) if seq else None,
                f"line {number} of entries.jsonl is not valid UTF-8 JSON",
                stored.group(1).decode() if stored else None,
            ),
            problems,
            None,
        )
    if not isinstance(value, dict):
        return Unreadable(None, f"line {number} of entries.jsonl is not a JSON object"), [], None
    parts = EntryBytes(value)
    try:
        canonical = parts.whole()
    except ValueError as exc:
        canonical = b""
        problems.append(f"line {number} cannot be canonicalised: {exc}")
    if canonical and canonical != raw:
        twice = _duplicate_member(raw)
        problems.append(
            f"line {number} has the member {twice!r} more than once"
            if twice
            else f"line {number} is not in canonical form (RFC 8785): its bytes differ "
            "from the canonical JSON of the entry they encode"
        )
    return value, problems, parts


def verify_bundle(
    path: str,
    trusted_checkpoint: str | None = None,
    trusted_key: str | None = None,
    proof: str | None = None,
) -> Report:
    """Check a bundle: container, manifest and its signature, every entry, key, checkpoint
    and proof, and (given a checkpoint kept by the auditor) that the log extends it."""
    verifier = LogVerifier()
    report = verifier.report
    try:
        bundle = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.add(Finding("bundle", f"cannot be opened as a zip file: {exc}"))
        return report
    with bundle:
        listed = bundle.namelist()
        refused = container_problems(listed)
        if refused:
            for problem in refused:
                report.add(Finding("bundle", f"refused: {problem}"))
            return report
        names = set(listed)
        if "checkpoints/latest.txt" not in names:
            report.add(Finding("bundle", "checkpoints/latest.txt not found"))
        if "entries.jsonl" not in names:
            report.add(Finding("bundle", "entries.jsonl not found"))
        else:
            with bundle.open("entries.jsonl") as entries:
                for number, line in enumerate(entries, 1):
                    entry, problems, parts = _parse_line(line, number)
                    verifier.add_entry(entry, problems, parts)
        for name in sorted(n for n in names if n.startswith("checkpoints/")):
            try:
                text = bundle.read(name).decode("utf-8")
            except UnicodeDecodeError:
                text = ""
            verifier.add_checkpoint(name[len("checkpoints/") :], text)
        if trusted_checkpoint is not None:
            verifier.add_trusted_checkpoint(trusted_checkpoint)
        verifier.finish()
        _check_trusted_key(report, trusted_key)
        _check_manifest(report, bundle, names)
        _check_keys(report, bundle, names)
        _check_proofs(report, bundle, names)
    if proof is not None:
        report.findings.extend(check_proof(proof, trusted_key, report).findings)
    return report


def _check_trusted_key(report: Report, trusted_key: str | None) -> None:
    if trusted_key is None:
        return
    log_key = report.log_key
    if log_key is None or not fingerprint_matches(trusted_key, log_key.public_key, log_key.key_id):
        report.add(
            Finding(
                "trusted key",
                "the log key of this bundle is not the trusted key "
                "(the whole log may have been replaced)",
            )
        )


def _check_manifest(report: Report, bundle: zipfile.ZipFile, names: set[str]) -> None:
    check_signed_manifest(report, bundle, names, BUNDLE_FORMAT, "", "bundle")


def check_signed_manifest(
    report: Report, archive: zipfile.ZipFile, names: set[str], fmt: str, prefix: str, what: str
) -> None:
    """MANIFEST.sha256 of a bundle or pack: signed by the log key, naming `fmt` and the
    log, listing every other file of `archive` with its SHA-256."""
    where = f"{prefix}MANIFEST.sha256"
    if "MANIFEST.sha256" not in names:
        report.add(Finding(what, "MANIFEST.sha256 not found"))
        return
    log_key = report.log_key
    text = archive.read("MANIFEST.sha256").decode("utf-8", "replace")
    try:
        if log_key is None:
            # Its signature cannot be checked, but the hashes it lists still tell which
            # members changed.
            report.add(
                Finding(what, "the manifest's signature cannot be checked without the log key")
            )
            body, _ = parse_note(text)
        else:
            body = verify_note(text, log_key.name, log_key.public_key)
    except ValueError as exc:
        report.add(Finding(where, f"rejected: {exc}"))
        return
    lines = body[:-1].split("\n")
    origin = log_key.name if log_key is not None else (lines[1] if len(lines) > 1 else "")
    if lines[:2] != [fmt, origin]:
        report.add(Finding(where, f"is not a manifest of this log's {what}"))
        return
    listed: dict[str, str] = {}
    for line in lines[2:]:
        digest, _, name = line.partition("  ")
        if name in listed or not name:
            report.add(Finding(where, f"lists {name!r} twice or malformed"))
        listed[name] = digest
    suffix = f" {what} manifest" if prefix else " manifest"
    for name in sorted(names - {"MANIFEST.sha256"} - set(listed)):
        report.add(Finding(name, f"not listed in the{suffix} (added after signing)"))
    for name, digest in sorted(listed.items()):
        if name not in names:
            report.add(Finding(name, f"not found (listed in the{suffix})"))
        elif hashlib.sha256(archive.read(name)).hexdigest() != digest:
            report.add(Finding(name, f"hash value doesn't match the{suffix}"))


def _check_keys(report: Report, bundle: zipfile.ZipFile, names: set[str]) -> None:
    if "keys.json" not in names:
        report.add(Finding("keys.json", "not found"))
        return
    try:
        listed = json.loads(bundle.read("keys.json"))["keys"]
        published = {(k["key_id"], k["valid_from_seq"]): k for k in listed}
    except (ValueError, KeyError, TypeError):
        report.add(Finding("keys.json", "is not a valid key list"))
        return
    for key in report.keys:
        entry = published.pop((key.key_id, key.valid_from), None)
        if entry is None:
            report.add(
                Finding("keys.json", f"lacks key {key.key_id} introduced at seq {key.valid_from}")
            )
        elif entry != key.as_json():
            report.add(
                Finding(
                    "keys.json",
                    f"describes key {key.key_id} differently from the "
                    "log (public key, owner or validity)",
                )
            )
    for key_id, _ in published:
        report.add(Finding("keys.json", f"lists key {key_id}, which the log never introduced"))


def _check_proofs(report: Report, bundle: zipfile.ZipFile, names: set[str]) -> None:
    roots: dict[int, bytes] = {}
    for name in names:
        if name.startswith("checkpoints/"):
            try:
                checkpoint = parse_checkpoint(bundle.read(name).decode("utf-8"))
                roots.setdefault(checkpoint.size, checkpoint.root)
            except (ValueError, UnicodeDecodeError):
                continue
    for name in sorted(n for n in names if n.startswith("proofs/")):
        try:
            proof = json.loads(bundle.read(name))
            old, new = int(proof["old_size"]), int(proof["new_size"])
            old_root = base64.b64decode(proof["old_root"], validate=True)
            new_root = base64.b64decode(proof["new_root"], validate=True)
            path = [base64.b64decode(p, validate=True) for p in proof["proof"]]
        except (ValueError, KeyError, TypeError):
            report.add(Finding(name, "is not a valid consistency proof file"))
            continue
        if roots.get(old) != old_root or roots.get(new) != new_root:
            report.add(Finding(name, "does not refer to checkpoints in this bundle"))
        elif not verify_consistency(old, new, old_root, new_root, path):
            report.add(Finding(name, "consistency proof does not verify"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="verify_bundle.py",
        description="Verify an Airlock audit bundle (needs only Python and cryptography).",
    )
    parser.add_argument("bundle", help="the .zip bundle exported by `airlock audit export`")
    parser.add_argument(
        "--trusted-checkpoint",
        metavar="FILE",
        help="a checkpoint you kept earlier: proves the log was not truncated or rolled back since",
    )
    parser.add_argument(
        "--trusted-key",
        metavar="FINGERPRINT",
        help="the log key fingerprint you received out of band",
    )
    parser.add_argument(
        "--proof",
        metavar="FILE",
        help="an inclusion or consistency proof from `airlock audit proof`, "
        "checked against this bundle",
    )
    args = parser.parse_args(argv)
    texts: dict[str, str | None] = {}
    for option in ("trusted_checkpoint", "proof"):
        name = getattr(args, option)
        texts[option] = None
        if name:
            try:
                with open(name, encoding="utf-8") as handle:
                    texts[option] = handle.read()
            except (OSError, UnicodeDecodeError) as exc:
                print(f"error: cannot read {name}: {exc}", file=sys.stderr)
                return 2
    report = verify_bundle(
        args.bundle, texts["trusted_checkpoint"], args.trusted_key, texts["proof"]
    )
    print(render(report))
    return 0 if report.ok else 1


def render(report: Report) -> str:
    lines = [finding.line() for finding in report.findings]
    if report.log_key is not None:
        lines.append(
            f"Log key {report.log_key.key_id}, fingerprint "
            f"{log_key_fingerprint(report.log_key.public_key)}"
        )
    lines.append(report.summary())
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
