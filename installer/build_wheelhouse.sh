#!/bin/sh
# Build an Airlock release folder on a CONNECTED machine of the target platform (Linux x86-64
# here; installer/build_wheelhouse.ps1 on Windows x64), to carry across the air gap:
#
#   installer/build_wheelhouse.sh OUT_DIR
#
# OUT_DIR/wheelhouse/  every wheel of installer/requirements.lock for this platform and Python,
#                      checked against the lock's SHA-256 hashes, and Airlock's own wheel
# OUT_DIR/             requirements.lock, install_offline.sh, verify_release.py, release-key.pub
#                      (if given) and docs/install.md
# Sign it afterwards: python installer/release.py sign OUT_DIR --key KEY --version V
set -eu
if [ $# -lt 1 ]; then
    echo "usage: $0 OUT_DIR [RELEASE_KEY.pub]" >&2
    exit 2
fi
out=$1
key=${2:-}
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
cp "$here/requirements.lock" "$here/install_offline.sh" "$here/verify_release.py" "$out/"
cp "$root/docs/install.md" "$out/" 2>/dev/null || true
if [ -n "$key" ]; then cp "$key" "$out/release-key.pub"; fi
count=$(ls "$out/wheelhouse" | wc -l)
echo "Wrote $count wheels to $out/wheelhouse."
