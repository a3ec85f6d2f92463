"""Running the service: in this process, or in `--workers N` processes forked from it after
the models are loaded (POSIX), sharing one listening socket — the pre-fork model of
gunicorn. Each worker keeps its own maintenance thread and prediction log; the parent
passes SIGTERM and Ctrl+C on and waits for them. /metrics adds up every worker's figures
(prometheus-client's multiprocess mode: `airlock serve` points PROMETHEUS_MULTIPROC_DIR at a
private folder before the metrics exist)."""

from __future__ import annotations

import contextlib
import os
import signal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.serving.runner import Runner


def serve_quietly(config: Any, sockets: list[Any] | None = None) -> None:
    """uvicorn stops gracefully on SIGTERM or Ctrl+C and then raises the signal again for the
    handler in place before it: a quiet one, so a requested stop exits 0."""
    import uvicorn

    quiet = {s: signal.signal(s, lambda *_: None) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        uvicorn.Server(config).run(sockets=sockets)
    finally:
        for number, handler in quiet.items():
            signal.signal(number, handler)


def prefork(service: Runner, config: Any, workers: int) -> int:
    sock = config.bind_socket()
    service.pause()  # no thread may hold a lock across fork
    children: list[int] = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # a worker
            code = 0
            try:
                service.resume_in_child()
                serve_quietly(config, [sock])
            except BaseException:  # said by uvicorn or the service already
                code = 1
            finally:
                os._exit(code)
        children.append(pid)

    def forward(number: int, _frame: Any) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, number)

    before = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    failed = 0
    try:
        for child in children:
            _, status = os.waitpid(child, 0)
            failed += os.waitstatus_to_exitcode(status) != 0
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
        sock.close()
    if failed:
        service.say(f"{failed} of {workers} workers ended with an error")
    return 1 if failed else 0
