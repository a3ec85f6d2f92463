"""Standalone scorer shipped inside every deployment bundle (score.py). It needs only the
packages in requirements.txt; it checks the bundle before it loads anything:

1. manifest.sig is the workspace key's Ed25519 signature over manifest.json;
2. every file listed in the manifest has the SHA-256 the manifest gives;
3. the model loads through skops trusting exactly the types the manifest records.

    python score.py INPUT.csv|.parquet OUTPUT.csv|.parquet [--expect-key FINGERPRINT]

Exit status 0 on success, 1 on a refused bundle or bad input (the message says which).
"""

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

HERE = Path(__file__).resolve().parent
CONTEXT = b"airlock/deployment-bundle/v1\n"


def fail(message: str) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


def verify(expect_key: str) -> dict[str, Any]:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    raw = (HERE / "manifest.json").read_bytes()
    manifest: dict[str, Any] = json.loads(raw)
    key = base64.b64decode(manifest["workspace_key"]["public_key"])
    digest = hashlib.sha256(key).hexdigest()
    fingerprint = " ".join(digest[i : i + 4] for i in range(0, 64, 4))  # as Airlock shows it
    if expect_key and "".join(expect_key.split()).lower() != digest:
        fail(f"the bundle is signed by key {fingerprint}, not the expected one")
    if not expect_key:  # the signature below proves integrity, not who signed
        print(
            f"warning: the signer was not checked: the bundle is signed by key "
            f"{fingerprint}; pass --expect-key with the fingerprint the exporting team "
            "gave you to make sure it is theirs",
            file=sys.stderr,
        )
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(
            base64.b64decode((HERE / "manifest.sig").read_text().strip()),
            CONTEXT + hashlib.sha256(raw).digest(),
        )
    except (InvalidSignature, ValueError):
        fail("manifest.sig does not match manifest.json: the bundle was altered")
    for name, digest in manifest["files"].items():
        path = HERE / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            fail(f"{name} does not match its hash in the manifest: the bundle was altered")
    return manifest


def read(path: Path) -> Any:
    import pandas as pd

    if path.suffix.lower() == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path)


def main() -> None:
    parser = argparse.ArgumentParser(description="Score a file with this bundle's model.")
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--expect-key", default="", help="the signing key's fingerprint")
    parser.add_argument("--decimals", type=int, default=4)
    args = parser.parse_args()
    manifest = verify(args.expect_key)
    version = json.loads(manifest["version_manifest"])
    import numpy as np
    import pandas as pd
    import skops.io as sio

    data = (HERE / "model.skops").read_bytes()
    needed = sorted(sio.get_untrusted_types(data=data))
    unexpected = sorted(set(needed) - set(version["model_types"]))
    if unexpected:
        fail(f"model.skops holds types the manifest does not record: {unexpected}")
    model = sio.loads(data, trusted=needed)
    if not args.input.is_file():
        fail(f"there is no file {args.input}")
    frame = read(args.input)
    inputs = version["signature"]["inputs"]
    missing = [c["name"] for c in inputs if c["name"] not in frame.columns]
    if missing:
        fail(f"the input has no column {', '.join(missing)}")
    X = pd.DataFrame(index=frame.index)
    for column in inputs:
        values = frame[column["name"]]
        if column["kind"] in ("integer", "number"):
            parsed = pd.to_numeric(values, errors="coerce")
            if (parsed.isna() & values.notna()).any():
                fail(f"column {column['name']} must hold numbers")
            X[column["name"]] = parsed.astype("float64")
        elif column["kind"] == "text":
            X[column["name"]] = (
                values.astype("object")
                .where(values.notna(), None)
                .map(lambda v: v if v is None else str(v))
            )
        else:
            X[column["name"]] = values
    out = frame.copy()
    out["prediction"] = model.predict(X)
    if version["task"] != "regression" and hasattr(model, "predict_proba"):
        proba = np.round(np.asarray(model.predict_proba(X), dtype=float), args.decimals)
        for index, label in enumerate(model.classes_):
            out[f"probability_{label.item() if hasattr(label, 'item') else label}"] = proba[
                :, index
            ]
    if args.output.suffix.lower() == ".parquet":
        out.to_parquet(args.output, index=False)
    else:
        out.to_csv(args.output, index=False)
    print(f"scored {len(out)} rows with {version['model']}@{version['version']} -> {args.output}")


if __name__ == "__main__":
    main()
