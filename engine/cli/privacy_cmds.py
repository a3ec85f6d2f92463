"""`airlock governance dpia | retention | purge | erase | flags`: the project's DPIA,
dataset retention periods, the crypto-shredding purge job, data-subject erasure requests,
and the model versions flagged for retraining after an erasure."""

from __future__ import annotations

import argparse
import json
import tomllib
from pathlib import Path
from typing import Any

from engine.cli.common import TerminalProgress, project_name, session
from engine.errors import ValidationError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "dpia",
        help="the project's DPIA: show it, list the questions, or save "
        "a new version from a TOML/JSON file of answers",
    )
    p.add_argument("--answers", metavar="FILE", help="question id = answer (TOML or JSON)")
    p.add_argument("--questions", action="store_true", help="print the questionnaire")
    p.add_argument("--history", action="store_true", help="every saved version")
    p.set_defaults(run=cmd_dpia)
    p = sub.add_parser(
        "retention",
        help="retention periods and expiry of dataset versions; --set DATASET DAYS (or none)",
    )
    p.add_argument("--set", nargs=2, metavar=("DATASET", "DAYS"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_retention)
    p = sub.add_parser(
        "purge", help="crypto-shred dataset versions past their retention period (administrators)"
    )
    p.add_argument("--dry-run", action="store_true", help="only list what would be shredded")
    p.set_defaults(run=cmd_purge)
    p = sub.add_parser(
        "erase",
        help="carry out a data-subject erasure request: a new version "
        "without their rows, the old versions shredded",
    )
    p.add_argument("dataset", metavar="DATASET")
    p.add_argument("--column", required=True, help="the subjects' id column")
    p.add_argument(
        "--id",
        action="append",
        default=[],
        dest="ids",
        metavar="VALUE",
        help="a subject's id (repeat the option for more)",
    )
    p.add_argument("--ids-file", metavar="FILE", help="one id per line")
    p.add_argument("--reference", required=True, help="the request's ticket number")
    p.set_defaults(run=cmd_erase)
    p = sub.add_parser(
        "flags",
        help="model versions to retrain because their data was erased, "
        "and the erasure requests carried out",
    )
    p.set_defaults(run=cmd_flags)


def _answers(path: str) -> dict[str, Any]:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"Cannot read {file}: {exc.strerror or exc}.") from exc
    try:
        body = json.loads(text) if file.suffix.lower() == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        kind = "JSON" if file.suffix.lower() == ".json" else "TOML"
        raise ValidationError(f"{file.name} is not valid {kind}: {exc}.") from exc
    if not isinstance(body, dict):
        raise ValidationError(f"{file.name} must hold question ids and answers.")
    return body


def cmd_dpia(args: argparse.Namespace) -> int:
    from engine.governance.dpia import questionnaire

    if args.questions:
        catalog = questionnaire()
        print(f"{catalog['title']} ({catalog['basis']})")
        for q in catalog["questions"]:
            need = "required" if q["required"] else "optional"
            choices = f" [{' / '.join(q['choices'])}]" if q.get("choices") else ""
            print(f"\n{q['id']} ({need}; {q['source']}){choices}\n  {q['text']}")
        return 0
    with session(args) as (ws, actor):
        project = project_name(args)
        if args.answers:
            saved = ws.governance.dpia.save(actor, _answers(args.answers), project=project)
            state = (
                "complete"
                if saved.complete
                else f"incomplete: {', '.join(saved.missing)} unanswered"
            )
            print(
                f"Saved DPIA version {saved.number} of {saved.project!r} ({state}); "
                f"sha256 {saved.sha256}."
            )
            return 0 if saved.complete else 3
        found = ws.governance.dpia.history(actor, project)
    if not found:
        print(
            "This project has no DPIA. See the questions: airlock governance dpia "
            "--questions; save answers: airlock governance dpia --answers FILE.toml"
        )
        return 3
    for record in found if args.history else found[:1]:
        state = (
            "complete"
            if record.complete
            else f"incomplete ({', '.join(record.missing)} unanswered)"
        )
        print(
            f"DPIA version {record.number} of {record.project!r}, {record.created[:19]} by "
            f"{record.created_by}: {state}; sha256 {record.sha256}"
        )
        if not args.history:
            for key, value in record.answers.items():
                print(f"  {key}: {value}")
    return 0 if found[0].complete else 3


