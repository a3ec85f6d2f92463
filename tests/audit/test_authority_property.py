"""Property: any history the engine writes through its own services — users added, roles
changed, users disabled and enabled, passwords changed and reset, the administrator
recovered, the master key rotated, failed logins, prunes past the retention period — always
verifies; and one entry forged into it by an insider who holds one analyst's password never
does, whatever history it lands in."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.audit.record import format_time
from engine.errors import AirlockError
from engine.projects import ProjectFields
from engine.workspace import Workspace
from tests.audit import independent_verifier as independent
from tests.audit.insider import Insider, new_key
from tests.helpers import invalid_seqs, lines

from conftest import ADMIN_PASSWORD, Clock

ROLES = ("admin", "analyst", "validator", "auditor")
NAMES = ("u1", "u2", "u3")
MALLORY = ("mallory", "mallory password 1")  # the analyst whose password the insider holds

operation = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(NAMES), st.sampled_from(ROLES)),
    st.tuples(st.just("role"), st.sampled_from(NAMES), st.sampled_from(ROLES)),
    st.tuples(st.just("disable"), st.sampled_from(NAMES)),
    st.tuples(st.just("enable"), st.sampled_from(NAMES)),
    st.tuples(st.just("reset"), st.sampled_from(NAMES)),
    st.tuples(st.just("passwd"), st.sampled_from(NAMES)),
    st.tuples(st.just("work"), st.sampled_from((*NAMES, "admin", "mallory"))),
    st.tuples(st.just("fail"), st.sampled_from((*NAMES, "nobody"))),
    st.tuples(st.just("lock"), st.sampled_from(NAMES)),
    st.tuples(st.just("recover")),
    st.tuples(st.just("rotate")),
    st.tuples(st.just("retention"), st.integers(365, 1000)),
    st.tuples(st.just("prune")),
)
FORGERIES = (
    "claim admin",
    "key for another",
    "backdated",
    "signed failure",
    "recover with own key",
    "disabled signer",
    "rewrite an entry",
)


class History:
    """Runs operations through the engine's services, as people would."""

    def __init__(self, folder: Path) -> None:
        self.clock = Clock()
        self.ws, self.recovery = Workspace.create(
            folder / "ws", "admin", ADMIN_PASSWORD, clock=self.clock
        )
        self.passwords = {"admin": ADMIN_PASSWORD, MALLORY[0]: MALLORY[1]}
        self.admin = self.ws.login("admin", ADMIN_PASSWORD)
        self.ws.users.add(self.admin, *MALLORY[:1], "analyst", MALLORY[1])
        self.sessions: dict[str, object] = {}

    def session(self, name: str):
        if name not in self.sessions:
            self.sessions[name] = self.ws.login(name, self.passwords[name])
        return self.sessions[name]

    def run(self, op: tuple) -> None:
        ws, admin, kind = self.ws, self.admin, op[0]
        self.clock.advance(30)
        try:
            if kind == "add" and op[1] not in self.passwords:
                ws.users.add(admin, op[1], op[2], f"{op[1]} password 123")
                self.passwords[op[1]] = f"{op[1]} password 123"
            elif kind == "role" and op[1] in self.passwords:
                ws.users.set_role(admin, op[1], op[2])
            elif kind == "disable" and op[1] in self.passwords:
                ws.users.disable(admin, op[1])
            elif kind == "enable" and op[1] in self.passwords:
                ws.users.enable(admin, op[1])
            elif kind == "reset" and op[1] in self.passwords:
                ws.users.reset_password(admin, op[1], f"{op[1]} reset {len(self.sessions)}xx")
                self.passwords[op[1]] = f"{op[1]} reset {len(self.sessions)}xx"
                self.sessions.pop(op[1], None)
            elif kind == "passwd" and op[1] in self.passwords:
                new = self.passwords[op[1]] + "!"
                ws.users.change_password(self.session(op[1]), self.passwords[op[1]], new)
                self.passwords[op[1]] = new
            elif kind == "work" and op[1] in self.passwords:
                actor = self.session(op[1])
                if actor.role in ("admin", "analyst"):
                    ws.projects.create(actor, f"p{len(ws.audit.entries(admin))}", ProjectFields())
                else:
                    ws.audit.verify(actor)
            elif kind == "fail":
                ws.login(op[1], "certainly not the password")
            elif kind == "lock" and op[1] in self.sessions:
                ws.auth.lock(self.sessions.pop(op[1]), "idle")  # type: ignore[arg-type]
            elif kind == "recover":
                self.passwords["admin"] = self.passwords["admin"] + "?"
                self.admin = ws.recover(self.recovery, "admin", self.passwords["admin"])
            elif kind == "rotate":
                ws.keys.rotate_master(admin)
                self.sessions.clear()  # other sessions must sign in again
            elif kind == "retention":
                ws.settings.set(admin, "audit_retention_days", op[1])
            elif kind == "prune":
                self.clock.advance(1100 * 86_400)
                ws.audit.prune(admin, self.clock.now - timedelta(days=1001))
        except AirlockError:
            pass  # refused by the engine (and recorded as such): part of the history too


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    ops=st.lists(operation, min_size=3, max_size=14),
    forgery=st.sampled_from(FORGERIES),
    where=st.integers(2, 10_000),
)
def test_legitimate_histories_verify_and_one_forgery_never_does(ops, forgery, where):
    folder = Path(tempfile.mkdtemp(prefix="airlock-prop-"))
    history = History(folder)
    ws = history.ws
    try:
        for op in ops:
            history.run(op)
        auditor_view = history.admin
        report = ws.audit.verify(auditor_view)
        assert report.ok, (ops, lines(report))
        # the verifier written from the format page alone agrees on the export
        ws.audit.export(auditor_view, folder / "good.zip")
        ok, found = independent.verify(str(folder / "good.zip"))
        assert ok, (ops, found)
        forged = forge(history, forgery, where)
        report = ws.audit.verify(auditor_view)
        assert not report.ok, (ops, forgery)
        if forged is not None:
            assert forged in invalid_seqs(report), (ops, forgery, forged, lines(report))
        ws.audit.export(auditor_view, folder / "raw.zip", include_invalid=True)
        mallory = Insider(ws, MALLORY[0], history.passwords[MALLORY[0]])
        bundle = mallory.resign_bundle(folder / "raw.zip", folder / "forged.zip")
        ok, found = independent.verify(str(bundle))
        assert not ok, (ops, forgery, found)
        if forged is not None:
            assert any(line.startswith(f"INVALID seq {forged}:") for line in found), found
    finally:
        ws.close()
        shutil.rmtree(folder, ignore_errors=True)


