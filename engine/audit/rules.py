"""Who may sign which action (docs/audit-format.md §4), which actions change keys or are
never pruned, and the retention bounds: the audit-side image of engine/security/rbac.py.

Standard library only: standalone.py copies it into the verify_bundle.py of every bundle.
"""

from __future__ import annotations

from datetime import timedelta

ROLES = ("admin", "analyst", "validator", "auditor")
RECOVERY = "recovery"  # the user id and role of the recovery key's entries
_ANY = frozenset(ROLES)
_A, _N, _V, _U = "admin", "analyst", "validator", "auditor"


def _roles(*names: str) -> frozenset[str]:
    return frozenset(names)


# action -> the roles that may sign it (docs/audit-format.md §4; the audit-side image of
# engine/security/rbac.py, which tests/audit/test_authority.py keeps in step).
ACTION_ROLES: dict[str, frozenset[str]] = {
    "workspace.init": _roles(_A),
    "auth.fail": frozenset(),  # always unsigned
    "user.recover": frozenset(),  # the recovery key only
    "user.passwd": _ANY,  # one's own; another user's only as an administrator
    **dict.fromkeys(
        (
            "workspace.upgrade",
            "workspace.settings",
            "user.add",
            "user.disable",
            "user.enable",
            "user.role",
            "keys.rotate_master",
            "keys.rotate_recovery",
            "audit.prune",
            "registry.import",
            "registry.trust",
            "serving.token",
            "serving.revoke",
            "governance.shred",
            "governance.erasure",
            "governance.retrain_flag",
            "data.erasure",
        ),
        _roles(_A),
    ),
    **dict.fromkeys(
        (
            "auth.login",
            "auth.lock",
            "access.denied",
            "object.get",
            "monitoring.profile",
            "governance.card_export",
            "governance.compliance",
            "governance.evidence",
        ),
        _ANY,
    ),
    **dict.fromkeys(
        (
            "project.create",
            "project.edit",
            "data.import",
            "data.prepare",
            "data.tag",
            "data.export",
            "training.run",
            "registry.register",
            "registry.edit",
            "registry.policy",
            "registry.stage",
            "registry.request",
            "registry.withdraw",
            "registry.export",
            "pipeline.add",
            "pipeline.run",
            "monitoring.monitor",
            "monitoring.annotate",
            "governance.mitigate",
            "governance.card",
            "governance.dpia",
            "governance.retention",
            "object.put",
        ),
        _roles(_A, _N),
    ),
    **dict.fromkeys(
        (
            "data.contract",
            "data.validate",
            "registry.score",
            "registry.test",
            "serving.start",
            "serving.refused",
            "monitoring.report",
            "monitoring.run",
            "monitoring.alert",
            "monitoring.ack",
            "governance.fairness",
        ),
        _roles(_A, _N, _V),
    ),
    "registry.approve": _roles(_V),
    "registry.rollback": _roles(_A, _V),
    "audit.verify": _roles(_A, _V, _U),
    "audit.checkpoint": _roles(_A, _U),
    "audit.export": _roles(_A, _U),
}
# Only these entries may introduce or retire keys.
KEY_ACTIONS = frozenset(
    {
        "workspace.init",
        "user.add",
        "user.enable",
        "user.disable",
        "user.passwd",
        "user.recover",
        "keys.rotate_recovery",
    }
)
# Entries the replay needs whole: never pruned (besides entry 1 and "keys" entries).
NEVER_PRUNED = frozenset(
    {
        "workspace.init",
        "workspace.upgrade",
        "workspace.settings",
        "keys.rotate_master",
        "keys.rotate_recovery",
        "audit.prune",
    }
)
DEFAULT_RETENTION_DAYS = 730
MIN_RETENTION_DAYS = 365
RETENTION_SETTING = "setting:audit_retention_days"
TIME_SKEW = timedelta(seconds=300)


def never_pruned(action: str) -> bool:
    return action in NEVER_PRUNED or action.startswith("user.")
