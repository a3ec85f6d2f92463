"""The read-ahead thread between a reader and the import: order, errors, early stop."""

from __future__ import annotations

import threading
import time

import pytest

from engine.data.prefetch import prefetched
from engine.errors import Cancelled, ValidationError


def test_items_arrive_in_order_and_errors_in_place():
    def items():
        yield from range(5)
        raise ValidationError("line 6 is ragged")

    seen = []
    with pytest.raises(ValidationError, match="line 6 is ragged"):
        for item in prefetched(items(), depth=2):
            seen.append(item)
    assert seen == [0, 1, 2, 3, 4]  # everything before the error, then the error


def test_a_cancel_in_the_reader_reaches_the_consumer():
    def items():
        yield 1
        raise Cancelled("cancelled")

    with pytest.raises(Cancelled):
        list(prefetched(items()))


def test_stopping_early_stops_the_producer():
    produced = []
    running = threading.Event()

    def items():
        running.set()
        for i in range(1_000_000):
            produced.append(i)
            yield i

    stream = prefetched(items(), depth=2)
    assert next(stream) == 0
    stream.close()  # the consumer gives up (an error downstream, a cancel)
    count = len(produced)
    time.sleep(0.3)
    assert len(produced) == count <= 4  # at most the queue's depth ahead, then it stopped
    assert not any(t.name == "airlock-prefetch" and t.is_alive() for t in threading.enumerate())
