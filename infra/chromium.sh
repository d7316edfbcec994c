#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (tests/Pipeline.Web.Tests drive it through Playwright with
# ExecutablePath=/usr/bin/chromium; Playwright never downloads a browser). Idempotent: nothing to do when it is there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends chromium; then
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends chromium
fi
test -x /usr/bin/chromium
