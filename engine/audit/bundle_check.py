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
from .notes import parse_checkpoint, verify_note

BUNDLE_FORMAT = "airlock-audit-bundle/v1"
_SEQ_RE = re.compile(rb'"seq":(\d+)')
_HASH_RE = re.compile(rb'"hash":"([0-9a-f]{64})"')


def log_key_fingerprint(public_key: bytes) -> str:
    digest = hashlib.sha256(public_key).hexdigest()
    return " ".join(digest[i:i + 4] for i in range(0, 64, 4))


def _parse_line(line: bytes, number: int) -> dict[str, Any] | Unreadable:
    try:
        value = json.loads(line)
    except ValueError:
        seq = _SEQ_RE.search(line)
        stored = _HASH_RE.search(line)
        return Unreadable(int(seq.group(1)) if seq else None,
                          f"line {number} of entries.jsonl is not valid JSON",
                          stored.group(1).decode() if stored else None)
    if not isinstance(value, dict):
        return Unreadable(None, f"line {number} of entries.jsonl is not a JSON object")
    return value


def verify_bundle(path: str, trusted_checkpoint: str | None = None,
                  trusted_key: str | None = None) -> Report:
    """Check a bundle: manifest and its signature, every entry, key, checkpoint and proof,
    and (given a checkpoint kept by the auditor) that the log extends it."""
    verifier = LogVerifier()
    report = verifier.report
    try:
        bundle = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.add(Finding("bundle", f"cannot be opened as a zip file: {exc}"))
        return report
    with bundle:
        names = set(bundle.namelist())
        if "entries.jsonl" not in names:
            report.add(Finding("bundle", "entries.jsonl not found"))
        else:
            with bundle.open("entries.jsonl") as entries:
                for number, line in enumerate(entries, 1):
                    if line.strip():
                        verifier.add_entry(_parse_line(line, number))
        for name in sorted(n for n in names if n.startswith("checkpoints/")):
            try:
                text = bundle.read(name).decode("utf-8")
            except UnicodeDecodeError:
                text = ""
            verifier.add_checkpoint(name[len("checkpoints/"):], text)
        if trusted_checkpoint is not None:
            verifier.add_trusted_checkpoint(trusted_checkpoint)
        verifier.finish()
        _check_trusted_key(report, trusted_key)
        _check_manifest(report, bundle, names)
        _check_keys(report, bundle, names)
        _check_proofs(report, bundle, names)
    return report


def _check_trusted_key(report: Report, trusted_key: str | None) -> None:
    if trusted_key is None:
        return
    wanted = "".join(trusted_key.split()).lower()
    log_key = report.log_key
    actual = "" if log_key is None else log_key_fingerprint(log_key.public_key).replace(" ", "")
    if wanted not in (actual, "" if log_key is None else log_key.key_id):
        report.add(Finding("trusted key", "the log key of this bundle is not the trusted key "
                                          "(the whole log may have been replaced)"))


def _check_manifest(report: Report, bundle: zipfile.ZipFile, names: set[str]) -> None:
    check_signed_manifest(report, bundle, names, BUNDLE_FORMAT, "", "bundle")


def check_signed_manifest(report: Report, archive: zipfile.ZipFile, names: set[str],
                          fmt: str, prefix: str, what: str) -> None:
    """MANIFEST.sha256 of a bundle or pack: signed by the log key, naming `fmt` and the
    log, listing every other file of `archive` with its SHA-256."""
    where = f"{prefix}MANIFEST.sha256"
    if "MANIFEST.sha256" not in names:
        report.add(Finding(what, "MANIFEST.sha256 not found"))
        return
    log_key = report.log_key
    if log_key is None:
        report.add(Finding(what, "the manifest cannot be checked without the log key"))
        return
    try:
        body = verify_note(archive.read("MANIFEST.sha256").decode("utf-8", "replace"),
                           log_key.name, log_key.public_key)
    except ValueError as exc:
        report.add(Finding(where, f"rejected: {exc}"))
        return
    lines = body[:-1].split("\n")
    if lines[:2] != [fmt, log_key.name]:
        report.add(Finding(where, f"is not a manifest of this log's {what}"))
        return
    listed: dict[str, str] = {}
    for line in lines[2:]:
        digest, _, name = line.partition("  ")
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
            report.add(Finding("keys.json", f"lacks key {key.key_id} introduced at seq "
                                            f"{key.valid_from}"))
        elif entry != key.as_json():
            report.add(Finding("keys.json", f"describes key {key.key_id} differently from the "
                                            "log (public key, owner or validity)"))
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
        description="Verify an Airlock audit bundle (needs only Python and cryptography).")
    parser.add_argument("bundle", help="the .zip bundle exported by `airlock audit export`")
    parser.add_argument("--trusted-checkpoint", metavar="FILE",
                        help="a checkpoint you kept earlier: proves the log was not truncated "
                             "or rolled back since")
    parser.add_argument("--trusted-key", metavar="FINGERPRINT",
                        help="the log key fingerprint you received out of band")
    args = parser.parse_args(argv)
    trusted = None
    if args.trusted_checkpoint:
        try:
            with open(args.trusted_checkpoint, encoding="utf-8") as handle:
                trusted = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            print(f"error: cannot read {args.trusted_checkpoint}: {exc}", file=sys.stderr)
            return 2
    report = verify_bundle(args.bundle, trusted, args.trusted_key)
    print(render(report))
    return 0 if report.ok else 1


def render(report: Report) -> str:
    lines = [finding.line() for finding in report.findings]
    if report.log_key is not None:
        lines.append(f"Log key {report.log_key.key_id}, fingerprint "
                     f"{log_key_fingerprint(report.log_key.public_key)}")
    lines.append(report.summary())
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
