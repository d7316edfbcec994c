#!/usr/bin/env bash
# Builds the function app's deployment package: the .NET isolated worker, published Release, framework-dependent (the
# Flex "dotnet-isolated" stack brings .NET) for linux-x64, laid out as the Functions host expects at the root of the zip:
#   host.json                  the host configuration (the repository's, copied by the project)
#   functions.metadata         the functions, their triggers and bindings (written by the Worker SDK from attributes)
#   worker.config.json         how the host starts the worker: dotnet Pipeline.Functions.dll
#   Pipeline.Functions.dll     the worker, with its dependencies beside it
#   extensions.json, .azurefunctions/   the host's binding extensions (queues, timers, Durable Functions)
# Writes OUT/functionapp/ (the staged tree) and OUT/functionapp.zip (for az / one-deploy).
#
# Usage: infra/package.sh [--out DIR]     DIR defaults to artifacts/ (git-ignored)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/artifacts"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) mkdir -p "$2"; out=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "package: unknown argument $1" >&2; exit 2 ;;
  esac
done
stage="$out/functionapp"
zip="$out/functionapp.zip"

rm -rf "$stage" "$zip"
mkdir -p "$stage"

# Flex Consumption runs Linux x64: the runtime identifier keeps other platforms' native assets (SkiaSharp's for
# Windows alone are 300 MB with their symbols) out of the package. The build tree lives in artifacts/build so it
# neither touches the projects' own bin/obj nor starts from scratch every time.
dotnet publish "$root/functions/Pipeline.Functions" -c Release --runtime linux-x64 --self-contained false \
  --artifacts-path "$root/artifacts/build" -o "$stage" -nologo --verbosity quiet

# Zip with Unix modes kept, entries in a fixed order.
python3 - "$stage" "$zip" <<'PY'
import os, sys, zipfile
stage, dest = sys.argv[1], sys.argv[2]
required = ["host.json", "functions.metadata", "worker.config.json", "Pipeline.Functions.dll"]
missing = [f for f in required if not os.path.isfile(os.path.join(stage, f))]
if missing:
    sys.exit(f"package: the publish did not produce {', '.join(missing)} at the root of {stage}; "
             "the Functions host needs all of " + ", ".join(required))
with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
    for dirpath, dirnames, filenames in os.walk(stage):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            info = zipfile.ZipInfo.from_file(path, os.path.relpath(path, stage))
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
PY
functions=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$stage/functions.metadata")
echo "package: $zip ($(du -h "$zip" | cut -f1)): host.json, functions.metadata (${functions} function(s)), worker.config.json, Pipeline.Functions.dll"
