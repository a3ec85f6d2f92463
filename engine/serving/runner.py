"""The running service, whatever it serves from: the maintenance thread (follow the
registry, reload tokens, write the prediction log when due, count refusals, write status),
graceful stop and the uvicorn server, in one process or forked workers. `Service`
(server.py) serves a workspace; `BundleService` (bundle_serve.py) a signed bundle."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from engine.serving.app import ServingState, build_app

if TYPE_CHECKING:
    from engine.serving.server import Options


class Runner:
    """Hooks: announce() at start, reload_tokens(), report_refused(counts), beat(),
    forget() when it stops, after_fork() in a worker."""

    def __init__(self, options: Options, state: ServingState, say: Callable[[str], None]):
        self.options, self.state, self.say = options, state, say
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_refused = 0.0

    # -- hooks ---------------------------------------------------------------------------
    def announce(self) -> None:
        pass

    def reload_tokens(self) -> None:
        pass

    def report_refused(self, counts: dict[str, int]) -> None:
        pass

    def beat(self) -> None:
        pass

    def forget(self) -> None:
        pass

    def after_fork(self) -> None:
        pass

    # -- the life of a service -----------------------------------------------------------
    def start(self) -> None:
        for line in self.state.catalogue.refresh():
            self.say(line)
        self.reload_tokens()
        self.announce()
        self._thread = threading.Thread(target=self._maintain, name="serving", daemon=True)
        self._thread.start()
        self.beat()

    def _maintain(self) -> None:
        while not self._stop.wait(self.options.refresh):
            try:
                for line in self.state.catalogue.refresh():
                    self.say(line)
                self.reload_tokens()
                if self.state.log.due():
                    self.flush()
                self.beat()
                if time.monotonic() - self._last_refused >= 60:
                    self.refused()
                    self._last_refused = time.monotonic()
            except Exception as exc:  # the service keeps serving what it has; it says why
                self.say(f"maintenance failed (the service carries on): {exc}")

    def flush(self) -> None:
        for ref in self.state.log.flush():
            self.say(f"prediction log: {ref}")
        for problem in self.state.log.errors:
            self.say(problem)
        self.state.log.errors.clear()

    def refused(self) -> None:
        """Refused calls, counted by reason, reported once (not one per request)."""
        counts, self.state.refused = dict(self.state.refused), type(self.state.refused)()
        if counts:
            self.report_refused(counts)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.flush()
        self.refused()
        self.forget()

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Any) -> AsyncIterator[None]:
        yield
        self.stop()

    def pause(self) -> None:
        """Stop the maintenance thread (before the workers are forked)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        self.forget()  # each worker writes its own status

    def resume_in_child(self) -> None:
        """In a forked worker: its own connections and maintenance thread."""
        self.after_fork()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._maintain, name="serving", daemon=True)
        self._thread.start()

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
