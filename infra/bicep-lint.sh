#!/usr/bin/env bash
# Compiles every Bicep file (and .bicepparam file) with the linter on, and fails on any warning or error.
# The Bicep CLI comes from NuGet (Azure.Bicep.CommandLine.linux-x64, pinned in Directory.Packages.props),
# restored through infra/bicep/bicep.proj: no other download.
#
# Usage: infra/bicep-lint.sh [--json OUT] [DIR]
#   DIR  defaults to bicep/ (its bicepconfig.json sets the rule levels)
#   OUT  keeps the compiled ARM templates there (OUT/main.json, OUT/modules/*.json, OUT/params/*.json)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
keep=""
if [ "${1:-}" = "--json" ]; then
  [ -n "${2:-}" ] || { echo "bicep-lint: --json needs a directory" >&2; exit 2; }
  mkdir -p "$2"; keep=$(cd "$2" && pwd); shift 2
fi
dir=$(cd "${1:-$root/bicep}" && pwd)
proj="$root/infra/bicep/bicep.proj"

# Restore is a no-op once the package is in the NuGet cache; the package's own props file names the binary.
dotnet restore "$proj" --nologo --verbosity quiet >&2
bicep=$(dotnet msbuild "$proj" -nologo -getProperty:BicepPath)
[ -f "$bicep" ] || { echo "bicep-lint: the Bicep CLI was not restored (expected $bicep)" >&2; exit 1; }
[ -x "$bicep" ] || chmod u+x "$bicep"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log="$work/diagnostics.txt"
: >"$log"

status=0
cd "$dir"
files=$(find . -name '*.bicep' -not -path '*/node_modules/*' | sort)
params=$(find . -name '*.bicepparam' -not -path '*/node_modules/*' | sort)
[ -n "$files" ] || { echo "bicep-lint: no .bicep file under $dir" >&2; exit 1; }

# One process for all .bicep files (the CLI takes seconds to start); each .bicepparam is built on its own.
"$bicep" build --pattern '**/*.bicep' --outdir "$work/json" >>"$log" 2>&1 || status=$?
for p in $params; do
  "$bicep" build-params "$p" --outfile "$work/params/$(basename "$p" .bicepparam).json" >>"$log" 2>&1 || status=$?
done

cat "$log"
if [ -n "$keep" ]; then
  [ ! -d "$work/json" ] || cp -R "$work/json/." "$keep/"
  [ ! -d "$work/params" ] || cp -R "$work/params" "$keep/"
fi
# Diagnostics read "FILE(LINE,COL) : Warning|Error CODE: message"; a warning fails as an error does.
problems=$(grep -cE '\) : (Warning|Error) ' "$log" || true)
count=$(( $(wc -l <<<"$files") + $( [ -n "$params" ] && wc -l <<<"$params" || echo 0) ))
if [ "$status" -ne 0 ] || [ "$problems" -ne 0 ]; then
  echo "bicep-lint: FAILED, ${problems} diagnostic(s) in ${count} file(s) (bicep exit ${status})" >&2
  exit 1
fi
echo "bicep-lint: ${count} file(s) built, no warnings ($("$bicep" --version))"
