<#
.SYNOPSIS
Build an Airlock release folder on a CONNECTED Windows x64 machine, to carry across the air
gap (installer/build_wheelhouse.sh is the same for Linux x86-64).

.DESCRIPTION
OUT\wheelhouse\  every wheel of installer\requirements.lock for this platform and Python,
                 checked against the lock's SHA-256 hashes, and Airlock's own wheel
OUT\             requirements.lock, install_offline.ps1, install_offline.sh, docs\install.md
OUT\             sbom.cdx.json, licences.md, THIRD-PARTY-LICENCES.txt (installer\sbom.py),
                 made from a test install of the wheelhouse with the index switched off
Sign it afterwards (adds verify_release.py and release-key.pub):
  python installer\release.py sign OUT --key KEY --version V

.EXAMPLE
powershell -ExecutionPolicy Bypass -File installer\build_wheelhouse.ps1 -Out D:\airlock-0.1.0
#>
param(
    [Parameter(Mandatory = $true, Position = 0)][string]$Out,
    # the Python the workstations will run: 3.11 or 3.12, Windows x64
    [string]$Python = "python"
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

# A native program's exit status does not stop a script by itself: check every one.
function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$Exe $($Arguments -join ' ')' failed (exit status $LASTEXITCODE)."
    }
}

$here = $PSScriptRoot
$root = Split-Path -Parent $here
& $Python -c "import sys; sys.exit(0 if sys.version_info[:2] in ((3, 11), (3, 12)) else 1)"
if ($LASTEXITCODE -ne 0) {
    Write-Error "Build the wheelhouse with Python 3.11 or 3.12: the one the workstations will run."
    exit 2
}
$wheelhouse = Join-Path $Out "wheelhouse"
New-Item -ItemType Directory -Force -Path $wheelhouse | Out-Null
# Only wheels (no source builds on the workstation), only the pinned versions, each checked
# against the lock's hashes; markers select this platform's and this Python's wheels.
Invoke-Checked $Python @("-m", "pip", "download", "--quiet", "--only-binary=:all:", "--no-deps",
    "--require-hashes", "-r", (Join-Path $here "requirements.lock"), "-d", $wheelhouse)
Invoke-Checked $Python @("-m", "pip", "wheel", "--quiet", "--no-deps", "-w", $wheelhouse, $root)
$airlock = Get-ChildItem -Path $wheelhouse -Filter "airlock-*.whl" | Select-Object -First 1

# The SBOM and licence report describe an install of exactly this wheelhouse (which proves
# it complete); the tools that write them come from build-tools.lock and are not shipped.
$tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("airlock-build-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $tmp | Out-Null
try {
    $tools = Join-Path $tmp "tools\Scripts\python.exe"
    $env_python = Join-Path $tmp "env\Scripts\python.exe"
    Invoke-Checked $Python @("-m", "venv", (Join-Path $tmp "tools"))
    Invoke-Checked $tools @("-m", "pip", "install", "--quiet", "--require-hashes", "-r",
        (Join-Path $here "build-tools.lock"))
    Invoke-Checked $Python @("-m", "venv", (Join-Path $tmp "env"))
    Invoke-Checked $env_python @("-m", "pip", "install", "--quiet", "--no-index", "--find-links",
        $wheelhouse, "--require-hashes", "-r", (Join-Path $here "requirements.lock"))
    Invoke-Checked $env_python @("-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
        $airlock.FullName)
    Invoke-Checked $tools @((Join-Path $here "sbom.py"), "--python", $env_python,
        "--wheelhouse", $wheelhouse, "--out", $Out)
}
finally {
    Remove-Item -Recurse -Force -Path $tmp -ErrorAction SilentlyContinue
}
foreach ($file in @("requirements.lock", "install_offline.ps1", "install_offline.sh")) {
    Copy-Item -Path (Join-Path $here $file) -Destination $Out
}
Copy-Item -Path (Join-Path $root "docs\install.md") -Destination $Out
$count = (Get-ChildItem -Path $wheelhouse -Filter "*.whl").Count
Write-Output "Wrote $count wheels to $wheelhouse."
