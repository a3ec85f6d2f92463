"""The `airlock` command end to end, as a user would run it.

Commands run through `engine.cli.main` in this process, with their own environment,
stdin, stdout and stderr, unless AIRLOCK_TEST_SUBPROCESS=1 (or `subprocess=True`) runs each
as `python -m engine` in a child: an `airlock` process spends ~1.3 s starting Python and
importing the engine, which over ~200 commands was a fifth of the suite. Tests that depend on
the process itself (exit on a signal, the entry point) use subprocesses.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import os
import re
import sqlite3
import subprocess
import subprocess as _subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ADMIN_PW = "admin password 123"


SUBPROCESS = os.environ.get("AIRLOCK_TEST_SUBPROCESS") == "1"


def airlock(
    *args: str,
    env: dict | None = None,
    input_text: str | None = None,
    workspace: Path | None = None,
    subprocess: bool = False,
) -> _subprocess.CompletedProcess:
    full_env = dict(os.environ)
    full_env.pop("AIRLOCK_WORKSPACE", None)
    full_env.update({"AIRLOCK_USER": "admin", "AIRLOCK_PASSWORD": ADMIN_PW})
    if workspace is not None:
        full_env["AIRLOCK_WORKSPACE"] = str(workspace)
    full_env.update(env or {})
    if subprocess or SUBPROCESS:
        return _subprocess.run(
            [sys.executable, "-m", "engine", *args],
            capture_output=True,
            text=True,
            env=full_env,
            input=input_text,
            timeout=120,
        )
    return _in_process(list(args), full_env, input_text)


def _in_process(
    args: list[str], env: dict[str, str], input_text: str | None
) -> _subprocess.CompletedProcess:
    """`airlock *args` through the same `main` the entry point calls, with the process's
    environment and standard streams swapped for the call (a fresh context, so no context
    variable survives from one command to the next, as none would between processes)."""
    from engine.cli import main

    saved_env = dict(os.environ)
    saved_stdin = sys.stdin
    out, err = io.StringIO(), io.StringIO()
    os.environ.clear()
    os.environ.update(env)
    sys.stdin = io.StringIO(input_text or "")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = contextvars.copy_context().run(main, args)
            except SystemExit as exc:  # argparse: usage errors, --help, --version
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdin = saved_stdin
        os.environ.clear()
        os.environ.update(saved_env)
    return _subprocess.CompletedProcess(["airlock", *args], code, out.getvalue(), err.getvalue())


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def user_error(result: subprocess.CompletedProcess, code: int = 1) -> str:
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    return result.stderr


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("cli") / "ws"
    out = ok(airlock("init", str(folder), "--admin", "admin"))
    assert "store it OFFLINE" in out
    recovery = re.search(r"RECOVERY KEY.*?\n\s*\n\s+(\S+)", out, re.S).group(1)
    assert len(recovery.split("-")) == 14
    ok(
        airlock(
            "user",
            "add",
            "ana",
            "--role",
            "analyst",
            workspace=folder,
            env={"AIRLOCK_NEW_PASSWORD": "analyst password 1"},
        )
    )
    ok(
        airlock(
            "user",
            "add",
            "aud",
            "--role",
            "auditor",
            workspace=folder,
            env={"AIRLOCK_NEW_PASSWORD": "auditor password 1"},
        )
    )
    return folder, recovery


def test_version_and_help():
    # the entry point itself, in a process of its own
    assert ok(airlock("--version", subprocess=True)).startswith("airlock ")
    assert "audit" in ok(airlock("--help"))


def test_users_are_listed(ws):
    out = ok(airlock("user", "list", workspace=ws[0]))
    assert re.search(r"^ana\s+analyst\s+active", out, re.M)
    assert re.search(r"^aud\s+auditor\s+active", out, re.M)


def test_wrong_password_is_a_plain_error(ws):
    err = user_error(
        airlock("user", "list", workspace=ws[0], env={"AIRLOCK_PASSWORD": "not the password"})
    )
    assert "error: Wrong user name or password." in err


def test_usage_errors_exit_2(ws):
    user_error(airlock("user", "add", "bob", workspace=ws[0]), code=2)
    user_error(airlock("no-such-command"), code=2)


def test_missing_workspace_and_denied_action_are_clear(ws, tmp_path):
    err = user_error(airlock("user", "list"))
    assert "No workspace given" in err and "AIRLOCK_WORKSPACE" in err
    err = user_error(airlock("user", "list", workspace=tmp_path / "nope"))
    assert "There is no workspace" in err
    err = user_error(
        airlock(
            "user",
            "add",
            "eve",
            "--role",
            "admin",
            workspace=ws[0],
            env={
                "AIRLOCK_USER": "ana",
                "AIRLOCK_PASSWORD": "analyst password 1",
                "AIRLOCK_NEW_PASSWORD": "eve password 123",
            },
        )
    )
    assert "Your role (analyst) does not allow you to add a user." in err


def test_upgrade_checks_the_role_before_saying_anything(ws):
    # issue 19: an analyst was told "The workspace is up to date." (exit 0)
    err = user_error(
        airlock(
            "upgrade",
            workspace=ws[0],
            env={"AIRLOCK_USER": "ana", "AIRLOCK_PASSWORD": "analyst password 1"},
        )
    )
    assert "does not allow" in err and "up to date" not in err
    assert "The workspace is up to date." in ok(airlock("upgrade", workspace=ws[0]))


def test_init_without_a_terminal_or_password_is_refused(tmp_path):
    env = {"AIRLOCK_PASSWORD": ""}
    err = user_error(airlock("init", str(tmp_path / "x"), "--admin", "admin", env=env))
    assert "AIRLOCK_PASSWORD" in err
    assert not (tmp_path / "x").exists()


def test_audit_log_filters(ws):
    out = ok(
        airlock(
            "audit",
            "log",
            "--action",
            "user.add",
            workspace=ws[0],
            env={"AIRLOCK_USER": "aud", "AIRLOCK_PASSWORD": "auditor password 1"},
        )
    )
    assert out.count("user.add") == 2 and "auth.login" not in out
    out = ok(airlock("audit", "log", "--actor", "ana", "--since", "1d", "--json", workspace=ws[0]))
    assert all(
        '"action":"auth.login"' in line or '"action":"access.denied"' in line
        for line in out.strip().splitlines()
    )
    err = user_error(airlock("audit", "log", "--since", "yesterday", workspace=ws[0]), code=2)
    assert "ISO 8601" in err


def test_verify_checkpoint_export_verify_bundle_and_tamper(ws, tmp_path):
    folder, _ = ws
    auditor = {"AIRLOCK_USER": "aud", "AIRLOCK_PASSWORD": "auditor password 1"}
    out = ok(airlock("audit", "verify", workspace=folder, env=auditor))
    assert "Result: VALID" in out
    kept = tmp_path / "kept.txt"
    ok(airlock("audit", "checkpoint", "--out", str(kept), workspace=folder, env=auditor))
    bundle = tmp_path / "bundle.zip"
    out = ok(airlock("audit", "export", str(bundle), workspace=folder, env=auditor))
    assert "Log key fingerprint" in out
    with zipfile.ZipFile(bundle) as z:
        assert {
            "entries.jsonl",
            "keys.json",
            "FORMAT.md",
            "verify_bundle.py",
            "MANIFEST.sha256",
            "checkpoints/latest.txt",
        } <= set(z.namelist())
    out = ok(airlock("audit", "verify-bundle", str(bundle), "--trusted-checkpoint", str(kept)))
    assert "Result: VALID" in out
    proof = ok(
        airlock("audit", "proof", "--consistency-from", str(kept), workspace=folder, env=auditor)
    )
    assert '"old_size"' in proof

    db = sqlite3.connect(folder / "metadata.db")
    db.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
    db.execute("UPDATE audit_entries SET target='user:someone-else' WHERE seq=3")
    db.commit()
    db.close()
    result = airlock("audit", "verify", workspace=folder, env=auditor)
    user_error(result, code=1)
    assert "seq 3: INVALID: content digest doesn't match" in result.stdout
    assert "Result: INVALID" in result.stdout

    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bundle) as zin, zipfile.ZipFile(bad, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "entries.jsonl":
                data = b"\n".join(data.split(b"\n")[:3] + data.split(b"\n")[4:])
            zout.writestr(name, data)
    result = airlock("audit", "verify-bundle", str(bad))
    user_error(result, code=1)
    assert "gap: INVALID: seq 3 \u2192 5: entry 4 not found" in result.stdout


def test_recover_resets_the_admin_password(tmp_path):
    folder = tmp_path / "ws"
    out = ok(airlock("init", str(folder), "--admin", "root"))
    recovery = re.search(r"RECOVERY KEY.*?\n\s*\n\s+(\S+)", out, re.S).group(1)
    env = {
        "AIRLOCK_USER": "root",
        "AIRLOCK_RECOVERY_KEY": "AAAA-" * 13 + "AAAA",
        "AIRLOCK_NEW_PASSWORD": "recovered password 1",
    }
    err = user_error(airlock("recover", workspace=folder, env=env))
    assert "typo" in err or "not correct" in err
    env["AIRLOCK_RECOVERY_KEY"] = recovery
    ok(airlock("recover", workspace=folder, env=env))
    user_error(airlock("user", "list", workspace=folder, env={"AIRLOCK_USER": "root"}))
    ok(
        airlock(
            "user",
            "list",
            workspace=folder,
            env={"AIRLOCK_USER": "root", "AIRLOCK_PASSWORD": "recovered password 1"},
        )
    )
    out = ok(
        airlock(
            "audit",
            "verify",
            workspace=folder,
            env={"AIRLOCK_USER": "root", "AIRLOCK_PASSWORD": "recovered password 1"},
        )
    )
    assert "Result: VALID" in out


def test_password_change_and_rotation_from_the_cli(tmp_path):
    folder = tmp_path / "ws"
    ok(airlock("init", str(folder), "--admin", "admin"))
    ok(
        airlock(
            "user",
            "passwd",
            workspace=folder,
            env={"AIRLOCK_NEW_PASSWORD": "second admin password"},
        )
    )
    env = {"AIRLOCK_PASSWORD": "second admin password"}
    out = ok(airlock("keys", "rotate-master", workspace=folder, env=env))
    assert "Master key rotated" in out
    out = ok(airlock("audit", "verify", workspace=folder, env=env))
    assert "Result: VALID" in out


def test_verify_reads_before_it_writes_and_export_refuses_a_forged_log(tmp_path):
    """`audit verify` shows the torn tail a failed login left (its own login comes after);
    `audit export` refuses a log that fails verification unless --include-invalid."""
    folder = tmp_path / "ws"
    ok(airlock("init", str(folder), "--admin", "admin"))
    user_error(
        airlock(
            "audit", "log", workspace=folder, env={"AIRLOCK_PASSWORD": "not the password at all"}
        )
    )
    out = ok(airlock("audit", "verify", workspace=folder))
    assert "torn tail: warning: seq 2: unsigned failed-login entries" in out
    assert "Result: VALID" in out
    out = ok(airlock("audit", "verify", workspace=folder))
    assert "seq 2: note: 1 unsigned failed-login entry, adopted by seq 3" in out

    db = sqlite3.connect(folder / "metadata.db")
    db.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
    db.execute("UPDATE audit_entries SET actor_role = 'auditor' WHERE seq = 3")
    db.commit()
    db.close()
    bundle = tmp_path / "b.zip"
    err = user_error(airlock("audit", "export", str(bundle), workspace=folder))
    assert "fails verification" in err and "No bundle was written" in err
    assert "--include-invalid" in err and not bundle.exists()
    out = ok(airlock("audit", "export", str(bundle), "--include-invalid", workspace=folder))
    assert "FAILED verification" in out
    with zipfile.ZipFile(bundle) as z:
        assert "seq 3: INVALID" in z.read("VERIFICATION.txt").decode()
    result = airlock("audit", "verify-bundle", str(bundle))
    user_error(result, code=1)
    assert "seq 3: INVALID: hash value doesn't match" in result.stdout
