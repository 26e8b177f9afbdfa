# Builds RNN Explorer for Windows, on Windows (jpackage makes packages for the OS it runs on):
#   target\installer\RNN Explorer\                      the app image: "RNN Explorer.exe" (the window), rnnx.exe (the
#                                                        CLI, a console program), runtime\ (jlink image), app\ (jars,
#                                                        sample-data\)
#   target\installer\RNN-Explorer-<version>.msi         the installer: Start menu entry, desktop shortcut, .safetensors
#                                                        and .rnnx associations
#
# Usage (PowerShell 5.1 or 7, from the repository root):
#   powershell -ExecutionPolicy Bypass -File installer\windows\build-windows.ps1 [-AppImageOnly] [-NoMaven] [-Type msi|exe]
# Needs: Maven, a JDK 25+ ($env:RNNX_JDK or $env:JAVA_HOME), and for -Type msi/exe the WiX Toolset on the PATH
# (jpackage 25 takes WiX 3.14 - candle.exe, light.exe - or WiX 4 and later - wix.exe).
param(
    [switch]$AppImageOnly,
    [switch]$NoMaven,
    [ValidateSet('msi', 'exe')][string]$Type = 'msi'
)
$ErrorActionPreference = 'Stop'

$Root = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path
$Out = Join-Path $Root 'target\installer'
$Work = Join-Path $Out 'work'
$AppName = 'RNN Explorer'
$Description = 'See inside torch.nn.RNN: hidden states, spectra and gradient flow through time'
$Vendor = 'RNN Explorer'
# Fixed for every version, so that a newer .msi replaces an installed older one.
$UpgradeUuid = '6f0c5a4e-2d43-4b8e-9a57-3c1f0e7d9b21'

function Say($message) { Write-Host "[installer] $message" }
function Invoke-Tool {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$([IO.Path]::GetFileName($Exe)) failed with exit code $LASTEXITCODE" }
}

# A JDK 25+ with jlink, jpackage and jdeps.
$Jdk = $null
foreach ($candidate in @($env:RNNX_JDK, $env:JAVA_HOME)) {
    if (-not $candidate) { continue }
    $release = Join-Path $candidate 'release'
    if ((Test-Path (Join-Path $candidate 'bin\jpackage.exe')) -and (Test-Path $release)) {
        $feature = [int]((Select-String -Path $release -Pattern '^JAVA_VERSION="(\d+)').Matches[0].Groups[1].Value)
        if ($feature -ge 25) { $Jdk = $candidate; break }
    }
}
if (-not $Jdk) { throw 'No JDK 25 or later with jpackage: set RNNX_JDK or JAVA_HOME' }
Say "JDK $Jdk"
$JdkBin = Join-Path $Jdk 'bin'

