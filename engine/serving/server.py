"""`airlock serve`: the scoring service on uvicorn. A maintenance thread follows promotion
and approval (every `refresh` seconds), reloads the tokens from the signed log, writes the
prediction log when it is due and the refused calls as one audit entry per minute. SIGTERM
or Ctrl+C stops it gracefully: requests in flight finish, then the log is written."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import AirlockError, ValidationError
from engine.serving.app import Limits, ServingState
from engine.serving.predlog import PredictionLog
from engine.serving.runner import Runner
from engine.serving.served import Catalogue, Served
from engine.serving.status import Heartbeat
from engine.serving.tokens import TARGET, logged_tokens, merge_tokens

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


class Service(Runner):
    """The scoring service of a workspace: what its registry has in the stage."""

    def __init__(
        self, ws: Areas, actor: Actor, options: Options, say: Callable[[str], None] = print
    ) -> None:
        options.check()
        ws.access.require(actor, "registry.score", "serving")
        self.ws, self.actor = ws, actor
        catalogue = Catalogue(
            ws.registry, actor, options.stage, list(options.models) or None, options.project
        )
        log = PredictionLog(self._store, rows=options.log_rows, seconds=options.log_seconds)
        state = ServingState(catalogue, log, ws.clock, Limits(options.max_bytes, options.max_rows))
        super().__init__(options, state, say)
        scheme = "https" if options.tls_cert else "http"
        self.heartbeat = Heartbeat(
            ws.path / "serving",
            f"{scheme}://{options.host}:{options.port}",
            options.stage,
            options.project,
            ws.clock(),
        )

    def _store(self, name: str, table: pa.Table) -> str:
        stored = self.ws.data.import_table(
            self.actor,
            table,
            name,
            project=self.options.project,
            describe={"format": "served", "note": f"predictions served in {self.options.stage}"},
        )
        return stored.version.ref

    def announce(self) -> None:
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

    def beat(self) -> None:
        """Rewrite this process's status file (where it serves what, how busy)."""
        totals = {key: (c[0], c[1]) for key, c in list(self.state.totals.items())}
        for entry in self.state.catalogue.models.values():
            if isinstance(entry, Served):
                totals.setdefault((entry.name, entry.ref), (0, 0))
        self.heartbeat.write(self.ws.clock(), totals)

    def report_refused(self, counts: dict[str, int]) -> None:
        with self.ws.access.change(self.actor, "registry.score", "serving") as session:
            self.ws.audit_log.append(
                session, self.actor, "serving.refused", "serving", {"refused": counts}
            )

    def forget(self) -> None:
        self.heartbeat.remove()

    def after_fork(self) -> None:
        self.ws.db.engine.dispose(close=False)


__all__ = ["TARGET", "Options", "Service"]
