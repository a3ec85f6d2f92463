"""SHA-256 of a stream on a helper thread, so content addressing overlaps encryption.

hashlib and the Cobblestone cipher both release the GIL on large buffers, so with two
cores hashing costs almost nothing on top of encryption (SHA-256 runs at about 1.8 GB/s
here, slower than the cipher). The queue is bounded: memory stays a few MiB.
"""

from __future__ import annotations

import hashlib
import queue
import threading

_END = None


class ParallelSHA256:
    def __init__(self, depth: int = 4) -> None:
        self._queue: queue.Queue[bytes | memoryview | None] = queue.Queue(maxsize=depth)
        self._hash = hashlib.sha256()
        self._size = 0
        self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)
        self._thread.start()
        self._closed = False

    def _run(self) -> None:
        while (piece := self._queue.get()) is not _END:
            self._hash.update(piece)

    def update(self, piece: bytes | memoryview) -> None:
        """Queue a piece for hashing. It must not change until `depth` + 1 further pieces
        were queued (the hasher may still be reading it until then)."""
        if piece:
            self._size += len(piece)
            self._queue.put(piece)

    @property
    def size(self) -> int:
        return self._size

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._queue.put(_END)
            self._thread.join()

    def hexdigest(self) -> str:
        self.close()
        return self._hash.hexdigest()

    def __enter__(self) -> ParallelSHA256:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