Push-Location $Root
try {
    if (-not $NoMaven) {
        Say 'mvn package'
        Invoke-Tool 'mvn' @('-q', '-B', '-ntp', '-DskipTests', 'package')
    }

    # The version Maven filtered from pom.xml, and its numeric form for jpackage (0.2.0-SNAPSHOT -> 0.2.0).
    $versionFile = Join-Path $Root 'target\classes\org\rnnexplorer\version.properties'
    $Version = ((Get-Content $versionFile | Where-Object { $_ -match '^version=' }) -replace '^version=', '').Trim()
    $NumericVersion = ($Version -replace '[^0-9.].*$', '').TrimEnd('.')
    Say "version $Version (package version $NumericVersion)"

    # Runtime class path (without JavaFX) and sample-data\ as jpackage input; JavaFX's Windows jars as modules.
    if (Test-Path $Work) { Remove-Item -Recurse -Force $Work }
    $deps = Join-Path $Work 'deps'
    $inputDir = Join-Path $Work 'input'
    $javafx = Join-Path $Work 'javafx'
    New-Item -ItemType Directory -Force -Path $deps, $inputDir, $javafx | Out-Null
    Invoke-Tool 'mvn' @('-q', '-B', '-ntp', 'org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy-dependencies',
        '-DincludeScope=runtime', "-DoutputDirectory=$deps")
    $MainJar = "rnn-explorer-$Version.jar"
    Copy-Item (Join-Path $Root "target\$MainJar") $inputDir
    foreach ($jar in Get-ChildItem $deps -Filter '*.jar') {
        if ($jar.Name -match '^javafx-.*-\d+(\.\d+)*-.+\.jar$') { Copy-Item $jar.FullName $javafx }
        elseif ($jar.Name -notlike 'javafx-*') { Copy-Item $jar.FullName $inputDir }
    }
    Copy-Item -Recurse (Join-Path $Root 'sample-data') (Join-Path $inputDir 'sample-data')

    # The modules of installer\runtime-modules.txt, checked against jdeps.
    $Modules = (Get-Content (Join-Path $Root 'installer\runtime-modules.txt') |
        ForEach-Object { ($_ -replace '#.*$', '').Trim() } | Where-Object { $_ }) -join ','
    $classPath = (Get-ChildItem $inputDir -Filter '*.jar' | Where-Object { $_.Name -ne $MainJar } |
        ForEach-Object { $_.FullName }) -join ';'
    # jdeps warns about split packages on stderr, which Windows PowerShell 5.1 would turn into errors under 'Stop'.
    $ErrorActionPreference = 'Continue'
    $needed = (& (Join-Path $JdkBin 'jdeps.exe') --multi-release 25 --ignore-missing-deps --recursive `
        --print-module-deps --module-path $javafx --class-path $classPath (Join-Path $inputDir $MainJar) 2>$null |
        Select-Object -Last 1)
    $ErrorActionPreference = 'Stop'
    if (-not $needed) { throw 'jdeps found no module dependencies' }
    $missing = @($needed -split ',' | Where-Object { $_ -and ((",$Modules,") -notlike "*,$_,*") })
    if ($missing.Count -gt 0) { throw "jdeps says the app needs $($missing -join ', '): add to installer\runtime-modules.txt" }
    Say "modules: $Modules"

    # jlink; JavaFX's DLLs beside the JDK's (bin\), where JavaFX looks first in a runtime image.
    $runtime = Join-Path $Work 'runtime'
    Say 'jlink'
    Invoke-Tool (Join-Path $JdkBin 'jlink.exe') @('--module-path', $javafx, '--add-modules', $Modules,
        '--strip-debug', '--no-header-files', '--no-man-pages', '--compress=zip-6', '--generate-cds-archive',
        '--exclude-resources=glob:/javafx.graphics/*.dll', '--output', $runtime)
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    foreach ($jar in Get-ChildItem $javafx -Filter '*.jar') {
        $zip = [IO.Compression.ZipFile]::OpenRead($jar.FullName)
        try {
            foreach ($entry in $zip.Entries | Where-Object { $_.FullName -match '^[^/]+\.dll$' }) {
                [IO.Compression.ZipFileExtensions]::ExtractToFile($entry, (Join-Path $runtime "bin\$($entry.Name)"), $true)
            }
        } finally { $zip.Dispose() }
    }
    Remove-Item -Force -ErrorAction SilentlyContinue (Join-Path $runtime 'bin\server\classes_nocoops.jsa')

    $javaOptions = @()
    foreach ($line in Get-Content (Join-Path $Root 'installer\common\window-java-options.txt')) {
        $option = ($line -replace '#.*$', '').Trim()
        if ($option) { $javaOptions += @('--java-options', $option) }
    }
    $icon = Join-Path $Root 'assets\icons\rnn-explorer.ico'
    $app = @('--name', $AppName, '--app-version', $NumericVersion, '--vendor', $Vendor, '--description', $Description,
        '--input', $inputDir, '--main-jar', $MainJar, '--main-class', 'org.rnnexplorer.ui.ExplorerLauncher',
        '--runtime-image', $runtime) + $javaOptions + @(
        '--add-launcher', "rnnx=$(Join-Path $Root 'installer\common\rnnx.properties')", '--icon', $icon)

    Say 'jpackage app image'
    $image = Join-Path $Out $AppName
    if (Test-Path $image) { Remove-Item -Recurse -Force $image }
    Invoke-Tool (Join-Path $JdkBin 'jpackage.exe') (@('--type', 'app-image', '--dest', $Out) + $app)
    Say "app image: $image"

    if (-not $AppImageOnly) {
        $associations = @()
        foreach ($fa in @('safetensors', 'rnnx-workspace')) {
            $file = Join-Path $Work "$fa.properties"
            @(Get-Content (Join-Path $Root "installer\common\$fa.properties")) + "icon=$($icon -replace '\\', '/')" |
                Set-Content -Encoding ASCII $file
            $associations += @('--file-associations', $file)
        }
        Say "jpackage .$Type"
        Invoke-Tool (Join-Path $JdkBin 'jpackage.exe') (@('--type', $Type, '--dest', $Out) + $app + $associations + @(
            '--win-menu', '--win-menu-group', $AppName, '--win-shortcut', '--win-shortcut-prompt',
            '--win-dir-chooser', '--win-upgrade-uuid', $UpgradeUuid, '--win-per-user-install'))
        $package = Join-Path $Out "$AppName-$NumericVersion.$Type"
        $named = Join-Path $Out "RNN-Explorer-$Version.$Type"
        Move-Item -Force $package $named
        Say "installer: $named"
    }
} finally {
    Pop-Location
}
