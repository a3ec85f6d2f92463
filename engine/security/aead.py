"""Authenticated encryption: AES-256-GCM key wrapping and streaming object payloads.

Payloads use `cryptography.cobblestone` (C2SP chunked-encryption, Cobblestone-256): a fresh
salt per stream, key commitment, 16 KiB chunks with counter nonces and a final short chunk,
so truncation, reordering, trailing data, a flipped bit and a wrong context all fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import BinaryIO

from cryptography.cobblestone import Cobblestone256Decryptor, Cobblestone256Encryptor
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_SIZE = 12
HEADER_SIZE = 24 + 32  # Cobblestone salt + key commitment
PLAIN_CHUNK = 16 * 1024
CIPHER_CHUNK = PLAIN_CHUNK + 16
# Feed whole chunks so a failure can be placed exactly; 64 chunks is about 1 MiB.
FEED_CHUNKS = 64


class AuthenticationFailed(Exception):
    """Raised with the position of the first chunk that did not authenticate."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


def hkdf(key: bytes, info: bytes, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(key)


def wrap(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM with a random 96-bit nonce; returns nonce || ciphertext || tag."""
    nonce = os.urandom(NONCE_SIZE)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unwrap(key: bytes, blob: bytes, aad: bytes) -> bytes:
    """Inverse of wrap(). Raises InvalidTag on any mismatch."""
    if len(blob) < NONCE_SIZE + 16:
        raise InvalidTag()
    return AESGCM(key).decrypt(blob[:NONCE_SIZE], blob[NONCE_SIZE:], aad)


def encrypt_stream(
    source: BinaryIO,
    sink: BinaryIO,
    key: bytes,
    context: bytes,
    on_plain: Callable[[bytes], None],
    read_size: int = 1 << 20,
) -> int:
    """Encrypt `source` into `sink`; call `on_plain` with each plaintext piece (for hashing
    and progress). Returns the number of plaintext bytes."""
    encryptor = Cobblestone256Encryptor(key, context)
    total = 0
    while True:
        piece = source.read(read_size)
        if not piece:
            break
        on_plain(piece)
        total += len(piece)
        sink.write(encryptor.update(piece))
    sink.write(encryptor.finalize())
    return total


def decrypt_iter(
    source: BinaryIO, key: bytes, context: bytes, reuse: int = 0
) -> Iterator[bytes | memoryview]:
    """Decrypt `source` piece by piece (about 1 MiB each).

    Each yielded piece is made of individually authenticated chunks, but only reaching the
    end proves the stream was complete and untruncated: callers that keep plaintext must
    treat it as provisional until then. Raises AuthenticationFailed naming the bad chunk.

    With `reuse=n` the pieces are memoryviews into a ring of n preallocated buffers (no
    allocation per piece): each stays valid only until n - 1 more pieces were yielded.
    """
    start = source.tell()
    decryptor = Cobblestone256Decryptor(key, context)
    try:
        first = decryptor.update(source.read(HEADER_SIZE))
    except InvalidTag:
        raise AuthenticationFailed("header (wrong key, wrong object, or modified header)") from None
    if first:
        yield first
    size = CIPHER_CHUNK * FEED_CHUNKS
    inbuf = bytearray(size)
    ring = [bytearray(size) for _ in range(reuse)]
    chunks = pieces = 0
    while True:
        got = source.readinto(inbuf)  # type: ignore[attr-defined]
        if not got:
            break
        piece = memoryview(inbuf)[:got]
        try:
            if ring:
                out = ring[pieces % reuse]
                done = decryptor.update_into(piece, out)
                result: bytes | memoryview = memoryview(out)[:done]
            else:
                result = decryptor.update(piece)
        except InvalidTag:
            source.seek(start)
            raise AuthenticationFailed(_locate(source, key, context)) from None
        chunks += (got + CIPHER_CHUNK - 1) // CIPHER_CHUNK
        pieces += 1
        yield result
    try:
        last = decryptor.finalize()
    except InvalidTag:
        raise AuthenticationFailed(
            f"final chunk {max(chunks - 1, 0)} (the object is truncated, has trailing bytes, "
            "or its last chunk was modified)"
        ) from None
    if last:
        yield last


def _locate(source: BinaryIO, key: bytes, context: bytes) -> str:
    """Re-read one chunk at a time to name the first chunk that fails (error path only)."""
    decryptor = Cobblestone256Decryptor(key, context)
    try:
        decryptor.update(source.read(HEADER_SIZE))
    except InvalidTag:
        return "header"
    index = 0
    while True:
        piece = source.read(CIPHER_CHUNK)
        if not piece:
            return f"chunk {index}"
        try:
            decryptor.update(piece)
        except InvalidTag:
            # A full-size chunk is never the final one (that is always short), so the
            # decryptor opens each chunk as soon as it is complete: this is the bad one.
            return f"chunk {index} (ciphertext byte offset {HEADER_SIZE + index * CIPHER_CHUNK})"
        index += 1
