"""`airlock project create|list|show|edit`."""

from __future__ import annotations

import argparse

from engine.cli.common import project_name, session
from engine.projects import RISK_TIERS, Project, ProjectFields
from engine.security.actor import Actor
from engine.workspace import Workspace


def _fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--objective", help="the business objective")
    parser.add_argument("--decision", help="the decision the model supports")
    parser.add_argument(
        "--criterion",
        action="append",
        metavar="METRIC>=VALUE",
        help="a success criterion, e.g. recall>=0.70 (repeat for several; "
        "given at all, they replace the old ones)",
    )
    parser.add_argument("--owner", metavar="USER")
    parser.add_argument("--risk-tier", choices=RISK_TIERS)
    parser.add_argument("--intended-uses")
    parser.add_argument("--out-of-scope-uses")


def _to_fields(args: argparse.Namespace) -> ProjectFields:
    return ProjectFields(
        objective=args.objective,
        decision=args.decision,
        success_criteria=args.criterion,
        owner=args.owner,
        risk_tier=args.risk_tier,
        intended_uses=args.intended_uses,
        out_of_scope_uses=args.out_of_scope_uses,
    )


def register(commands: argparse._SubParsersAction) -> None:
    project = commands.add_parser("project", help="projects and their business objectives")
    sub = project.add_subparsers(dest="project_command", metavar="COMMAND", required=True)
    create = sub.add_parser("create", help="create a project")
    create.add_argument("name")
    _fields(create)
    create.set_defaults(run=cmd_create)
    sub.add_parser("list", help="list projects").set_defaults(run=cmd_list)
    show = sub.add_parser("show", help="show a project (default: the selected one)")
    show.add_argument("name", nargs="?")
    show.set_defaults(run=cmd_show)
    edit = sub.add_parser("edit", help="edit a project (default: the selected one)")
    edit.add_argument("name", nargs="?")
    _fields(edit)
    edit.set_defaults(run=cmd_edit)


def render(project: Project, names: dict[str, str]) -> str:
    criteria = "; ".join(c.text() for c in project.success_criteria) or "—"
    owner = names.get(project.owner or "", project.owner or "—")
    return "\n".join(
        [
            f"Project:           {project.name} ({project.id})",
            f"Objective:         {project.objective or '—'}",
            f"Decision:          {project.decision or '—'}",
            f"Success criteria:  {criteria}",
            f"Owner:             {owner}",
            f"Risk tier:         {project.risk_tier}",
            f"Intended uses:     {project.intended_uses or '—'}",
            f"Out of scope:      {project.out_of_scope_uses or '—'}",
            f"Created / updated: {project.created[:19]} / {project.updated[:19]}",
        ]
    )


def _names(ws: Workspace, actor: Actor) -> dict[str, str]:
    return {u.id: u.name for u in ws.users.list(actor)}


def cmd_create(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        project = ws.projects.create(actor, args.name, _to_fields(args))
        print(render(project, _names(ws, actor)))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        for project in ws.projects.list(actor):
            criteria = "; ".join(c.text() for c in project.success_criteria)
            print(f"{project.name:<24} {project.risk_tier:<9} {criteria}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        print(render(ws.projects.get(actor, args.name or project_name(args)), _names(ws, actor)))
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    with session(args) as (ws, actor):
        project = ws.projects.edit(actor, args.name or project_name(args), _to_fields(args))
        print(render(project, _names(ws, actor)))
    return 0
