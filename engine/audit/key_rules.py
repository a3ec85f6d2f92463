"""Which key changes the log allows (docs/audit-format.md §5): who may add a key of which
purpose, who may retire one, and the end of a retirement; standard library only, joined into
the standalone verifier."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .authority import Authority, KeyInfo


def may_add(
    service: Authority, entry: dict[str, Any], info: KeyInfo, target: str | None, signer: KeyInfo
) -> list[str]:
    seq, action = entry["seq"], entry["action"]
    if info.purpose == "recovery" and action == "keys.rotate_recovery":
        return (
            []
            if signer.purpose == "user"
            else ["keys.rotate_recovery must be signed by an administrator's key"]
        )
    if info.purpose != "user":
        return [f"introduces a {info.purpose} key after entry 1"]
    if service.valid(info.key_id, seq):
        return [f"introduces key {info.key_id}, which is already valid"]
    owner = info.user_id
    by_admin = (
        signer.purpose == "user"
        and service._role(signer.user_id) == "admin"
        and action in ("user.add", "user.enable", "user.passwd")
        and owner == target
    )
    by_recovery = signer.purpose == "recovery" and owner == target
    by_self = signer.purpose == "user" and signer.user_id == owner and action == "user.passwd"
    if by_admin or by_recovery or by_self:
        return []
    return [
        f"introduces a key for {owner}, which only an administrator (per the log) "
        f"adding, enabling or resetting {owner}, the recovery key, or {owner}'s own "
        "key may do"
    ]


def may_retire(
    service: Authority, entry: dict[str, Any], key: Any, target: str | None, signer: KeyInfo
) -> list[str]:
    seq, action = entry["seq"], entry["action"]
    if action == "keys.rotate_recovery":
        held = [k for k in service.valid(str(key), seq) if k.purpose == "recovery"]
        return (
            [] if held else [f"retires key {key}, which is not the recovery key valid at this seq"]
        )
    current = [k for k in service.valid(str(key), seq) if k.purpose == "user"]
    if not current:
        return [f"retires key {key}, which is not a user key valid at this seq"]
    owner = current[0].user_id
    by_admin = (
        signer.purpose == "user"
        and service._role(signer.user_id) == "admin"
        and action in ("user.disable", "user.passwd")
        and owner == target
    )
    by_recovery = signer.purpose == "recovery" and owner == target
    by_self = signer.purpose == "user" and signer.user_id == owner
    if by_admin or by_recovery or by_self:
        return []
    return [
        f"retires key {key} of {owner}, which only an administrator disabling or "
        f"resetting {owner}, the recovery key, or {owner} may do"
    ]


def complete_retirement(
    service: Authority, entry: dict[str, Any], target: str | None, signer: KeyInfo
) -> list[str]:
    """Format 2: disabling, resetting and recovering retire every key the target held."""
    action, seq = entry["action"], entry["seq"]
    own = signer.purpose == "user" and signer.user_id == target
    if (
        target is None
        or action not in ("user.disable", "user.recover", "user.passwd")
        or (action == "user.passwd" and own)
    ):
        return []
    held = service.user_keys(target, seq)
    retired = {str(k) for k in entry["details"].get("keys_retired") or []}
    if held - retired:
        return [
            f"{action} leaves key(s) {', '.join(sorted(held - retired))} of {target} "
            "valid; it must retire every key they held"
        ]
    return []
