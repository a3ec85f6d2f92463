"""Suite-wide set-up: cheap test KDF, zero egress, and fresh workspaces."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

NETBLOCK = Path(__file__).with_name("netblock")
# The one documented test setting (engine/security/kdf.py); subprocesses inherit it.
os.environ["AIRLOCK_UNSAFE_FAST_KDF"] = "1"
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(NETBLOCK), *filter(None, [os.environ.get("PYTHONPATH")])]
)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# `make test` runs two workers on two cores: one OpenMP/BLAS thread each, or gradient
# boosting spins at a barrier per tree waiting for a thread the other worker holds (a 10 s
# domain classifier took 30-60 s). Set before NumPy or scikit-learn load; subprocesses
# inherit it. Tests that are about threads raise the limit themselves (threadpoolctl).
for _threads in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")
sys.path.insert(0, str(NETBLOCK))
import sitecustomize  # noqa: E402  - the same network block in this process

ADMIN_PASSWORD = "admin password 123"
PASSWORDS = {
    "admin": ADMIN_PASSWORD,
    "ana": "analyst password 1",
    "val": "validator pass 1",
    "aud": "auditor password 1",
}
ROLES = {"ana": "analyst", "val": "validator", "aud": "auditor"}


@pytest.fixture(autouse=True)
def _zero_egress(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs with non-loopback connections blocked (also re-asserted here in case
    a test replaced the socket functions)."""
    import socket

    monkeypatch.setattr(socket.socket, "connect", sitecustomize.connect)
    monkeypatch.setattr(socket.socket, "connect_ex", sitecustomize.connect_ex)


class Clock:
    """A controllable UTC clock for services."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(microseconds=1)
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class RealClock(Clock):
    """The real time (never twice the same), for tests whose workspace other processes
    write to as well: they use the real clock, and the log's times must agree."""

    def __call__(self) -> datetime:
        self.now = max(datetime.now(UTC), self.now + timedelta(microseconds=1))
        return self.now


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> Clock:
    return RealClock() if request.node.get_closest_marker("real_clock") else Clock()


