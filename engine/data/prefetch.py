"""Run an iterator on its own thread, a few items ahead of its consumer.

The CSV and Parquet readers spend their time in Arrow's C++ code with the GIL released, so
parsing the next block overlaps with hashing, profiling, compressing and encrypting the
current one on the other core. Whatever the producer raises (a bad row, a cancel) is raised
in the consumer, in order; when the consumer stops early, the producer is told to stop.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
_DONE = object()


def prefetched(items: Iterable[T], depth: int = 3, name: str = "airlock-prefetch") -> Iterator[T]:
    slots: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                slots.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            put((False, exc))
            return
        put((True, _DONE))

    thread = threading.Thread(target=produce, name=name, daemon=True)
    thread.start()
    try:
        while True:
            ok, item = slots.get()
            if not ok:
                raise item
            if item is _DONE:
                return
            yield item
    finally:
        stop.set()  # a producer waiting on a full queue sees it within 0.1 s
        thread.join()
