"""What the content of a user, key, setting or prune entry must satisfy beyond its signer's
role (docs/audit-format.md §5-§6): a new user's role, a role change, an enable or disable,
a recovery-key rotation, the retention setting, a prune's bounds.

Standard library only: standalone.py copies it into the verify_bundle.py of every bundle.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from .record import parse_time
from .rules import MIN_RETENTION_DAYS, RECOVERY, RETENTION_SETTING, ROLES

if TYPE_CHECKING:
    from .authority import Authority, KeyInfo, UserState


def target_user(target: Any) -> str | None:
    if isinstance(target, str) and target.startswith("user:"):
        return target[len("user:") :]
    return None


# -- per-action details (§6) ---------------------------------------------------------------
def _user_add(
    auth: Authority, entry: dict[str, Any], target: str | None, signer: KeyInfo
) -> list[str]:
    details = entry["details"]
    new = details.get("user_id")
    if not isinstance(new, str) or target != new:
        return ["user.add must name the new user in details.user_id and in its target"]
    if new in auth.users or new == RECOVERY:
        return [f"user.add establishes {new} a second time"]
    if details.get("role") not in ROLES:
        return [f"user.add gives the unknown role {details.get('role')!r}"]
    added = details.get("keys_added") or []
    if len(added) != 1 or not isinstance(added[0], dict) or added[0].get("user_id") != new:
        return ["user.add must introduce exactly one key, of the new user"]
    return []


def _known_target(auth: Authority, target: str | None) -> UserState | None:
    return auth.users.get(target) if target is not None else None


def _user_role(
    auth: Authority, entry: dict[str, Any], target: str | None, signer: KeyInfo
) -> list[str]:
    user = _known_target(auth, target)
    if user is None:
        return [f"user.role targets {entry['target']}, not a user the log established"]
    details = entry["details"]
    if details.get("from") != user.role:
        return [f"user.role says {target} was {details.get('from')!r}; the log says {user.role!r}"]
    if details.get("to") not in ROLES:
        return [f"user.role gives the unknown role {details.get('to')!r}"]
    return []


def _user_status(
    auth: Authority, entry: dict[str, Any], target: str | None, signer: KeyInfo
) -> list[str]:
    action = entry["action"]
    user = _known_target(auth, target)
    if user is None:
        return [f"{action} targets {entry['target']}, not a user the log established"]
    if action == "user.disable" and not user.enabled:
        return [f"user.disable targets {target}, who is already disabled"]
    if action == "user.enable" and user.enabled:
        return [f"user.enable targets {target}, who is not disabled"]
    if action == "user.recover" and user.role != "admin":
        return [f"user.recover targets {target}, who is {user.role}, not an administrator"]
    resets = action == "user.recover" or (
        action == "user.passwd" and signer.purpose == "user" and signer.user_id != target
    )
    if resets and entry["v"] >= 2 and len(entry["details"].get("keys_added") or []) != 1:
        return [f"{action} of {target} must introduce exactly one new key for them"]
    return []


def _rotate_recovery(
    auth: Authority, entry: dict[str, Any], target: str | None, signer: KeyInfo
) -> list[str]:
    """A new recovery key replaces the one in force: exactly one added, it retired."""
    details, seq = entry["details"], entry["seq"]
    added = details.get("keys_added") or []
    current = {k.key_id for k in auth.introduced if k.purpose == "recovery" and k.valid_at(seq)}
    if len(added) != 1 or not isinstance(added[0], dict) or added[0].get("purpose") != "recovery":
        return ["keys.rotate_recovery must introduce exactly one recovery key"]
    if set(map(str, details.get("keys_retired") or [])) != current:
        return [
            "keys.rotate_recovery must retire the recovery key in force "
            f"({', '.join(sorted(current)) or 'none'})"
        ]
    return []


def _settings(
    auth: Authority, entry: dict[str, Any], target: str | None, signer: KeyInfo
) -> list[str]:
    if entry["target"] == RETENTION_SETTING:
        value = entry["details"].get("to")
        if type(value) is not int or value < MIN_RETENTION_DAYS:
            return [
                f"sets the audit retention to {value!r} days; the minimum is {MIN_RETENTION_DAYS}"
            ]
    return []


def _prune(
    auth: Authority, entry: dict[str, Any], target: str | None, signer: KeyInfo
) -> list[str]:
    details, seq = entry["details"], entry["seq"]
    through, days = details.get("through_seq"), details.get("retention_days")
    if type(through) is not int or not 1 <= through < seq:
        return [f"audit.prune has through_seq {through!r}; it must be from 1 to {seq - 1}"]
    floor = max(MIN_RETENTION_DAYS, auth.retention_days)
    if type(days) is not int or days < floor:
        return [
            f"audit.prune uses a retention of {days!r} days; the log's retention period "
            f"is {floor} days"
        ]
    try:
        before = parse_time(details.get("before"))
    except ValueError:
        return ["audit.prune has no valid 'before' time"]
    latest = parse_time(entry["time"]) - timedelta(days=days)
    if before > latest:
        return [
            f"audit.prune cuts off at {details['before']}, inside the {days}-day "
            f"retention period (the cut-off must be {latest.isoformat()[:19]} or "
            "earlier)"
        ]
    return []


CONTENT_CHECKS = {
    "user.add": _user_add,
    "user.role": _user_role,
    "user.disable": _user_status,
    "user.enable": _user_status,
    "user.recover": _user_status,
    "user.passwd": _user_status,
    "workspace.settings": _settings,
    "audit.prune": _prune,
    "keys.rotate_recovery": _rotate_recovery,
}
