#!/usr/bin/env python3
"""Write the software bill of materials and the licence report of one Airlock build.

    python installer/sbom.py --python ENV/bin/python --out DIR \
        (--wheelhouse WHEELHOUSE | --lock installer/requirements.lock [--keep pyinstaller])

Run it with a Python that has the build tools (installer/build-tools.lock: cyclonedx-bom and
pip-licenses); ENV is the environment the build installed Airlock into. It writes to DIR:

  sbom.cdx.json             CycloneDX 1.6 (cyclonedx-py), limited to what the build ships:
                            the wheels of WHEELHOUSE (each with its SHA-256), or the packages
                            of the lock (plus --keep, e.g. PyInstaller, whose bootloader the
                            desktop bundle carries); validated against the CycloneDX schema
  licences.md               every shipped package with its licence (pip-licenses), a summary
                            per licence, and the copyleft licences a reviewer should look at
  THIRD-PARTY-LICENCES.txt  the licence texts the packages carry, to ship with the build

A package of the environment whose version differs from the lock, or a wheel the environment
does not have, stops the build: the SBOM would not describe what is shipped.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from verify_release import file_sha256  # noqa: E402

COPYLEFT = re.compile(r"\b(A?GPL|LGPL|MPL|EPL|CDDL|EUPL|OSL|General Public|Mozilla)", re.I)

NOTES = {
    "pyinstaller": " (only its bootloader ships; PyInstaller's licence has an exception "
    "that allows that with any program)",
    "pyside6-essentials": " (used under LGPL-3.0: unmodified, linked dynamically, its "
    "libraries separate files a user can replace)",
    "shiboken6": " (as PySide6)",
    "psycopg": " (used under LGPL-3.0: unmodified, a separate package SQLAlchemy loads at "
    "run time, replaceable in the install)",
    "psycopg-binary": " (as psycopg; it carries libpq, PostgreSQL licence)",
}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def wheels(folder: Path) -> dict[str, tuple[str, str, str]]:
    """name → (version, file name, SHA-256) for each wheel of a wheelhouse."""
    found = {}
    for wheel in sorted(folder.glob("*.whl")):
        name, version = wheel.name.split("-")[:2]
        found[normalise(name)] = (version, wheel.name, file_sha256(wheel))
    return found


# packaging.markers.default_environment(), computed by the built environment's Python
_MARKERS = """import json, os, platform, sys
v = sys.implementation.version
print(json.dumps({
    "implementation_name": sys.implementation.name,
    "implementation_version": f"{v.major}.{v.minor}.{v.micro}",
    "os_name": os.name, "platform_machine": platform.machine(),
    "platform_release": platform.release(), "platform_system": platform.system(),
    "platform_version": platform.version(),
    "python_full_version": platform.python_version(),
    "platform_python_implementation": platform.python_implementation(),
    "python_version": ".".join(platform.python_version_tuple()[:2]),
    "sys_platform": sys.platform}))"""


def locked(lock: Path, python: str) -> dict[str, str]:
    """name → version pinned in a requirements lock for the built environment's platform."""
    from packaging.markers import Marker

    env = json.loads(
        subprocess.run([python, "-c", _MARKERS], check=True, capture_output=True, text=True).stdout
    )
    pins = {}
    for name, version, marker in re.findall(
        r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)(?: ; ([^\\]+))?", lock.read_text(), re.M
    ):
        if not marker or Marker(marker.strip()).evaluate(env):
            pins[normalise(name)] = version
    return pins


def environment_sbom(python: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sbom.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "cyclonedx_py",
                "environment",
                python,
                "--pyproject",
                str(ROOT / "pyproject.toml"),
                "--output-reproducible",
                "--sv",
                "1.6",
                "--of",
                "JSON",
                "-o",
                str(out),
            ],
            check=True,
        )
        return json.loads(out.read_text())


