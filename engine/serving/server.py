"""`airlock serve`: the scoring service on uvicorn. A maintenance thread follows promotion
and approval (every `refresh` seconds), reloads the tokens from the signed log, writes the
prediction log when it is due and the refused calls as one audit entry per minute. SIGTERM
or Ctrl+C stops it gracefully: requests in flight finish, then the log is written."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import AirlockError, ValidationError
from engine.serving.app import Limits, ServingState, build_app
from engine.serving.predlog import PredictionLog
from engine.serving.served import Catalogue, Served
from engine.serving.status import Heartbeat
from engine.serving.tokens import TARGET, ApiToken, logged_tokens

if TYPE_CHECKING:
    import pyarrow as pa

    from engine.audit.log import AuditLog
    from engine.data.service import DataService
    from engine.registry.service import RegistryService
    from engine.security.access import AccessControl
    from engine.security.actor import Actor
    from engine.store.db import Database

STAGES = ("production", "staging", "dev")


@dataclass(frozen=True)
class Options:
    stage: str = "production"
    models: tuple[str, ...] = ()
    project: str | None = None
    host: str = "127.0.0.1"
    port: int = 8080
    tls_cert: Path | None = None
    tls_key: Path | None = None
    tls_client_ca: Path | None = None  # mutual TLS: clients need a certificate it signed
    insecure_http: bool = False
    refresh: float = 2.0
    log_rows: int = 10_000
    log_seconds: float = 3600.0
    max_bytes: int = 10 * 1024 * 1024
    max_rows: int = 10_000
    workers: int = 1

    def check(self) -> None:
        if self.stage not in STAGES:
            raise ValidationError(f"The stage is one of {', '.join(STAGES)}. Got {self.stage!r}.")
        if not 0 < self.port < 65536:
            raise ValidationError(f"The port is 1 to 65535. Got {self.port}.")
        if bool(self.tls_cert) != bool(self.tls_key):
            raise ValidationError("TLS needs both --tls-cert and --tls-key.")
        for path in (self.tls_cert, self.tls_key, self.tls_client_ca):
            if path is not None and not Path(path).is_file():
                raise ValidationError(f"There is no file {path}.")
        if self.tls_client_ca and not self.tls_cert:
            raise ValidationError("Mutual TLS (--tls-client-ca) needs --tls-cert and --tls-key.")
        if not loopback(self.host) and not self.tls_cert and not self.insecure_http:
            raise ValidationError(
                f"{self.host} is reachable from other machines: serve it over TLS "
                "(--tls-cert and --tls-key), or say --insecure-http.",
                hint="Tokens and rows would cross the network in clear text without TLS.",
            )
        if self.max_rows < 1 or self.max_bytes < 1024:
            raise ValidationError("--max-rows is at least 1 and --max-bytes at least 1024.")
        if not 1 <= self.workers <= 32:
            raise ValidationError(f"--workers is 1 to 32. Got {self.workers}.")
        if self.workers > 1 and not hasattr(os, "fork"):
            raise ValidationError(
                "--workers above 1 needs Linux or macOS (the workers are forked).",
                hint="On Windows, run one service per port behind the load balancer.",
            )
        if self.refresh <= 0 or self.log_rows < 1 or self.log_seconds <= 0:
            raise ValidationError("--refresh, --log-rows and --log-every are positive.")


def merge_tokens(found: dict[str, ApiToken], seen: dict[str, ApiToken]) -> dict[str, ApiToken]:
    """`found`, with the revocations of `seen` kept (a log cut short does not bring back a
    token this service saw revoked)."""
    return {
        token_id: seen[token_id] if seen.get(token_id) and seen[token_id].revoked else token
        for token_id, token in found.items()
    }


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Areas:
    """What the service works with (the workspace's services)."""

    path: Path  # the workspace folder (its serving/ status files)
    access: AccessControl
    audit_log: AuditLog
    db: Database
    registry: RegistryService
    data: DataService
    clock: Callable[[], Any]


class Service:
    """The state of one running service and its maintenance thread."""

    def __init__(
        self, ws: Areas, actor: Actor, options: Options, say: Callable[[str], None] = print
    ) -> None:
        options.check()
        ws.access.require(actor, "registry.score", "serving")
        self.ws, self.actor, self.options, self.say = ws, actor, options, say
        catalogue = Catalogue(
            ws.registry, actor, options.stage, list(options.models) or None, options.project
        )
        log = PredictionLog(self._store, rows=options.log_rows, seconds=options.log_seconds)
        self.state = ServingState(
            catalogue, log, ws.clock, Limits(options.max_bytes, options.max_rows)
        )
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        scheme = "https" if options.tls_cert else "http"
        self.heartbeat = Heartbeat(
            ws.path / "serving",
            f"{scheme}://{options.host}:{options.port}",
            options.stage,
            options.project,
            ws.clock(),
        )
        self._last_refused = 0.0

    def _store(self, name: str, table: pa.Table) -> str:
        stored = self.ws.data.import_table(
            self.actor,
            table,
            name,
            project=self.options.project,
            describe={"format": "served", "note": f"predictions served in {self.options.stage}"},
        )
        return stored.version.ref

    def start(self) -> None:
        for line in self.state.catalogue.refresh():
            self.say(line)
        self.reload_tokens()
        with self.ws.access.change(self.actor, "registry.score", "serving") as session:
            self.ws.audit_log.append(
                session,
                self.actor,
                "serving.start",
                "serving",
                {
                    "stage": self.options.stage,
                    "served": sorted(
                        m.ref for m in self.state.catalogue.models.values() if hasattr(m, "ref")
                    ),
                    "host": self.options.host,
                    "port": self.options.port,
                    "tls": bool(self.options.tls_cert),
                },
            )
        self._thread = threading.Thread(target=self._maintain, name="serving", daemon=True)
        self._thread.start()
        self.beat()

    def reload_tokens(self) -> None:
        """The tokens as the signed log has them; none at all when the log does not check
        out (fail closed), and never one the service has seen revoked."""
        try:
            with self.ws.db.reading() as session:
                found = logged_tokens(session)
        except AirlockError as exc:
            if self.state.tokens:
                self.say(f"every token refused: {exc.message}")
            self.state.tokens = {}
            return
        self.state.tokens = merge_tokens(found, self.state.tokens)

    def _maintain(self) -> None:
        import time

        while not self._stop.wait(self.options.refresh):
            try:
                for line in self.state.catalogue.refresh():
                    self.say(line)
                self.reload_tokens()
                if self.state.log.due() or self.state.log.pending() >= self.options.log_rows:
                    self.flush()
                self.beat()
                if time.monotonic() - self._last_refused >= 60:
                    self.audit_refused()
                    self._last_refused = time.monotonic()
            except Exception as exc:  # the service keeps serving what it has; it says why
                self.say(f"maintenance failed (the service carries on): {exc}")

    def beat(self) -> None:
        """Rewrite this process's status file (where it serves what, how busy)."""
        totals = {key: (c[0], c[1]) for key, c in list(self.state.totals.items())}
        for entry in self.state.catalogue.models.values():
            if isinstance(entry, Served):
                totals.setdefault((entry.name, entry.ref), (0, 0))
        self.heartbeat.write(self.ws.clock(), totals)

    def flush(self) -> None:
        for ref in self.state.log.flush():
            self.say(f"prediction log: {ref}")
        for problem in self.state.log.errors:
            self.say(problem)
        self.state.log.errors.clear()

    def audit_refused(self) -> None:
        """Refused calls, counted by reason, as one entry (not one per request)."""
        counts, self.state.refused = dict(self.state.refused), type(self.state.refused)()
        if not counts:
            return
        with self.ws.access.change(self.actor, "registry.score", "serving") as session:
            self.ws.audit_log.append(
                session, self.actor, "serving.refused", "serving", {"refused": counts}
            )

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.flush()
        self.audit_refused()
        self.heartbeat.remove()

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Any) -> AsyncIterator[None]:
        yield
        self.stop()

    def run(self) -> int:
        import uvicorn

        app = build_app(self.state)
        app.router.lifespan_context = self.lifespan
        self.start()
        ssl: dict[str, Any] = {}
        if self.options.tls_cert:
            ssl = {
                "ssl_certfile": str(self.options.tls_cert),
                "ssl_keyfile": str(self.options.tls_key),
            }
            if self.options.tls_client_ca:  # 2: ssl.CERT_REQUIRED
                ssl.update(ssl_ca_certs=str(self.options.tls_client_ca), ssl_cert_reqs=2)
        config = uvicorn.Config(
            app,
            host=self.options.host,
            port=self.options.port,
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=30,
            **ssl,
        )
        scheme = "https" if self.options.tls_cert else "http"
        workers = self.options.workers
        self.say(
            f"Serving {self.options.stage} on {scheme}://{self.options.host}:{self.options.port} "
            + (f"in {workers} worker processes " if workers > 1 else "")
            + "(Ctrl+C stops it; requests in flight finish and the prediction log is written)."
        )
        from engine.serving.workers import prefork, serve_quietly

        if workers > 1:
            return prefork(self, config, workers)
        serve_quietly(config)
        return 0

    def pause(self) -> None:
        """Stop the maintenance thread (before the workers are forked)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        self.heartbeat.remove()  # each worker writes its own

    def resume_in_child(self) -> None:
        """In a forked worker: its own database connections and maintenance thread."""
        self.ws.db.engine.dispose(close=False)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._maintain, name="serving", daemon=True)
        self._thread.start()


__all__ = ["TARGET", "Options", "Service"]
