#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (test/site) when it is missing. Runs as root in CI.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi
/usr/bin/chromium --version >&2 || true
