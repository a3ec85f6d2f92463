"""`airlock data import|list|show|export|lineage` (profiles, contracts, recipes and personal
data have their own modules)."""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.cli import contract_cmds
from engine.cli.common import TerminalProgress, project_name, session
from engine.errors import ValidationError


def _types(values: list[str] | None) -> dict[str, str]:
    out = {}
    for item in values or []:
        column, sep, kind = item.rpartition("=")
        if not sep or not column:
            raise ValidationError(f"--type takes COLUMN=TYPE. Got {item!r}.")
        out[column] = kind
    return out


def register(commands: argparse._SubParsersAction) -> None:
    data = commands.add_parser("data", help="datasets and their versions")
    sub = data.add_subparsers(dest="data_command", metavar="COMMAND", required=True)
    imp = sub.add_parser("import", help="import a CSV, Parquet or Excel file as a new version")
    imp.add_argument("file", type=Path)
    imp.add_argument("--name", required=True, help="dataset name (new or existing)")
    imp.add_argument("--sheet", help="Excel sheet name or number (default: the first)")
    imp.add_argument("--encoding", help="CSV encoding (default: detected), e.g. cp1256")
    imp.add_argument("--delimiter", help="CSV delimiter (default: detected)")
    imp.add_argument("--skip-rows", type=int, default=0, help="lines before the header row")
    imp.add_argument("--format", choices=["csv", "parquet", "excel"])
    imp.add_argument(
        "--type",
        action="append",
        metavar="COLUMN=TYPE",
        help="override a column's semantic type (numeric, categorical, boolean, "
        "datetime, text, identifier)",
    )
    imp.add_argument("--note", default="")
    imp.set_defaults(run=cmd_import)
    sub.add_parser("list", help="datasets of the project").set_defaults(run=cmd_list)
    show = sub.add_parser("show", help="a dataset's versions, or one version's schema")
    show.add_argument("ref", metavar="NAME[@V]")
    show.set_defaults(run=cmd_show)
    export = sub.add_parser("export", help="write a decrypted version (.csv or .parquet)")
    export.add_argument("ref", metavar="NAME@V")
    export.add_argument("out", type=Path)
    export.set_defaults(run=cmd_export)
    contract_cmds.register(sub)
    pii = sub.add_parser("pii", help="find likely personal data, with the evidence")
    pii.add_argument("ref", metavar="NAME@V")
    pii.set_defaults(run=cmd_pii)
    tag = sub.add_parser("tag", help="tag a column: personal, sensitive, identifier")
    tag.add_argument("name", metavar="DATASET")
    tag.add_argument("column")
    tag.add_argument(
        "--as", dest="tags", default="", help="comma-separated tags; empty clears them"
    )
    tag.set_defaults(run=cmd_tag)
    sheet = sub.add_parser("datasheet", help="show or edit a dataset's datasheet")
    sheet.add_argument("name", metavar="DATASET")
    sheet.add_argument(
        "--set",
        action="append",
        metavar="FIELD=VALUE",
        help="purpose, source, owner, legal_basis, retention_period, "
        "personal_data, sensitive_attributes, collection_period",
    )
    sheet.set_defaults(run=cmd_datasheet)
    prepare = sub.add_parser("prepare", help="apply a recipe (JSON or TOML): a new version")
    prepare.add_argument("ref", metavar="NAME@V")
    prepare.add_argument("--recipe", type=Path, required=True)
    prepare.add_argument("--name", help="store as this dataset (default: the same one)")
    prepare.set_defaults(run=cmd_prepare)
    profile = sub.add_parser("profile", help="statistics, histograms and warnings")
    profile.add_argument("ref", metavar="NAME@V")
    profile.add_argument("--html", type=Path, metavar="OUT", help="write an HTML report")
    profile.set_defaults(run=cmd_profile)
    lineage = sub.add_parser("lineage", help="where a version came from and what came of it")
    lineage.add_argument("ref", metavar="NAME@V")
    lineage.set_defaults(run=cmd_lineage)


