#!/bin/sh
# Build an Airlock release folder on a CONNECTED machine of the target platform (Linux x86-64
# here; installer/build_wheelhouse.ps1 on Windows x64), to carry across the air gap:
#
#   installer/build_wheelhouse.sh OUT_DIR
#
# OUT_DIR/wheelhouse/  every wheel of installer/requirements.lock for this platform and Python,
#                      checked against the lock's SHA-256 hashes, and Airlock's own wheel
# OUT_DIR/             requirements.lock, install_offline.sh and docs/install.md
# OUT_DIR/             sbom.cdx.json, licences.md, THIRD-PARTY-LICENCES.txt (installer/sbom.py),
#                      made from a test install of the wheelhouse with the index switched off
# Sign it afterwards (adds verify_release.py and release-key.pub):
#   python installer/release.py sign OUT_DIR --key KEY --version V
set -eu
if [ $# -ne 1 ]; then
    echo "usage: $0 OUT_DIR" >&2
    exit 2
fi
out=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(0 if sys.version_info[:2] in ((3, 11), (3, 12)) else 1)' || {
    echo "Build the wheelhouse with Python 3.11 or 3.12: the one the workstations will run." >&2
    exit 2
}
mkdir -p "$out/wheelhouse"
# Only wheels (no source builds on the workstation), only the pinned versions, each checked
# against the lock's hashes; markers select this platform's and this Python's wheels.
"$python" -m pip download --quiet --only-binary=:all: --no-deps --require-hashes \
    -r "$here/requirements.lock" -d "$out/wheelhouse"
"$python" -m pip wheel --quiet --no-deps -w "$out/wheelhouse" "$root"
# The SBOM and licence report describe an install of exactly this wheelhouse (which proves
# it complete); the tools that write them come from build-tools.lock and are not shipped.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" -m venv "$tmp/tools"
"$tmp/tools/bin/python" -m pip install --quiet --require-hashes -r "$here/build-tools.lock"
"$python" -m venv "$tmp/env"
"$tmp/env/bin/python" -m pip install --quiet --no-index --find-links "$out/wheelhouse" \
    --require-hashes -r "$here/requirements.lock"
"$tmp/env/bin/python" -m pip install --quiet --no-index --no-deps "$out"/wheelhouse/airlock-*.whl
"$tmp/tools/bin/python" "$here/sbom.py" --python "$tmp/env/bin/python" \
    --wheelhouse "$out/wheelhouse" --out "$out"
cp "$here/requirements.lock" "$here/install_offline.sh" "$here/install_offline.ps1" "$out/"
cp "$root/docs/install.md" "$out/" 2>/dev/null || true
count=$(ls "$out/wheelhouse" | wc -l)
echo "Wrote $count wheels to $out/wheelhouse."
