"""Where the shipped resources are (translations, the compliance control catalog, the DPIA
questionnaire): resources/ beside the packages in a source checkout (and an editable
install), the airlock_resources package in an installed wheel (pyproject.toml maps one to
the other)."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resource_dir() -> Path:
    checkout = Path(__file__).resolve().parents[1] / "resources"
    if (checkout / "compliance").is_dir():
        return checkout
    import airlock_resources

    return Path(airlock_resources.__file__).resolve().parent
