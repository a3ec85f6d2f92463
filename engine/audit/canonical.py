"""Canonical JSON as defined by RFC 8785 (JCS): the bytes that audit hashes cover."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

MAX_SAFE_INTEGER = 2**53 - 1
# Built once: json.dumps with options builds a new encoder on every call.
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
)
_encode_string = json.encoder.encode_basestring


def canonical_json(value: Any) -> bytes:
    """RFC 8785 serialisation of `value` as UTF-8 bytes.

    Object keys are sorted by their UTF-16 code units, strings use the minimal JSON escapes,
    numbers use the ECMAScript shortest round-trip form. Integers outside ±(2**53 - 1),
    NaN, infinities and lone surrogates are refused, as I-JSON requires.
    """
    kind = type(value)
    if kind is str and (value.isascii() or not _has_surrogate(value)):
        return _encode_string(value).encode("utf-8")
    if kind is int and abs(value) <= MAX_SAFE_INTEGER:
        return str(value).encode("ascii")
    if _plain(value):
        # Without floats and with ASCII member names, the standard library's sorted compact
        # output is byte-for-byte RFC 8785 (same escapes; code-point and UTF-16 orders agree).
        return _ENCODER.encode(value).encode("utf-8")
    parts: list[str] = []
    _emit(value, parts)
    return "".join(parts).encode("utf-8")


def _plain(value: Any) -> bool:
    """True when `value` holds only null, booleans, safe integers, strings without lone
    surrogates, lists, and objects with ASCII names."""
    if value is None or value is True or value is False:
        return True
    kind = type(value)
    if kind is str:
        return not _has_surrogate(value)
    if kind is int:
        return abs(value) <= MAX_SAFE_INTEGER
    if kind is dict:
        return all(type(k) is str and k.isascii() for k in value) and all(
            _plain(v) for v in value.values()
        )
    if kind is list:
        return all(_plain(v) for v in value)
    return False


def _has_surrogate(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _emit(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise ValueError(f"integer {value} is outside the I-JSON safe range")
        out.append(str(value))
    elif isinstance(value, float):
        out.append(canonical_number(value))
    elif isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise ValueError("object keys must be strings")
        out.append("{")
        for i, key in enumerate(sorted(value, key=_utf16_key)):
            if i:
                out.append(",")
            out.append(_string(key))
            out.append(":")
            _emit(value[key], out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _emit(item, out)
        out.append("]")
    else:
        raise ValueError(f"type {type(value).__name__} cannot be canonicalised")


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _string(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("strings must not contain lone surrogates") from exc
    # json.dumps with ensure_ascii=False escapes exactly ", \ and U+0000..U+001F, using the
    # short forms \b \f \n \r \t and lowercase \u00xx otherwise, which is what RFC 8785 asks.
    return json.dumps(text, ensure_ascii=False)


def canonical_number(number: float) -> str:
    """ECMAScript Number::toString for a finite double (RFC 8785 §3.2.2.3)."""
    if not math.isfinite(number):
        raise ValueError("NaN and infinities are not allowed")
    if number == 0:
        return "0"
    sign = "-" if number < 0 else ""
    # repr() gives the shortest digit string that round-trips, as ECMAScript requires;
    # only the layout differs, and that is rebuilt here.
    _, digit_tuple, exponent = Decimal(repr(abs(number))).as_tuple()
    digits = "".join(map(str, digit_tuple)).lstrip("0")
    assert isinstance(exponent, int)
    stripped = digits.rstrip("0")
    exponent += len(digits) - len(stripped)
    digits = stripped
    k = len(digits)
    n = exponent + k
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
        text = f"{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"
    return sign + text
