#!/bin/sh
# Install Airlock on an air-gapped Linux workstation from a release folder:
#
#   sh install_offline.sh RELEASE_DIR TARGET_DIR --fingerprint "ab12 cd34 …"
#
# 1. verifies the release (signature by the release key whose fingerprint you received out
#    of band, every file's SHA-256, nothing added) with nothing but Python: if it does not
#    verify, NOTHING is installed;
# 2. creates a virtual environment in TARGET_DIR and installs from the wheelhouse only
#    (--no-index, --require-hashes: every wheel must match the lock); if that fails,
#    TARGET_DIR is removed again;
# 3. runs `airlock --version` and a headless smoke check (a throw-away workspace is created,
#    a dataset imported, the audit log verified).
set -eu
if [ $# -ne 4 ] || [ "$3" != "--fingerprint" ]; then
    echo "usage: $0 RELEASE_DIR TARGET_DIR --fingerprint \"FINGERPRINT\"" >&2
    exit 2
fi
release=$1
target=$2
fingerprint=$4
python=${PYTHON:-python3}
key=${RELEASE_KEY:-$release/release-key.pub}
"$python" "$release/verify_release.py" "$release" --key "$key" --fingerprint "$fingerprint" || {
    echo "The release did not verify: nothing was installed." >&2
    exit 1
}
if [ -e "$target" ]; then
    echo "$target exists: choose a new folder (nothing was installed)." >&2
    exit 1
fi
# a failed install leaves nothing behind
if ! { "$python" -m venv "$target" &&
       "$target/bin/python" -m pip install --quiet --no-index \
           --find-links "$release/wheelhouse" --require-hashes -r "$release/requirements.lock" &&
       "$target/bin/python" -m pip install --quiet --no-index --no-deps \
           "$release"/wheelhouse/airlock-*.whl; }; then
    rm -rf "$target"
    echo "The install failed, nothing was kept." >&2
    exit 1
fi
"$target/bin/airlock" --version
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
export AIRLOCK_PASSWORD="smoke check password 1"
printf 'id,amount\n1,10\n2,20\n' > "$smoke/data.csv"
"$target/bin/airlock" init "$smoke/ws" --admin smoke > /dev/null
"$target/bin/airlock" -w "$smoke/ws" -u smoke data import "$smoke/data.csv" --name smoke > /dev/null
"$target/bin/airlock" -w "$smoke/ws" -u smoke audit verify > /dev/null
echo "Airlock is installed in $target and its smoke check passed: $target/bin/airlock"
