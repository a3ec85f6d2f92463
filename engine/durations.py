"""Durations in definitions ("30m", "6h", "7d"): parsed once, bounded.

An unbounded count overflowed the date arithmetic later (`every = "99999…d"` was accepted,
then `pipeline watch` crashed on every pipeline and monitor), so a duration is at most
366 days.
"""

from __future__ import annotations

import re

from engine.errors import ValidationError

MAX_SECONDS = 366 * 86_400
_DURATION = re.compile(r"^\s*(\d{1,9})\s*([mhd])\s*$")
_UNIT = {"m": 60, "h": 3600, "d": 86_400}


def duration_seconds(text: object, field: str, *, allow_zero: bool = False) -> int:
    """Seconds in `text`; ValidationError naming `field` when it is not a duration from
    1 minute (or 0 when `allow_zero`) to 366 days."""
    match = _DURATION.match(text) if isinstance(text, str) else None
    value = int(match.group(1)) * _UNIT[match.group(2)] if match else -1
    if value < 0 or value > MAX_SECONDS or (value == 0 and not allow_zero):
        raise ValidationError(
            f"'{field}' looks like 30m, 6h or 7d, at most 366 days. Got {str(text)[:40]!r}."
        )
    return value