def cmd_retention(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        project = project_name(args)
        if args.set:
            name, text = args.set
            days = None if text.lower() in ("none", "0", "-") else _int(text)
            ws.governance.retention.set(actor, name, days, project=project)
            print(f"{name}: " + (f"kept {days} days" if days else "no retention limit"))
            return 0
        rows = ws.governance.retention.overview(actor, project)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "dataset": r.dataset,
                        "days": r.days,
                        "personal": r.personal,
                        "expired": list(r.expired),
                        "versions": [v.__dict__ for v in r.versions],
                    }
                    for r in rows
                ],
                indent=2,
            )
        )
        return 0
    for row in rows:
        period = f"{row.days} days" if row.days else "no limit"
        mark = " (personal data)" if row.personal else ""
        print(f"{row.dataset}{mark}: {period}")
        for v in row.versions:
            state = (
                f"shredded {v.shredded[:10]} ({v.reason})"
                if v.shredded
                else ("EXPIRED " if v.ref in row.expired else "")
                + (f"expires {v.expires[:10]}" if v.expires else "kept")
            )
            print(f"  {v.ref:<28} made {v.created[:10]}  {state}")
    due = sum(len(r.expired) for r in rows)
    if due:
        print(f"{due} version(s) past retention: airlock governance purge")
    return 3 if due else 0


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValidationError(
            f"A retention period is a whole number of days, or none. Got {text!r}."
        ) from None


def cmd_purge(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        done = ws.governance.retention.purge(
            actor, project_name(args), dry_run=args.dry_run, progress=TerminalProgress("Purging")
        )
    if not done:
        print("No dataset version is past its retention period.")
    for item in done:
        if args.dry_run:
            print(f"would shred {item.ref}")
        else:
            kept = (
                ""
                if item.object_destroyed
                else " (tombstone only: another version still keeps the same content)"
            )
            print(f"shredded {item.ref}{kept}")
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    ids = list(args.ids)
    if args.ids_file:
        try:
            ids += [
                line.strip()
                for line in Path(args.ids_file).read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
        except OSError as exc:
            raise ValidationError(f"Cannot read {args.ids_file}: {exc.strerror or exc}.") from exc
    with session(args) as (ws, actor):
        done = ws.governance.retention.erase(
            actor,
            args.dataset,
            args.column,
            ids,
            reference=args.reference,
            project=project_name(args),
            progress=TerminalProgress("Erasing"),
        )
    print(
        f"Erasure {done.id} ({done.reference}): {done.subjects} subject(s), "
        f"{done.rows_removed} row(s) removed from {done.dataset}."
    )
    print(f"  new versions: {', '.join(done.new_versions)}")
    print(f"  shredded:     {', '.join(done.shredded)}")
    if done.flagged:
        print(f"  to retrain:   {', '.join(done.flagged)}")
    for note in done.notes:
        print(f"  note: {note}")
    return 0


def cmd_flags(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        flags = ws.governance.retention.retrain_flags(actor, project_name(args))
        erasures = ws.governance.retention.erasures(actor, project_name(args))
    for flag in flags:
        print(f"RETRAIN {flag.version}: {flag.reason} ({flag.created[:10]})")
    for item in erasures:
        print(
            f"erasure {item.id} {item.reference} on {item.created[:10]} by "
            f"{item.by}: {item.subjects} subject(s) from {item.dataset}; "
            f"shredded {', '.join(item.shredded)}"
        )
    if not flags and not erasures:
        print("No erasure request and no model to retrain.")
    return 3 if flags else 0
