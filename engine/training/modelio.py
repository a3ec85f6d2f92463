"""Model files: skops, never pickle. A model is written with the types it holds recorded
beside it; loading refuses any type outside the allowed libraries, so a model file that was
swapped or crafted cannot run code when it is opened."""

from __future__ import annotations

from typing import Any

from engine.errors import IntegrityError

# Modules whose types a model may hold (scikit-learn estimators and their numeric parts).
ALLOWED = (
    "sklearn.",
    "numpy.",
    "scipy.",
    "builtins.",
    "collections.",
    "joblib.",
    "engine.data.transformers.",
    "engine.governance.mitigation.",
)


def dumps(model: Any) -> tuple[bytes, list[str]]:
    """The model as skops bytes, and the types a loader has to trust for it."""
    import skops.io as sio

    data = sio.dumps(model)
    return data, sorted(sio.get_untrusted_types(data=data))


def loads(data: bytes, recorded: list[str], where: str = "the model") -> Any:
    """Load skops bytes trusting only types that were recorded at save time AND belong to
    an allowed library."""
    import skops.io as sio

    return sio.loads(data, trusted=check_types(data, recorded, where))


def check_types(data: bytes, recorded: list[str], where: str = "the model") -> list[str]:
    """The types skops must trust for `data`, after checking they are all recorded and
    allowed (IntegrityError otherwise). Reads the file's schema; runs nothing."""
    import skops.io as sio

    try:
        needed = sorted(sio.get_untrusted_types(data=data))
    except Exception as exc:  # a damaged or foreign file: skops raises many kinds
        raise IntegrityError(f"{where} is not a readable skops file ({exc}).") from None
    outside = [t for t in needed if not t.startswith(ALLOWED)]
    if outside:
        raise IntegrityError(
            f"{where} holds types Airlock does not load: {', '.join(outside)}.",
            hint="It was not made by Airlock's training, or was altered.",
        )
    unexpected = sorted(set(needed) - set(recorded))
    if unexpected:
        raise IntegrityError(
            f"{where} holds types that were not recorded when it was saved: "
            f"{', '.join(unexpected)}.",
            hint="The file was altered.",
        )
    return needed