def forge(history: History, kind: str, where: int) -> int | None:
    """One forged entry, by the insider; returns its seq when it is appended at the end."""
    ws = history.ws
    if kind == "disabled signer":
        ws.users.disable(history.admin, MALLORY[0])
    mallory = Insider(ws, MALLORY[0], history.passwords[MALLORY[0]])
    admin_id = mallory.id_of("admin")
    if kind == "claim admin":
        return mallory.append(
            "user.role",
            f"user:{mallory.user_id}",
            {"from": "analyst", "to": "admin"},
            actor={"user_id": mallory.user_id, "role": "admin", "key_id": mallory.key.key_id},
        )
    if kind == "key for another":
        key = new_key(f"{mallory.origin}/user/{admin_id}")
        return mallory.append(
            "user.passwd", f"user:{mallory.user_id}", {"keys_added": [key.record("user", admin_id)]}
        )
    if kind == "backdated":
        return mallory.append(
            "project.edit",
            "project:x",
            {},
            time=format_time(history.clock.now - timedelta(days=400)),
        )
    if kind == "signed failure":
        return mallory.append("auth.fail", f"user:{admin_id}", {"reason": "x"})
    if kind == "recover with own key":
        return mallory.append("user.recover", f"user:{admin_id}", {})
    if kind == "disabled signer":
        return mallory.append("project.edit", "project:x", {})
    # rewrite an entry anywhere: new content, digest and hash, signed with her own key
    size = mallory.tail()["size"]
    seq = 2 + where % (size - 1)
    from engine.audit.record import b64, content_digest, entry_hash, signature_input

    entry = next(e for e in ws.audit.entries(history.admin) if e.seq == seq).as_json()
    entry.pop("pruned", None)
    entry["target"], entry["details"] = "object:forged", {"forged": True}
    entry["content"] = content_digest(entry["target"], entry["details"])
    entry["hash"] = entry_hash(entry)
    entry["sig"] = b64(mallory.key.private.sign(signature_input(entry["hash"], 2)))
    mallory.update(
        "UPDATE audit_entries SET target = ?, details = ?, content = ?, hash = ?, "
        "sig = ?, pruned = ? WHERE seq = ?",
        (
            entry["target"],
            '{"forged":true}',
            entry["content"],
            entry["hash"],
            entry["sig"],
            False,
            seq,
        ),
    )
    return None
