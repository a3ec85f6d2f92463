"""Password-based key derivation (Argon2id) with parameters checked before any work.

The one test setting: AIRLOCK_UNSAFE_FAST_KDF=1 makes new key slots use tiny Argon2id
parameters and lowers the floor to match, so the test suite runs in minutes. It must never
be set on a real workstation; the CLI warns on every run while it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from engine.errors import IntegrityError

FAST_KDF_ENV = "AIRLOCK_UNSAFE_FAST_KDF"
KEY_SIZE = 32
SALT_SIZE = 16


@dataclass(frozen=True)
class Argon2Params:
    memory_kib: int
    iterations: int
    lanes: int

    def as_json(self) -> dict[str, int]:
        return {"memory_kib": self.memory_kib, "iterations": self.iterations, "lanes": self.lanes}


# About 0.86 s on the reference machine (2 vCPU EPYC); RFC 9106 puts its second
# recommendation at 64 MiB, t=3, p=4, and this is four times the memory.
DEFAULT_PARAMS = Argon2Params(memory_kib=256 * 1024, iterations=3, lanes=4)
# OWASP's minimum for Argon2id; nothing weaker is ever derived from outside test mode.
FLOOR = Argon2Params(memory_kib=19 * 1024, iterations=2, lanes=1)
# A slot may not make a login take minutes or all the memory (a denial of service).
CEILING = Argon2Params(memory_kib=2 * 1024 * 1024, iterations=16, lanes=16)
FAST_TEST_PARAMS = Argon2Params(memory_kib=64, iterations=1, lanes=1)


def fast_kdf_enabled() -> bool:
    return os.environ.get(FAST_KDF_ENV) == "1"


def default_params() -> Argon2Params:
    return FAST_TEST_PARAMS if fast_kdf_enabled() else DEFAULT_PARAMS


def floor() -> Argon2Params:
    return FAST_TEST_PARAMS if fast_kdf_enabled() else FLOOR


def check_params(params: Argon2Params, owner: str) -> None:
    """Refuse parameters outside [floor, ceiling] before deriving anything."""
    low = floor()
    for field in ("memory_kib", "iterations", "lanes"):
        value = getattr(params, field)
        if type(value) is not int:
            raise IntegrityError(f"The key slot of {owner} has a malformed Argon2id {field}.")
        if value < getattr(low, field):
            raise IntegrityError(
                f"The key slot of {owner} asks for Argon2id {field}={value}, below the "
                f"minimum {getattr(low, field)}; refusing to derive a key from it.",
                hint="The slot may have been made in test mode or tampered with. An "
                "administrator can reset the password.",
            )
        if value > getattr(CEILING, field):
            raise IntegrityError(
                f"The key slot of {owner} asks for Argon2id {field}={value}, above the "
                f"maximum {getattr(CEILING, field)}; refusing to derive a key from it.",
                hint="The slot was probably tampered with.",
            )
    if params.memory_kib < 8 * params.lanes:
        raise IntegrityError(f"The key slot of {owner} has inconsistent Argon2id parameters.")


def derive_key(password: str, salt: bytes, params: Argon2Params, owner: str) -> bytes:
    """Argon2id(password, salt) -> 32-byte key, after checking `params`."""
    check_params(params, owner)
    return Argon2id(
        salt=salt,
        length=KEY_SIZE,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(password.encode("utf-8"))
