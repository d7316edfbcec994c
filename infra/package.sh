#!/usr/bin/env bash
# Builds the function app's deployment package, the layout the Functions host expects on Flex Consumption:
#   host.json                  the host configuration (its customHandler runs handler/Pipeline.Functions)
#   <Function>/function.json   one folder per function, from functions/Pipeline.Functions/Bindings/<Function>/
#   handler/                   the custom handler, published self-contained for linux-x64
# Writes OUT/functionapp/ (the staged tree, azure.yaml's `dist`) and OUT/functionapp.zip (for az / one-deploy).
#
# Usage: infra/package.sh [--out DIR]     DIR defaults to artifacts/ (git-ignored)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/artifacts"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) mkdir -p "$2"; out=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "package: unknown argument $1" >&2; exit 2 ;;
  esac
done
stage="$out/functionapp"
zip="$out/functionapp.zip"
bindings="$root/functions/Pipeline.Functions/Bindings"

rm -rf "$stage" "$zip"
mkdir -p "$stage"
cp "$root/host.json" "$stage/host.json"
for dir in "$bindings"/*/; do
  name=$(basename "$dir")
  mkdir -p "$stage/$name"
  cp "$dir/function.json" "$stage/$name/function.json"
done

# Release, self-contained (the Flex "custom" stack has no .NET runtime). The build tree lives in
# artifacts/build so it neither touches the projects' own bin/obj nor starts from scratch every time.
dotnet publish "$root/functions/Pipeline.Functions" -c Release -r linux-x64 --self-contained \
  --artifacts-path "$root/artifacts/build" -o "$stage/handler" -nologo --verbosity quiet

# Zip with Unix modes kept: the handler must stay executable on Linux.
python3 - "$stage" "$zip" <<'PY'
import json, os, sys, zipfile
stage, dest = sys.argv[1], sys.argv[2]
exe = json.load(open(os.path.join(stage, "host.json")))["customHandler"]["description"]["defaultExecutablePath"]
if not os.access(os.path.join(stage, exe), os.X_OK):
    sys.exit(f"package: host.json runs {exe}, which the publish did not produce as an executable")
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
echo "package: $zip ($(du -h "$zip" | cut -f1)): host.json, $(find "$stage" -mindepth 2 -maxdepth 2 -name function.json | wc -l) function(s), handler/"
