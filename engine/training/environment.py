"""The environment a run was made in: Python, platform, and the exact version of every
installed package, with one hash to compare environments by."""

from __future__ import annotations

import hashlib
import json
import platform
import sys
from functools import lru_cache
from importlib import metadata
from typing import Any

KEY_PACKAGES = ("scikit-learn", "numpy", "scipy", "pandas", "pyarrow", "skops", "joblib")


@lru_cache(maxsize=1)
def fingerprint() -> dict[str, Any]:
    packages = {}
    for dist in metadata.distributions():
        name = (dist.metadata["Name"] or "").lower()
        if name:
            packages[name] = dist.version
    body = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "byteorder": sys.byteorder,
        "packages": dict(sorted(packages.items())),
    }
    digest = hashlib.sha256(
        json.dumps({k: v for k, v in body.items() if k != "platform"}, sort_keys=True).encode()
    ).hexdigest()
    return {**body, "hash": digest}


def differences(recorded: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """What differs between two fingerprints, most important first."""
    out = []
    for key in ("python", "implementation", "machine", "byteorder"):
        if recorded.get(key) != current.get(key):
            out.append(f"{key}: {recorded.get(key)} → {current.get(key)}")
    old, new = recorded.get("packages", {}), current.get("packages", {})
    ordered = [p for p in KEY_PACKAGES if p in old or p in new] + sorted(set(old) | set(new))
    seen = set()
    for name in ordered:
        if name in seen:
            continue
        seen.add(name)
        if old.get(name) != new.get(name):
            out.append(f"{name}: {old.get(name, 'absent')} → {new.get(name, 'absent')}")
    return out