def cmd_import(args: argparse.Namespace) -> int:
    from engine.data.readers import ImportOptions

    options = ImportOptions(
        format=args.format,
        encoding=args.encoding,
        delimiter=args.delimiter,
        skip_rows=args.skip_rows,
        sheet=args.sheet,
        types=_types(args.type),
    )
    with session(args) as (ws, actor):
        stored = ws.data.import_file(
            actor,
            args.file,
            args.name,
            project=project_name(args),
            options=options,
            note=args.note,
            progress=TerminalProgress("Importing"),
        )
        version = stored.version
        if stored.existing:
            print(f"{args.file.name} holds the same data as {version.ref}; no new version.")
        else:
            print(
                f"Imported {args.file.name} as {version.ref}: {version.rows:,} rows, "
                f"{version.columns} columns, content hash {version.content_hash[:16]}…"
            )
        read_as = stored.read_as
        if "encoding" in read_as:
            print(f"read as {read_as['encoding']} text, delimiter {read_as['delimiter']!r}")
        elif "sheet" in read_as:
            print(f"read sheet {read_as['sheet']!r}")
        for note in stored.notes:
            print(f"note: {note}")
        from engine.data.pii import sensitive_by_name

        dataset = next(
            (d for d in ws.data.datasets(actor, project_name(args)) if d.name == version.dataset),
            None,
        )
        suggested = sensitive_by_name(
            [c["name"] for c in version.schema], dict(dataset.column_tags) if dataset else {}
        )
        if suggested:  # governance from the first hour, not only for who opens Privacy
            one = len(suggested) == 1
            print(
                f"note: {', '.join(suggested)} "
                + (
                    "looks like a sensitive attribute: tag it"
                    if one
                    else "look like sensitive attributes: tag each"
                )
                + f" with `airlock data tag {version.dataset} COLUMN --as sensitive` "
                "(training leaves it out, fairness checks group by it) or `--as "
                "not_sensitive` to dismiss"
            )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        datasets = ws.data.datasets(actor, project_name(args))
        if not datasets:
            print("No datasets yet. Import one with `airlock data import FILE --name NAME`.")
        for dataset in datasets:
            latest = dataset.latest
            detail = f"{latest.rows:,} rows × {latest.columns}" if latest else ""
            print(f"{dataset.name:<28} {len(dataset.versions):>3} versions   {detail}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from engine.data.datasets import parse_ref

    name, number = parse_ref(args.ref)
    with session(args) as (ws, actor):
        if number is None and "@" not in args.ref:
            dataset = next(
                (
                    d
                    for d in ws.data.datasets(actor, project_name(args))
                    if d.name.casefold() == name.casefold()
                ),
                None,
            )
            if dataset is None:
                ws.data.version(actor, name, project_name(args))  # raises a clear NotFound
                return 1
            for v in dataset.versions:
                source = v.source_name or f"recipe from {', '.join(v.parents)}"
                if v.shredded:
                    source = f"SHREDDED {v.shredded[:10]}; {source}"
                print(
                    f"{v.ref:<24} {v.rows:>10,} rows {v.columns:>5} cols  {v.created[:19]}  "
                    f"{source}"
                )
            return 0
        version = ws.data.version(actor, args.ref, project_name(args))
        print(f"{version.ref}  ({version.id}) in project {version.project}")
        if version.shredded:
            print(
                f"SHREDDED on {version.shredded[:10]} ({version.shred_reason or 'retention'})"
                ": its data key is destroyed and its rows can never be read again"
            )
        print(
            f"rows {version.rows:,}, columns {version.columns}, content hash {version.content_hash}"
        )
        # keyed to this workspace (docs/security.md): not what sha256sum prints
        print(
            f"source {version.source_name or '—'} ({version.source_format or 'derived'}), "
            f"fingerprint {version.source_sha256 or '—'}"
        )
        print(f"{'column':<28} {'type':<14} {'semantic':<12} {'missing':>8} {'distinct':>9}")
        for column in version.schema:
            distinct = column["distinct"] if column["distinct"] is not None else "many"
            print(
                f"{column['name']:<28} {column['type']:<14} {column['semantic']:<12} "
                f"{column['nulls']:>8,} {distinct!s:>9}"
            )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        path = ws.data.export(
            actor,
            args.ref,
            args.out,
            project=project_name(args),
            progress=TerminalProgress("Exporting"),
        )
        print(f"Wrote {path} (decrypted). The export is recorded in the audit log.")
    return 0


def cmd_pii(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        findings = ws.data.personal_data(actor, args.ref, project_name(args))
        if not findings:
            print("No likely personal data found (name and content checks).")
        for finding in findings:
            print(
                f"{finding.column:<24} {finding.kind:<14} {finding.confidence:<7} "
                f"{'; '.join(finding.evidence)}"
                + (f"  e.g. {', '.join(finding.examples)}" if finding.examples else "")
            )
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        tags = ws.data.annotations.tag(
            actor, args.name, args.column, args.tags.split(","), project_name(args)
        )
        print(f"{args.column}: {', '.join(tags.get(args.column, [])) or 'no tags'}")
    return 0


def cmd_datasheet(args: argparse.Namespace) -> int:
    from engine.data.annotations import DATASHEET_FIELDS

    with session(args) as (ws, actor):
        fields = {}
        for item in args.set or []:
            key, sep, value = item.partition("=")
            if not sep:
                raise ValidationError(f"--set takes FIELD=VALUE. Got {item!r}.")
            fields[key.strip()] = value.strip()
        if fields:
            sheet = ws.data.annotations.set_datasheet(actor, args.name, fields, project_name(args))
        else:
            dataset = next(
                (
                    d
                    for d in ws.data.datasets(actor, project_name(args))
                    if d.name.casefold() == args.name.casefold()
                ),
                None,
            )
            if dataset is None:
                raise ValidationError(f"There is no dataset {args.name!r}.")
            sheet = dataset.datasheet
        for key, meaning in DATASHEET_FIELDS.items():
            print(f"{key:<22} {sheet.get(key) or '—'}   ({meaning})")
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        stored = ws.data.prepare(
            actor,
            args.ref,
            args.recipe,
            name=args.name,
            project=project_name(args),
            progress=TerminalProgress("Preparing"),
        )
        version = stored.version
        if stored.existing:
            print(f"The result equals {version.ref}; no new version.")
        else:
            print(
                f"Prepared {version.ref} from {args.ref}: {version.rows:,} rows, "
                f"{version.columns} columns."
            )
    return 0


def cmd_profile(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        if args.html:
            path = ws.data.profile_html(
                actor,
                args.ref,
                args.html,
                project=project_name(args),
                progress=TerminalProgress("Profiling"),
            )
            print(f"Wrote {path}.")
            return 0
        profile = ws.data.profile(
            actor, args.ref, project_name(args), progress=TerminalProgress("Profiling")
        )
        print(f"{profile.dataset}: {profile.rows:,} rows, {len(profile.columns)} columns")
        print(
            f"{'column':<24} {'semantic':<12} {'missing':>8} {'distinct':>9} "
            f"{'mean':>10} {'std':>10} {'min':>10} {'median':>10} {'max':>10}  top"
        )

        def num(value: object) -> str:
            if value is None:
                return ""
            return f"{value:,.4g}" if isinstance(value, float | int) else str(value)[:10]

        for c in profile.columns:
            top = ", ".join(f"{v} ({n})" for v, n in c.top[:3])
            print(
                f"{c.name:<24} {c.semantic:<12} {c.missing_share:>8.1%} {c.distinct:>9,} "
                f"{num(c.mean):>10} {num(c.std):>10} {num(c.min):>10} "
                f"{num(c.quantiles.get('p50')):>10} {num(c.max):>10}  {top[:40]}"
            )
        if profile.warnings:
            print("warnings:")
            for warning in profile.warnings:
                print(f"  {warning}")
    return 0


def cmd_lineage(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        lineage = ws.data.lineage(actor, args.ref, project_name(args))
        parents: dict[str, list[str]] = {}
        for parent, child in lineage.edges:
            parents.setdefault(child, []).append(parent)
        for node in lineage.nodes:
            mark = "*" if node.id == lineage.focus.id else " "
            origin = (
                ", ".join(lineage.node(p).ref for p in parents.get(node.id, []))
                or f"imported from {node.source_name or '?'}"
            )
            recipe = f" by recipe {node.recipe.get('name', '')}" if node.recipe else ""
            print(f"{mark} {node.ref:<24} <- {origin}{recipe}")
    return 0