def limit(sbom: dict, shipped: dict[str, str], hashes: dict[str, tuple[str, str]]) -> dict:
    """Keep the shipped components (name → version), add the wheels' hashes, and check that
    the environment holds exactly the shipped versions."""
    kept, problems = [], []
    present = {normalise(c["name"]): c for c in sbom["components"]}
    for name, version in sorted(shipped.items()):
        component = present.get(name)
        if component is None:
            if name in hashes:
                problems.append(f"{name} {version}: in the wheelhouse, not in the environment")
            continue
        if version is not None and component["version"] != version:
            problems.append(
                f"{name}: the environment has {component['version']}, the build ships {version}"
            )
        if name in hashes:
            file_name, digest = hashes[name]
            component["hashes"] = [{"alg": "SHA-256", "content": digest}]
            component.setdefault("properties", []).append(
                {"name": "airlock:wheel", "value": file_name}
            )
        kept.append(component)
    if problems:
        raise SystemExit("error: the SBOM would not match the build:\n  " + "\n  ".join(problems))
    refs = {c["bom-ref"] for c in kept} | {sbom["metadata"]["component"]["bom-ref"]}
    sbom["components"] = kept
    sbom["dependencies"] = [
        {**d, "dependsOn": [r for r in d.get("dependsOn", []) if r in refs]}
        for d in sbom.get("dependencies", [])
        if d["ref"] in refs
    ]
    return sbom


def validate(sbom: dict) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(sbom))
    if error is not None:
        raise SystemExit(f"error: the SBOM is not valid CycloneDX 1.6: {error}")


def licences(python: str, names: list[str], out: Path) -> tuple[int, list[str]]:
    base = [
        sys.executable,
        "-m",
        "piplicenses",
        "--python",
        python,
        "--from",
        "mixed",
        "--with-system",
        "--packages",
        *names,
    ]
    listed = json.loads(
        subprocess.run(
            [*base, "--format", "json", "--with-urls"], check=True, capture_output=True, text=True
        ).stdout
    )
    table = subprocess.run(
        [*base, "--format", "markdown", "--with-urls"], check=True, capture_output=True, text=True
    ).stdout
    texts = subprocess.run(
        [
            *base,
            "--format",
            "plain-vertical",
            "--with-license-file",
            "--no-license-path",
            "--with-notice-file",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    counts = Counter(p["License"] for p in listed)
    review = sorted(
        f"{p['Name']} {p['Version']}: {p['License']}" + NOTES.get(normalise(p["Name"]), "")
        for p in listed
        if COPYLEFT.search(p["License"])
    )
    unknown = sorted(p["Name"] for p in listed if p["License"] in ("UNKNOWN", ""))
    lines = [
        "# Licences of the packages this build ships",
        "",
        f"{len(listed)} packages (pip-licenses, from their metadata and classifiers).",
        "",
        "## Summary",
        "",
        "| licence | packages |",
        "|---|---|",
        *(f"| {name} | {n} |" for name, n in sorted(counts.items())),
        "",
        "## For review (copyleft: check how the build uses them)",
        "",
        *([f"- {line}" for line in review] or ["none"]),
        "",
    ]
    if unknown:
        lines += [
            "## No licence named in the metadata (read its text in THIRD-PARTY-LICENCES.txt)",
            "",
            *(f"- {name}" for name in unknown),
            "",
        ]
    lines += ["## Every package", "", table.strip(), ""]
    (out / "licences.md").write_text("\n".join(lines), encoding="utf-8")
    (out / "THIRD-PARTY-LICENCES.txt").write_text(texts, encoding="utf-8")
    return len(listed), review


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sbom.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", required=True, help="the built environment's Python")
    parser.add_argument("--out", type=Path, required=True)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--wheelhouse", type=Path)
    what.add_argument("--lock", type=Path)
    parser.add_argument("--keep", nargs="*", default=[], help="more packages the build ships")
    args = parser.parse_args(argv)
    hashes: dict[str, tuple[str, str]] = {}
    shipped: dict[str, str | None]
    if args.wheelhouse:
        found = wheels(args.wheelhouse)
        shipped = {name: version for name, (version, _, _) in found.items()}
        hashes = {name: (file_name, digest) for name, (_, file_name, digest) in found.items()}
    else:
        shipped = {**locked(args.lock, args.python), **{normalise(n): None for n in args.keep}}
    sbom = environment_sbom(args.python)
    shipped.pop("airlock", None)  # the SBOM's root component
    sbom = limit(sbom, shipped, hashes)  # type: ignore[arg-type]
    validate(sbom)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "sbom.cdx.json").write_text(json.dumps(sbom, indent=2) + "\n", encoding="utf-8")
    count, review = licences(args.python, [c["name"] for c in sbom["components"]], args.out)
    print(
        f"Wrote {args.out / 'sbom.cdx.json'} ({len(sbom['components'])} components) and "
        f"the licence report of {count} packages ({len(review)} to review)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
