"""Deployment bundles: one zip that carries a model version across the air gap.

    manifest.json      what the bundle holds: the version's signed registry manifest (with
                       its signer's public key), the approval when the version is in
                       production, the workspace signing key, and the SHA-256 of every
                       other file
    manifest.sig       the workspace key's Ed25519 signature over
                       "airlock/deployment-bundle/v1\\n" + SHA-256(manifest.json)
    model.skops        the model (skops; the manifest records the types it may hold)
    requirements.txt   exact versions of the packages the model was trained with
    score.py           a standalone scorer that verifies all of the above first
    Dockerfile         builds an offline image from a wheelhouse
    README.txt         how to verify and run it
    MODEL_CARD.md      the model card, when one exists (governance)

`verify_bundle` checks the zip without any workspace (it names the file that does not
match); importing into another workspace also needs the signing key to be trusted there.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.audit.record import grouped, verify_ed25519
from engine.errors import IntegrityError, ValidationError

BUNDLE_FORMAT = "airlock-bundle/1"
BUNDLE_CONTEXT = b"airlock/deployment-bundle/v1\n"
NAMES = {
    "manifest.json",
    "manifest.sig",
    "model.skops",
    "requirements.txt",
    "score.py",
    "Dockerfile",
    "README.txt",
    "MODEL_CARD.md",
}
MAX_MEMBER = 2 * 1024**3

# What score.py imports, and what those need at run time: the exact lock comes from the
# environment the model was trained in.
RUNTIME = (
    "scikit-learn",
    "numpy",
    "scipy",
    "joblib",
    "threadpoolctl",
    "skops",
    "pandas",
    "python-dateutil",
    "pytz",
    "tzdata",
    "six",
    "packaging",
    "pyarrow",
    "cryptography",
    "cffi",
    "pycparser",
    "prettytable",
    "wcwidth",
)


def fingerprint(public_key: bytes) -> str:
    """The bundle key's fingerprint in its stored form (plain hex; shown `grouped`)."""
    return hashlib.sha256(public_key).hexdigest()


# what score.py imports; everything these need is found by following their requirements
ROOTS = ("scikit-learn", "skops", "pandas", "pyarrow", "cryptography", "numpy")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _closure(recorded: dict[str, str]) -> set[str]:
    """The runtime packages and every package they require (transitively, no extras), as
    installed here: a fixed list missed narwhals and cloudpickle when scikit-learn began to
    need them."""
    from importlib import metadata

    from packaging.requirements import InvalidRequirement, Requirement

    seen: set[str] = set()
    todo = [_canonical(n) for n in (*ROOTS, *RUNTIME)]
    while todo:
        name = todo.pop()
        if name in seen or name not in recorded:
            continue
        seen.add(name)
        try:
            wanted = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for line in wanted:
            try:
                requirement = Requirement(line)
            except InvalidRequirement:
                continue
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue  # an optional extra, or another platform's
            todo.append(_canonical(requirement.name))
    return seen


def requirements(packages: dict[str, str]) -> str:
    recorded = {_canonical(k): (k, v) for k, v in packages.items()}
    names = sorted(_closure({k: v for k, (_n, v) in recorded.items()}))
    lines = [f"{recorded[name][0]}=={recorded[name][1]}" for name in names]
    return (
        "# exact versions from the environment the model was trained in, with every\n"
        "# package they need\n" + "\n".join(lines) + "\n"
    )


def dockerfile(python: str) -> str:
    minor = ".".join(python.split(".")[:2]) or "3.11"
    return f"""# Offline images for this model, built without any network (--network=none).
#
# The scoring service (airlock bundle serve; docs/serving.md): put the Airlock release's
# wheelhouse (installer/build_wheelhouse.sh OUT -> OUT/wheelhouse) in ./airlock-wheelhouse
# and this bundle's own zip beside this file as ./bundle.zip, then
#     docker build --network=none --target serve -t scoring-service:latest .
#     docker run --rm -p 8443:8443 -v "$PWD/secrets:/secrets:ro" scoring-service:latest \\
#         --expect-key "FINGERPRINT" --tls-cert /secrets/cert.pem --tls-key /secrets/key.pem
# with /secrets/tokens.json made by `airlock bundle token create NAME --models M --file`.
# The bundle is verified (signature against --expect-key, hashes, approval) at every start.
FROM python:{minor}-slim AS serve
COPY airlock-wheelhouse /wheelhouse
RUN pip install --no-index --find-links /wheelhouse airlock && rm -rf /wheelhouse
COPY bundle.zip /bundle/bundle.zip
USER nobody
EXPOSE 8443
STOPSIGNAL SIGTERM
ENTRYPOINT ["airlock", "bundle", "serve", "/bundle/bundle.zip", \\
            "--tokens", "/secrets/tokens.json", "--host", "0.0.0.0", "--port", "8443"]

# Batch scoring with score.py alone (the default target). Fill ./wheelhouse once on a
# machine that can reach a package index (or from your internal mirror):
#     pip download -r requirements.txt -d wheelhouse --only-binary=:all:
# then carry the folder across and build:
#     docker build --network=none -t scoring:latest .
#     docker run --rm --network=none -v "$PWD/data:/data" scoring:latest \\
#         /data/input.csv /data/scores.csv
FROM python:{minor}-slim AS score
COPY wheelhouse /wheelhouse
COPY requirements.txt /bundle/requirements.txt
RUN pip install --no-index --find-links /wheelhouse -r /bundle/requirements.txt \\
    && rm -rf /wheelhouse
COPY manifest.json manifest.sig model.skops score.py /bundle/
USER nobody
ENTRYPOINT ["python", "/bundle/score.py"]
"""


