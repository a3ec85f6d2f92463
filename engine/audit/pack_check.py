"""Verify an evidence pack without the workspace: the audit bundle inside it verifies on
its own terms (chain, signatures, checkpoints, proofs), the pack's manifest is signed by the
same log key, every file matches its listed SHA-256 and none was added, and every audit
entry the timeline cites is in the signed log with the same hash.

Needs only the standard library and `cryptography`; standalone.py joins it with the bundle
verifier into the single-file verify_pack.py shipped in every pack."""

from __future__ import annotations

import argparse
import io
import json
import sys
import zipfile

from .bundle_check import check_signed_manifest, render, verify_bundle
from .checks import Finding, Report

PACK_FORMAT = "airlock-evidence-pack/v1"
PACK_BUNDLE = "audit-bundle.zip"


def verify_pack(path: str, trusted_key: str | None = None) -> Report:
    try:
        pack = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report = Report()
        report.add(Finding("pack", f"cannot be opened as a zip file: {exc}"))
        return report
    with pack:
        names = set(pack.namelist())
        if PACK_BUNDLE not in names:
            report = Report()
            report.add(Finding("pack", f"{PACK_BUNDLE} not found"))
            return report
        inner = pack.read(PACK_BUNDLE)
        report = verify_bundle(io.BytesIO(inner), None, trusted_key)  # type: ignore[arg-type]
        check_signed_manifest(report, pack, names, PACK_FORMAT, "pack ", "pack")
        _check_timeline(report, pack, names, inner)
    return report


def _check_timeline(report: Report, pack: zipfile.ZipFile, names: set[str], inner: bytes) -> None:
    if "timeline.json" not in names:
        report.add(Finding("pack", "timeline.json not found"))
        return
    try:
        timeline = json.loads(pack.read("timeline.json"))
        cited = [
            (int(e["seq"]), str(e["hash"])) for step in timeline["steps"] for e in step["entries"]
        ]
    except (ValueError, KeyError, TypeError):
        report.add(Finding("timeline.json", "is not a valid timeline"))
        return
    hashes: dict[int, str] = {}
    with zipfile.ZipFile(io.BytesIO(inner)) as bundle, bundle.open("entries.jsonl") as lines:
        for line in lines:
            try:
                entry = json.loads(line)
                hashes[int(entry["seq"])] = str(entry["hash"])
            except (ValueError, KeyError, TypeError):
                continue  # the bundle check already reported it
    for seq, digest in cited:
        if hashes.get(seq) != digest:
            report.add(
                Finding(
                    "timeline.json",
                    f"cites audit entry {seq} with a hash the signed log does not have",
                    seq,
                )
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="verify_pack.py",
        description="Verify an Airlock evidence pack (needs only Python and cryptography).",
    )
    parser.add_argument("pack", help="the .zip pack written by `airlock governance evidence`")
    parser.add_argument(
        "--trusted-key",
        metavar="FINGERPRINT",
        help="the log key fingerprint you received out of band",
    )
    args = parser.parse_args(argv)
    report = verify_pack(args.pack, args.trusted_key)
    print(render(report))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
