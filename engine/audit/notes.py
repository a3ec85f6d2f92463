"""Signed notes (C2SP signed-note) and the checkpoints and manifests written as them.

A checkpoint body follows C2SP tlog-checkpoint: origin line, tree size, base64 root hash,
then one extension line `time <UTC>`.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from .record import key_id, verify_ed25519

SIG_PREFIX = "\u2014 "  # em dash and a space


@dataclass(frozen=True)
class NoteSignature:
    name: str
    key_id: str
    signature: bytes


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    time: str
    text: str  # the whole signed note, as stored


def sign_note(body: str, name: str, public_key: bytes, sign: object) -> str:
    """Append a signature line by the Ed25519 key `name` to `body` (which ends in \\n).
    `sign` is the private key's sign method."""
    if not body.endswith("\n"):
        raise ValueError("a note body must end with a newline")
    signature = sign(body.encode("utf-8"))  # type: ignore[operator]
    blob = bytes.fromhex(key_id(name, public_key)) + signature
    return f"{body}\n{SIG_PREFIX}{name} {base64.b64encode(blob).decode()}\n"


def parse_note(text: str) -> tuple[str, list[NoteSignature]]:
    """Split a signed note into its body and signature lines. Raises ValueError."""
    if not isinstance(text, str):
        raise ValueError("the note is not text")
    split = text.rfind("\n\n")
    if split < 0:
        raise ValueError("the note has no signature block")
    body, block = text[: split + 1], text[split + 2 :]
    if not block.endswith("\n"):
        raise ValueError("the signature block does not end with a newline")
    signatures = []
    for line in block[:-1].split("\n"):
        if not line.startswith(SIG_PREFIX):
            raise ValueError("a signature line does not start with an em dash")
        name, _, blob_text = line[len(SIG_PREFIX) :].rpartition(" ")
        try:
            blob = base64.b64decode(blob_text, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("a signature is not valid base64") from exc
        if not name or len(blob) != 4 + 64:
            raise ValueError("a signature line is malformed")
        signatures.append(NoteSignature(name, blob[:4].hex(), blob[4:]))
    return body, signatures


def verify_note(text: str, name: str, public_key: bytes) -> str:
    """Return the body if `text` carries a valid signature by the key (`name`, `public_key`).
    Raises ValueError naming the reason otherwise."""
    body, signatures = parse_note(text)
    wanted = key_id(name, public_key)
    known = [s for s in signatures if s.name == name and s.key_id == wanted]
    if not known:
        ids = ", ".join(f"{s.name} ({s.key_id})" for s in signatures) or "none"
        raise ValueError(f"not signed by a trusted key (signed by: {ids})")
    if not any(verify_ed25519(public_key, s.signature, body.encode("utf-8")) for s in known):
        raise ValueError("signature verification failed")
    return body


def checkpoint_body(origin: str, size: int, root: bytes, time: str) -> str:
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\ntime {time}\n"


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse (without verifying) a checkpoint note. Raises ValueError."""
    body, _ = parse_note(text)
    lines = body[:-1].split("\n")
    if len(lines) < 3:
        raise ValueError("a checkpoint needs an origin, a size and a root")
    origin, size_text, root_text = lines[:3]
    if not size_text.isdigit() or (size_text != "0" and size_text.startswith("0")):
        raise ValueError(f"tree size {size_text!r} is not a decimal number")
    try:
        root = base64.b64decode(root_text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("the root hash is not valid base64") from exc
    if len(root) != 32:
        raise ValueError("the root hash is not 32 bytes")
    time = ""
    for extension in lines[3:]:
        if extension.startswith("time "):
            time = extension[5:]
    return Checkpoint(origin, int(size_text), root, time, text)
