"""Roles and the one permission table. docs/roles.md is generated from this table and a
test checks that they agree; the engine services enforce it (never only a UI)."""

from __future__ import annotations

from enum import StrEnum

from engine.errors import ValidationError


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    VALIDATOR = "validator"
    AUDITOR = "auditor"


ALL = frozenset(Role)
A, N, V, U = Role.ADMIN, Role.ANALYST, Role.VALIDATOR, Role.AUDITOR

# action -> (roles allowed, what it means). An action not listed here is allowed to nobody.
PERMISSIONS: dict[str, tuple[frozenset[Role], str]] = {
    "user.list": (ALL, "list users and their roles"),
    "user.add": (frozenset({A}), "add a user"),
    "user.disable": (frozenset({A}), "disable a user"),
    "user.enable": (frozenset({A}), "enable a disabled user"),
    "user.role": (frozenset({A}), "change a user's role"),
    "user.passwd": (ALL, "change one's own password"),
    "user.passwd.other": (frozenset({A}), "set another user's password"),
    "keys.rotate_master": (frozenset({A}), "rotate the workspace master key"),
    "keys.rotate_recovery": (
        frozenset({A}),
        "replace the recovery key (the old one stops working)",
    ),
    "workspace.upgrade": (frozenset({A}), "upgrade the workspace database"),
    "workspace.settings": (frozenset({A}), "change workspace settings"),
    "project.read": (ALL, "read projects"),
    "project.create": (frozenset({A, N}), "create a project"),
    "project.edit": (frozenset({A, N}), "edit a project"),
    "data.read": (frozenset({A, N, V, U}), "read datasets, their versions and profiles"),
    "data.import": (frozenset({A, N}), "import a dataset"),
    "data.export": (frozenset({A, N}), "export a decrypted dataset version"),
    "data.prepare": (frozenset({A, N}), "derive a dataset version with a recipe"),
    "data.tag": (frozenset({A, N}), "tag columns and edit datasheets"),
    "data.contract": (frozenset({A, N, V}), "save a data contract version"),
    "data.validate": (frozenset({A, N, V}), "validate data against a contract"),
    "training.run": (frozenset({A, N}), "train models and record runs"),
    "training.read": (frozenset({A, N, V, U}), "read experiments, runs and their models"),
    "registry.read": (ALL, "read registered models, versions and approvals"),
    "registry.register": (frozenset({A, N}), "register a run's model as a model version"),
    "registry.edit": (frozenset({A, N}), "edit a model's description, tags and gate policy"),
    "registry.promote": (frozenset({A, N}), "move a version to dev, staging or archived"),
    "registry.request": (frozenset({A, N}), "request (or withdraw) promotion to production"),
    "registry.approve": (
        frozenset({V}),
        "approve or reject another person's request for production",
    ),
    "registry.rollback": (frozenset({A, V}), "roll production back to the previous version"),
    "registry.score": (frozenset({A, N, V}), "score a file with a registered version"),
    "registry.test": (frozenset({A, N, V}), "run a model test suite on a version"),
    "registry.export": (frozenset({A, N}), "export a signed deployment bundle"),
    "registry.import": (frozenset({A}), "trust a signing key and import deployment bundles"),
    "serving.token": (frozenset({A}), "create and list API tokens of the scoring service"),
    "serving.revoke": (frozenset({A}), "revoke an API token of the scoring service"),
    "pipeline.read": (ALL, "read pipelines and their runs"),
    "pipeline.edit": (frozenset({A, N}), "add a pipeline definition (version)"),
    "pipeline.run": (frozenset({A, N}), "run pipelines (by hand or unattended)"),
    "monitoring.read": (ALL, "read monitors, their runs and alerts"),
    "monitoring.edit": (frozenset({A, N}), "add a monitor (definition version) or annotate one"),
    "monitoring.run": (frozenset({A, N, V}), "compare data for drift and run monitors"),
    "monitoring.ack": (frozenset({A, N, V}), "acknowledge an alert"),
    "governance.read": (ALL, "read fairness reports and governance records"),
    "governance.assess": (frozenset({A, N, V}), "assess a model version's fairness"),
    "governance.mitigate": (frozenset({A, N}), "train a fairness-mitigated candidate run"),
    "governance.card": (frozenset({A, N}), "write and save a model card"),
    "governance.dpia": (frozenset({A, N}), "answer and save a project's DPIA"),
    "governance.retention": (frozenset({A, N}), "set a dataset's retention period"),
    "governance.purge": (
        frozenset({A}),
        "crypto-shred expired dataset versions and carry out erasure requests",
    ),
    "data.erasure": (frozenset({A}), "write a dataset version without erased subjects' rows"),
    "object.put": (frozenset({A, N}), "store an encrypted object"),
    "object.get": (ALL, "read an encrypted object"),
    "audit.read": (frozenset({A, V, U}), "read the audit log"),
    "audit.verify": (frozenset({A, V, U}), "verify the audit log"),
    "audit.checkpoint": (frozenset({A, U}), "save a signed checkpoint"),
    "audit.export": (frozenset({A, U}), "export an audit bundle"),
    "audit.prune": (frozenset({A}), "prune audit entries older than the retention period"),
}


# Actions that read and change nothing (an auditor may have these and no others).
READS = frozenset(
    {
        "user.list",
        "object.get",
        "project.read",
        "data.read",
        "audit.read",
        "audit.verify",
        "training.read",
        "registry.read",
        "pipeline.read",
        "monitoring.read",
        "governance.read",
    }
)


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise ValidationError(f"The role must be one of {choices}. Got {text!r}.") from None


def allowed(role: str, action: str) -> bool:
    entry = PERMISSIONS.get(action)
    return entry is not None and role in entry[0]


def describe(action: str) -> str:
    entry = PERMISSIONS.get(action)
    return entry[1] if entry else action


def matrix_markdown() -> str:
    """The role × action matrix as a Markdown table (docs/roles.md)."""
    roles = list(Role)
    lines = [
        "| action | meaning | " + " | ".join(r.value for r in roles) + " |",
        "|---|---|" + "---|" * len(roles),
    ]
    for action, (who, meaning) in PERMISSIONS.items():
        cells = " | ".join("yes" if r in who else "—" for r in roles)
        lines.append(f"| `{action}` | {meaning} | {cells} |")
    return "\n".join(lines) + "\n"