# ---- the metadata backends ----------------------------------------------------------------
# A test module marked `both_backends` runs each test that uses a workspace twice: on SQLite
# and on PostgreSQL (a throw-away server on loopback, tests/pgserver.py); `sqlite_only` marks
# a test that edits the SQLite file itself.
BACKENDS = ["sqlite", "postgresql"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_backends: run on SQLite and on PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: edits the SQLite file itself")
    config.addinivalue_line(
        "markers",
        "governed: keeps the default production gates on "
        "(the fixture workspace turns them off otherwise)",
    )
    config.addinivalue_line("markers", "tampers: leaves an audit log that must not verify")
    config.addinivalue_line(
        "markers",
        "real_clock: the workspace's clock is the real one (other processes write to it too)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if (
        "metadata" in metafunc.fixturenames
        and metafunc.definition.get_closest_marker("both_backends")
        and not metafunc.definition.get_closest_marker("sqlite_only")
    ):
        metafunc.parametrize("metadata", BACKENDS, indirect=True)


@pytest.fixture(scope="session")
def postgres_server():
    """The admin URL of a PostgreSQL server for this test process."""
    from tests.pgserver import Server, server_bin

    given = os.environ.get("AIRLOCK_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    if server_bin() is None:
        pytest.skip(
            "PostgreSQL is not installed here (apt-get install postgresql; .ci/run installs it)"
        )
    server = Server()
    os.environ["PGPASSWORD"] = server.password  # libpq reads it; airlock.toml never has it
    try:
        yield server.url()
    finally:
        server.stop()


@pytest.fixture
def metadata(request: pytest.FixtureRequest):
    """None (metadata.db) or the URL of a fresh, empty PostgreSQL database."""
    default = os.environ.get("AIRLOCK_TEST_BACKEND", "sqlite")  # `make test-postgres`
    if getattr(request, "param", default) == "sqlite" or request.node.get_closest_marker(
        "sqlite_only"
    ):
        yield None
        return
    from tests.pgserver import create_database, drop_database

    server = request.getfixturevalue("postgres_server")
    url = create_database(server)
    try:
        yield url
    finally:
        drop_database(server, url)


@pytest.fixture(scope="session")
def _new_workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, datetime]:
    """A workspace as `Workspace.create` leaves it (SQLite, the test clock), made once per
    worker: `workspace` copies it instead of creating its own. Creating one runs the
    sixteen schema migrations (about 0.35 s); six hundred tests did that each."""
    from engine.workspace import Workspace

    made = Clock()
    ws, recovery = Workspace.create(
        tmp_path_factory.mktemp("template") / "ws", "admin", ADMIN_PASSWORD, clock=made
    )
    ws.close()
    return ws.path, recovery, made.now


@pytest.fixture
def workspace(tmp_path: Path, clock: Clock, metadata, request: pytest.FixtureRequest):
    import shutil

    from engine.workspace import Workspace

    if metadata is None and type(clock) is Clock:
        # the same bytes a fresh Workspace.create would write with this clock (its ids and
        # keys shared by the tests of a worker, each in a copy of its own)
        template, recovery, made = request.getfixturevalue("_new_workspace")
        shutil.copytree(template, tmp_path / "ws")
        clock.now = made
        ws = Workspace.open(tmp_path / "ws", clock=clock)
    else:  # PostgreSQL, or the real clock
        ws, recovery = Workspace.create(
            tmp_path / "ws", "admin", ADMIN_PASSWORD, clock=clock, metadata=metadata
        )
    ws.recovery_key = recovery  # type: ignore[attr-defined]
    if not request.node.get_closest_marker("governed"):
        # governance on by default (engine/registry/gates.default_policy) is tested where it
        # is the point (marked `governed`); elsewhere promotions test their own mechanics
        ws.settings.set(ws.login("admin", ADMIN_PASSWORD), "default_gates", False)
    yield ws
    try:
        if not request.node.get_closest_marker("tampers"):
            assert_log_verifies(ws)
    finally:
        ws.close()


def assert_log_verifies(ws) -> None:
    """Whatever a test did through the engine, the log it left verifies: no engine path
    writes an entry that the verifiers reject (tests that tamper are marked `tampers`)."""
    from engine.audit.checks import LogVerifier
    from engine.audit.log import row_to_checkable

    verifier = LogVerifier()
    with ws.db.reading(snapshot=True) as session:
        for row in ws.audit_log.rows(session):
            verifier.add_entry(row_to_checkable(row))
        for stored in ws.audit_log.checkpoints(session):
            verifier.add_checkpoint(stored.label, stored.note)
    report = verifier.finish()
    assert report.ok, "the audit log this test left does not verify:\n" + "\n".join(
        f.line() for f in report.findings if f.invalid
    )


@pytest.fixture
def admin(workspace):
    return workspace.login("admin", ADMIN_PASSWORD)


@pytest.fixture
def team(workspace, admin):
    """Actors for every role: {'admin': ..., 'analyst': ..., 'validator': ..., 'auditor': ...}"""
    actors = {"admin": admin}
    for name, role in ROLES.items():
        workspace.users.add(admin, name, role, PASSWORDS[name])
        actors[role] = workspace.login(name, PASSWORDS[name])
    return actors


DEMO_BUILD = """
import sys
from pathlib import Path
from engine.demo import open_or_create_demo
folder = Path(sys.argv[1])
if not (folder / "built").is_file():
    open_or_create_demo(folder / "demo")
    (folder / "built").write_text("ok")
"""


def _demo_root(base: Path) -> Path:
    """Where the demo template of this run lives: the run's base temporary folder, shared
    by the xdist workers (each has a folder of its own below it)."""
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _wants_the_demo(config: pytest.Config) -> bool:
    """The whole suite, or a part with GUI tests (they open the demo); not `pytest tests/x`."""
    args = [a for a in config.args if not a.startswith("-")]
    return not args or any(
        Path(a).resolve() in (Path(__file__).parent, Path(__file__).parent.parent)
        or "gui" in Path(a).parts
        for a in args
    )


def pytest_sessionstart(session: pytest.Session) -> None:
    """Start building the demo template in the background, under the lock the
    `demo_template` fixture takes: the build (a minute of training) runs beside the first
    tests instead of holding one worker, and the other one waiting on the lock, when the
    GUI tests get to it."""
    import fcntl
    import subprocess

    config = session.config
    if os.environ.get("PYTEST_XDIST_WORKER") or not _wants_the_demo(config):
        return
    root = _demo_root(config._tmp_path_factory.getbasetemp())  # type: ignore[attr-defined]
    lock = open(root / "demo-template.lock", "w")  # noqa: SIM115 - passed to the builder
    fcntl.flock(lock, fcntl.LOCK_EX)
    # the builder inherits the locked file: the lock is held until it exits
    config._demo_builder = subprocess.Popen(  # type: ignore[attr-defined]
        [sys.executable, "-c", DEMO_BUILD, str(root / "demo-template")],
        pass_fds=(lock.fileno(),),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    lock.close()


def pytest_sessionfinish(session: pytest.Session) -> None:
    builder = getattr(session.config, "_demo_builder", None)
    if builder is not None and builder.poll() is None:  # the run ended first
        builder.kill()
        builder.wait()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, built once for the whole run: in the background from the start
    of the session (pytest_sessionstart), else by the first worker to ask, under a file
    lock both workers take. Building trains three models (about a minute on two cores), so
    tests copy this one (`demo_copy`) instead of building their own."""
    import fcntl

    from engine.demo import open_or_create_demo

    root = _demo_root(tmp_path_factory.getbasetemp())
    folder = root / "demo-template"
    with open(root / "demo-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # waits for the background build, if running
        if not (folder / "built").is_file():
            open_or_create_demo(folder / "demo")
            (folder / "built").write_text("ok")
    return folder / "demo"


@pytest.fixture
def demo_copy(demo_template: Path):
    """copy(to) -> a copy of the demo workspace at `to`."""
    import shutil

    def copy(to: Path) -> Path:
        shutil.copytree(demo_template, to)
        return to

    return copy
