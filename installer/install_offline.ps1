<#
.SYNOPSIS
Install Airlock on an air-gapped Windows x64 workstation from a release folder
(install_offline.sh is the same for Linux).

.DESCRIPTION
1. verifies the release (signature by the release key whose fingerprint you received out of
   band, every file's SHA-256, nothing added) with nothing but Python: if it does not
   verify, NOTHING is installed;
2. creates a virtual environment in TARGET and installs from the wheelhouse only
   (--no-index, --require-hashes: every wheel must match the lock); if that fails, TARGET
   is removed again;
3. runs `airlock --version` and a headless smoke check (a throw-away workspace is created,
   a dataset imported, the audit log verified).

.EXAMPLE
powershell -ExecutionPolicy Bypass -File E:\airlock-0.1.0\install_offline.ps1 `
    E:\airlock-0.1.0 C:\Airlock -Fingerprint "bb6d 1307 ..."
#>
param(
    [Parameter(Mandatory = $true, Position = 0)][string]$Release,
    [Parameter(Mandatory = $true, Position = 1)][string]$Target,
    [Parameter(Mandatory = $true)][string]$Fingerprint,
    # Python 3.11 or 3.12 for Windows x64, as the release was built for
    [string]$Python = "python",
    [string]$Key = ""
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$Exe $($Arguments -join ' ')' failed (exit status $LASTEXITCODE)."
    }
}

if (-not $Key) { $Key = Join-Path $Release "release-key.pub" }
& $Python (Join-Path $Release "verify_release.py") $Release --key $Key --fingerprint $Fingerprint
if ($LASTEXITCODE -ne 0) {
    [Console]::Error.WriteLine("The release did not verify: nothing was installed.")
    exit 1
}
if (Test-Path -LiteralPath $Target) {
    [Console]::Error.WriteLine("$Target exists: choose a new folder (nothing was installed).")
    exit 1
}
$venv_python = Join-Path $Target "Scripts\python.exe"
$airlock_exe = Join-Path $Target "Scripts\airlock.exe"
try {
    Invoke-Checked $Python @("-m", "venv", $Target)
    Invoke-Checked $venv_python @("-m", "pip", "install", "--quiet", "--no-index", "--find-links",
        (Join-Path $Release "wheelhouse"), "--require-hashes", "-r",
        (Join-Path $Release "requirements.lock"))
    $wheel = Get-ChildItem -Path (Join-Path $Release "wheelhouse") -Filter "airlock-*.whl" |
        Select-Object -First 1
    Invoke-Checked $venv_python @("-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
        $wheel.FullName)
}
catch {
    Remove-Item -Recurse -Force -LiteralPath $Target -ErrorAction SilentlyContinue
    [Console]::Error.WriteLine("The install failed, nothing was kept: $_")
    exit 1
}
Invoke-Checked $airlock_exe @("--version")

$smoke = Join-Path ([System.IO.Path]::GetTempPath()) ("airlock-smoke-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $smoke | Out-Null
try {
    $env:AIRLOCK_PASSWORD = "smoke check password 1"
    $data = Join-Path $smoke "data.csv"
    $ws = Join-Path $smoke "ws"
    [System.IO.File]::WriteAllText($data, "id,amount`n1,10`n2,20`n")
    Invoke-Checked $airlock_exe @("init", $ws, "--admin", "smoke") | Out-Null
    Invoke-Checked $airlock_exe @("-w", $ws, "-u", "smoke", "data", "import", $data, "--name",
        "smoke") | Out-Null
    Invoke-Checked $airlock_exe @("-w", $ws, "-u", "smoke", "audit", "verify") | Out-Null
}
finally {
    Remove-Item Env:\AIRLOCK_PASSWORD -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force -LiteralPath $smoke -ErrorAction SilentlyContinue
}
Write-Output "Airlock is installed in $Target and its smoke check passed: $airlock_exe"