def readme(version_ref: str, key_fingerprint: str) -> str:
    return f"""Airlock deployment bundle for {version_ref}

The workspace that exported it signs with the key whose SHA-256 fingerprint is
    {grouped(key_fingerprint)}
Compare it with the fingerprint your model owner gives you out of band.

Verify and score (needs the packages in requirements.txt):
    python score.py input.csv scores.csv --expect-key "{grouped(key_fingerprint)}"

Import into another Airlock workspace (an administrator trusts the key once):
    airlock bundle trust BUNDLE.zip --fingerprint "{grouped(key_fingerprint)}"
    airlock bundle import BUNDLE.zip
"""


def sign_manifest(manifest: dict[str, Any], sign: Any) -> tuple[bytes, bytes]:
    raw = json.dumps(manifest, sort_keys=True, indent=1).encode("utf-8")
    signature = sign(BUNDLE_CONTEXT + hashlib.sha256(raw).digest())
    return raw, base64.b64encode(signature) + b"\n"


def build_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


@dataclass(frozen=True)
class VerifiedBundle:
    manifest: dict[str, Any]
    version_manifest: dict[str, Any]
    files: dict[str, bytes]
    key_fingerprint: str
    key_name: str
    public_key: bytes
    sha256: str  # of the zip file


def read_members(path: Path) -> tuple[dict[str, bytes], str]:
    if not path.is_file():
        raise ValidationError(f"There is no file {path}.")
    data = path.read_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IntegrityError(
            f"{path.name} is not a zip file (or it was cut short).", hint="Copy the bundle again."
        ) from None
    files: dict[str, bytes] = {}
    with archive:
        for info in archive.infolist():
            if info.filename not in NAMES:
                raise IntegrityError(
                    f"{path.name} holds an unexpected file "
                    f"{info.filename!r}; it is not a bundle Airlock made."
                )
            if info.file_size > MAX_MEMBER:
                raise IntegrityError(f"{info.filename} in {path.name} is too large.")
            if info.filename in files:
                raise IntegrityError(f"{path.name} holds {info.filename} twice.")
            try:
                files[info.filename] = archive.read(info)
            except (zipfile.BadZipFile, OSError) as exc:
                raise IntegrityError(f"{info.filename} in {path.name} is damaged: {exc}.") from None
    return files, hashlib.sha256(data).hexdigest()


def verify_bundle(path: Path) -> VerifiedBundle:
    """Check signature, every hash, the version manifest's own signature and, when present,
    the approval's. Raise IntegrityError naming the first thing that does not hold."""
    from engine.registry.entities import DECISION_CONTEXT, MANIFEST_CONTEXT, sha256_text

    files, zip_sha = read_members(path)
    for needed in ("manifest.json", "manifest.sig", "model.skops"):
        if needed not in files:
            raise IntegrityError(f"{path.name} has no {needed}; it is not a complete bundle.")
    raw = files["manifest.json"]
    try:
        manifest = json.loads(raw)
        key = base64.b64decode(manifest["workspace_key"]["public_key"], validate=True)
        signature = base64.b64decode(files["manifest.sig"].strip(), validate=True)
    except (ValueError, KeyError, TypeError):
        raise IntegrityError(f"manifest.json or manifest.sig in {path.name} is damaged.") from None
    if manifest.get("format") != BUNDLE_FORMAT:
        raise IntegrityError(
            f"{path.name} is a bundle of format {manifest.get('format')!r}; "
            f"this Airlock reads {BUNDLE_FORMAT}."
        )
    if not verify_ed25519(key, signature, BUNDLE_CONTEXT + hashlib.sha256(raw).digest()):
        raise IntegrityError(
            f"manifest.sig does not match manifest.json in {path.name}: the bundle was altered.",
            hint="Do not import it; ask for a new one.",
        )
    listed = manifest.get("files", {})
    for name, content in files.items():
        if name in ("manifest.json", "manifest.sig"):
            continue
        if name not in listed:
            raise IntegrityError(
                f"{name} in {path.name} is not listed in its manifest: the bundle was altered."
            )
        if hashlib.sha256(content).hexdigest() != listed[name]:
            raise IntegrityError(
                f"{name} in {path.name} does not match its hash in the "
                "manifest: the bundle was altered.",
                hint="Do not import it; ask for a new one.",
            )
    for name in listed:
        if name not in files:
            raise IntegrityError(f"{path.name} lacks {name}, which its manifest lists.")
    text = manifest["version_manifest"]
    version = json.loads(text)
    signer = manifest["version_signer"]
    if not verify_ed25519(
        base64.b64decode(signer["public_key"]),
        base64.b64decode(manifest["version_manifest_sig"]),
        MANIFEST_CONTEXT + bytes.fromhex(sha256_text(text)),
    ):
        raise IntegrityError(f"The registry manifest in {path.name} does not match its signature.")
    if hashlib.sha256(files["model.skops"]).hexdigest() != version["model_sha256"]:
        raise IntegrityError(
            f"model.skops in {path.name} is not the model the registry manifest names."
        )
    approval = manifest.get("approval")
    if approval:
        decision = json.loads(approval["decision"])
        if (
            not verify_ed25519(
                base64.b64decode(approval["public_key"]),
                base64.b64decode(approval["signature"]),
                DECISION_CONTEXT + bytes.fromhex(sha256_text(approval["decision"])),
            )
            or decision.get("model_sha256") != version["model_sha256"]
        ):
            raise IntegrityError(
                f"The approval in {path.name} does not match its signature or its model."
            )
    return VerifiedBundle(
        manifest, version, files, fingerprint(key), manifest["workspace_key"]["name"], key, zip_sha
    )
