"""Authority replayed from the log itself: which users exist, their roles and status, which
keys each may sign with, the retention period, and whether an entry's actor, action and key
changes are ones the log allows (docs/audit-format.md §4–§6).

Standard library only: standalone.py copies it into the verify_bundle.py of every bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .content_checks import CONTENT_CHECKS, target_user
from .key_rules import complete_retirement, may_add, may_retire
from .record import KEY_PURPOSES, b64, key_id, parse_time, unb64
from .rules import (
    ACTION_ROLES,
    DEFAULT_RETENTION_DAYS,
    KEY_ACTIONS,
    MIN_RETENTION_DAYS,
    NEVER_PRUNED,
    RECOVERY,
    RETENTION_SETTING,
    ROLES,
    TIME_SKEW,
    never_pruned,
)

__all__ = [
    "ACTION_ROLES",
    "DEFAULT_RETENTION_DAYS",
    "KEY_ACTIONS",
    "MIN_RETENTION_DAYS",
    "NEVER_PRUNED",
    "RECOVERY",
    "RETENTION_SETTING",
    "ROLES",
    "TIME_SKEW",
    "Authority",
    "KeyInfo",
    "Prune",
    "UserState",
    "never_pruned",
]


@dataclass
class KeyInfo:
    """One validity range of a key, as the log introduced it."""

    key_id: str
    name: str
    purpose: str
    user_id: str | None
    public_key: bytes
    valid_from: int
    valid_to: int | None = None  # inclusive; None while the key is current

    def valid_at(self, seq: int) -> bool:
        return self.valid_from <= seq and (self.valid_to is None or seq <= self.valid_to)

    def as_json(self) -> dict[str, Any]:
        return {
            "key_id": self.key_id,
            "name": self.name,
            "purpose": self.purpose,
            "user_id": self.user_id,
            "algorithm": "ed25519",
            "public_key": b64(self.public_key),
            "valid_from_seq": self.valid_from,
            "valid_to_seq": self.valid_to,
        }


@dataclass
class UserState:
    role: str
    role_since: int
    enabled: bool = True
    disabled_at: int | None = None


@dataclass(frozen=True)
class Prune:
    seq: int
    through: int
    before: datetime


@dataclass
class Authority:
    """The state at the current point of the replay. `check_*` return the problems of one
    entry (empty when it is allowed); `apply` records the effects of a valid entry."""

    origin: str = ""
    users: dict[str, UserState] = field(default_factory=dict)
    keys: dict[str, list[KeyInfo]] = field(default_factory=dict)
    introduced: list[KeyInfo] = field(default_factory=list)  # every range, in log order
    log_key: KeyInfo | None = None
    recovery_key: KeyInfo | None = None
    retention_days: int = DEFAULT_RETENTION_DAYS
    prunes: list[Prune] = field(default_factory=list)

    # -- keys ------------------------------------------------------------------------------
    def valid(self, key: str, seq: int) -> list[KeyInfo]:
        return [k for k in self.keys.get(key, []) if k.valid_at(seq)]

    def user_keys(self, user_id: str, seq: int) -> set[str]:
        """Ids of the user keys of `user_id` valid at `seq`."""
        return {
            k.key_id
            for k in self.introduced
            if k.purpose == "user" and k.user_id == user_id and k.valid_at(seq)
        }

    def _add_key(self, info: KeyInfo) -> None:
        self.keys.setdefault(info.key_id, []).append(info)
        self.introduced.append(info)

    def _retire(self, key: str, seq: int) -> None:
        for info in self.keys.get(key, []):
            if info.valid_to is None:
                info.valid_to = seq

    # -- entry 1 ---------------------------------------------------------------------------
    def genesis(self, entry: dict[str, Any]) -> list[str]:
        """Load entry 1 (workspace.init): the first administrator and the first keys. Its
        signature is checked afterwards with the administrator key it introduces."""
        problems: list[str] = []
        if entry["action"] != "workspace.init":
            return ["the first entry is not workspace.init"]
        self.origin = f"airlock/{entry['log_id']}"
        details, actor = entry["details"], entry["actor"]
        admin = details.get("admin")
        if not isinstance(admin, str) or not admin:
            return ["workspace.init names no first administrator (details.admin)"]
        keys = [self._parse_key(item, 1, problems) for item in details.get("keys_added") or []]
        parsed = [k for k in keys if k is not None]
        by_purpose = {p: [k for k in parsed if k.purpose == p] for p in KEY_PURPOSES}
        want_recovery = (1,) if entry["v"] >= 2 else (0, 1)
        if (
            len(by_purpose["log"]) != 1
            or len(by_purpose["recovery"]) not in want_recovery
            or len(by_purpose["user"]) != 1
            or by_purpose["user"][0].user_id != admin
        ):
            problems.append(
                "workspace.init must introduce exactly the log key, the recovery "
                "key and one user key of the first administrator"
            )
        if details.get("keys_retired"):
            problems.append("workspace.init retires keys")
        user_key = by_purpose["user"][0] if by_purpose["user"] else None
        if user_key is None or actor != {
            "user_id": admin,
            "role": "admin",
            "key_id": user_key.key_id,
        }:
            problems.append(
                "workspace.init is not signed by the first administrator's key in the role admin"
            )
        for info in parsed:
            if info.purpose == "log" and self.log_key is None:
                self.log_key = info
            elif info.purpose == "recovery" and self.recovery_key is None:
                self.recovery_key = info
            self._add_key(info)
        self.users[admin] = UserState("admin", 1)
        return problems

    def _parse_key(self, item: Any, seq: int, problems: list[str]) -> KeyInfo | None:
        try:
            info = KeyInfo(
                item["key_id"],
                item["name"],
                item["purpose"],
                item["user_id"],
                unb64(item["public_key"]),
                valid_from=seq,
            )
        except (KeyError, TypeError, ValueError):
            problems.append("introduces a malformed key")
            return None
        if (
            info.purpose not in KEY_PURPOSES
            or len(info.public_key) != 32
            or not isinstance(info.name, str)
            or set(item) != {"key_id", "name", "purpose", "user_id", "public_key"}
        ):
            problems.append(f"introduces key {info.key_id} of unknown kind")
            return None
        if key_id(info.name, info.public_key) != info.key_id:
            problems.append(f"introduces key {info.key_id} whose id does not match it")
            return None
        expected = {
            "log": (self.origin, None),
            "recovery": (f"{self.origin}/recovery", None),
            "user": (f"{self.origin}/user/{info.user_id}", info.user_id),
        }[info.purpose]
        if (info.name, info.user_id) != expected or (
            info.purpose == "user" and not isinstance(info.user_id, str)
        ):
            problems.append(
                f"introduces {info.purpose} key {info.key_id} named {info.name!r} "
                f"for {info.user_id}: its name or owner does not fit its purpose"
            )
            return None
        return info

    # -- signed entries --------------------------------------------------------------------
    def check_actor(self, entry: dict[str, Any], signer: KeyInfo) -> list[str]:
        """Whether the key that signed `entry` may sign it as its actor, in its role, for its
        action (§4). A pruned format-1 entry has no action: only its actor is checked."""
        actor, version = entry["actor"], entry["v"]
        action = entry.get("action")
        if action is not None and action not in ACTION_ROLES:
            return [f"has the unknown action {action!r}"]
        if signer.purpose == "log":
            return ["is signed with the log key, which signs only checkpoints and manifests"]
        if signer.purpose == "recovery":
            problems = []
            if action != "user.recover":
                problems.append(f"the recovery key may sign only user.recover, not {action}")
            if actor != {"user_id": RECOVERY, "role": RECOVERY, "key_id": signer.key_id}:
                problems.append(
                    "an entry of the recovery key must have the actor "
                    "{user_id: recovery, role: recovery}"
                )
            return problems
        if action == "user.recover":
            return ["user.recover must be signed by the recovery key, not a user key"]
        if action == "auth.fail":
            return ["a failed login is written unsigned: a signed auth.fail is not genuine"]
        user_id = str(actor["user_id"])
        user = self.users.get(user_id)
        if user is None:
            return [f"its actor {user_id} is not a user the log established"]
        lenient = version == 1 and action in (None, "access.denied", "auth.lock")
        if not user.enabled and not lenient:
            return [
                f"{user_id} was disabled at seq {user.disabled_at}: a disabled user signs nothing"
            ]
        if actor["role"] != user.role and not (version == 1 and action in (None, "auth.lock")):
            return [
                f"claims the role {actor['role']!r}, but the log gives {user_id} the role "
                f"{user.role!r} at this seq (since seq {user.role_since})"
            ]
        if action is None:
            return []
        if action == "user.passwd":
            if entry.get("target", f"user:{user_id}") != f"user:{user_id}" and user.role != "admin":
                return [
                    f"only an administrator may set another user's password; {user_id} "
                    f"is {user.role}"
                ]
            return []
        if user.role not in ACTION_ROLES[action]:
            allowed = ", ".join(sorted(ACTION_ROLES[action])) or "nobody"
            return [f"the role {user.role} may not {action} (allowed: {allowed})"]
        return []

    def check_unsigned(self, entry: dict[str, Any]) -> list[str]:
        """An unsigned entry must be a failed login naming a real user (or none) in the role
        the log gives them (§3)."""
        actor = entry["actor"]
        if entry.get("action", "auth.fail") != "auth.fail":
            return [f"is unsigned, but only auth.fail may be unsigned, not {entry['action']}"]
        if actor["key_id"] is not None:
            return ["names a signing key but carries no signature"]
        if actor["user_id"] is None:
            return [] if actor["role"] is None else ["an unknown user has no role"]
        user = self.users.get(str(actor["user_id"]))
        if user is None:
            return [f"names {actor['user_id']}, who is not a user the log established"]
        if actor["role"] != user.role:
            return [
                f"gives {actor['user_id']} the role {actor['role']!r}; the log gives {user.role!r}"
            ]
        return []

    def check_content(self, entry: dict[str, Any], signer: KeyInfo) -> list[str]:
        """The details of a whole, signed entry: key changes and the facts the replay
        reads (§4–§6)."""
        seq, action, details = entry["seq"], entry["action"], entry["details"]
        problems: list[str] = []
        added, retired = details.get("keys_added"), details.get("keys_retired")
        if (added or retired) and action not in KEY_ACTIONS:
            return [f"a {action} entry may not introduce or retire keys"]
        if action == "workspace.init":
            return ["workspace.init may only be entry 1"]
        target = target_user(entry["target"])
        check = CONTENT_CHECKS.get(action)
        if check is not None:
            problems.extend(check(self, entry, target, signer))
        if (added is not None and not isinstance(added, list)) or (
            retired is not None and not isinstance(retired, list)
        ):
            return [*problems, "keys_added and keys_retired must be lists"]
        for item in added or []:
            info = self._parse_key(item, seq, problems)
            if info is not None:
                problems.extend(may_add(self, entry, info, target, signer))
        for key in retired or []:
            problems.extend(may_retire(self, entry, key, target, signer))
        if entry["v"] >= 2:
            problems.extend(complete_retirement(self, entry, target, signer))
        return problems

    def _role(self, user_id: str | None) -> str | None:
        user = self.users.get(str(user_id))
        return user.role if user is not None else None

    # -- effects ---------------------------------------------------------------------------
    def apply(self, entry: dict[str, Any]) -> None:
        """Record the effects of a valid, whole entry."""
        seq, action, details = entry["seq"], entry["action"], entry["details"]
        for key in details.get("keys_retired") or []:
            self._retire(str(key), seq)
        for item in details.get("keys_added") or []:
            info = KeyInfo(
                item["key_id"],
                item["name"],
                item["purpose"],
                item["user_id"],
                unb64(item["public_key"]),
                valid_from=seq,
            )
            self._add_key(info)
            if info.purpose == "recovery":
                self.recovery_key = info
        target = target_user(entry["target"])
        if action == "user.add":
            self.users[details["user_id"]] = UserState(details["role"], seq)
        elif target is not None and target in self.users:
            user = self.users[target]
            if action == "user.role":
                user.role, user.role_since = details["to"], seq
            elif action == "user.disable":
                user.enabled, user.disabled_at = False, seq
            elif action in ("user.enable", "user.recover"):
                user.enabled, user.disabled_at = True, None
        if action == "workspace.settings" and entry["target"] == RETENTION_SETTING:
            self.retention_days = int(details["to"])
        elif action == "audit.prune":
            self.prunes.append(
                Prune(seq, int(details["through_seq"]), parse_time(details["before"]))
            )
