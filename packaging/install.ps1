# 食品药品安全应急指挥台 — offline installation on Windows (x86_64, Python 3.11+).
#   powershell -ExecutionPolicy Bypass -File install.ps1 [-Prefix C:\fds-console]
# Installs from the wheels next to this script only: no network is used (pip --no-index).
param([string]$Prefix = "$env:LOCALAPPDATA\fds-console", [string]$Python = "py")
$ErrorActionPreference = "Stop"
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$wheels = Join-Path $here "wheels\win_amd64"
if (-not (Test-Path $wheels)) { Write-Error "找不到安装包目录 $wheels（安装介质不完整）"; exit 2 }
$missing = Join-Path $here "MISSING-win_amd64.txt"
if ((Test-Path $missing) -and ((Get-Content $missing -Raw) -notmatch "^无")) {
    Write-Warning "以下依赖没有 Windows 安装包，安装可能失败：$(Get-Content $missing -Raw)"
}
$pyArgs = @()
if ($Python -eq "py") { $pyArgs = @("-3.11") }
& $Python @pyArgs -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)"
if ($LASTEXITCODE -ne 0) { Write-Error "需要 Python 3.11 或更高版本（64 位）"; exit 2 }
Write-Host "安装到 $Prefix ……"
& $Python @pyArgs -m venv "$Prefix\venv"
$env:PIP_CONFIG_FILE = "nul"; $env:PIP_NO_INDEX = "1"; $env:PIP_DISABLE_PIP_VERSION_CHECK = "1"
& "$Prefix\venv\Scripts\python.exe" -m pip install --quiet --no-index --find-links "$wheels" fds-emergency-console
if ($LASTEXITCODE -ne 0) { Write-Error "安装失败（见上方信息）"; exit 1 }
$lnk = Join-Path ([Environment]::GetFolderPath("Desktop")) "食品药品安全应急指挥台.lnk"
$shell = New-Object -ComObject WScript.Shell
$s = $shell.CreateShortcut($lnk); $s.TargetPath = "$Prefix\venv\Scripts\fds-console.exe"; $s.Save()
Write-Host "安装完成。桌面快捷方式：食品药品安全应急指挥台；命令行：$Prefix\venv\Scripts\fds-console-cli.exe"
