#!/usr/bin/env bash
# The dashboard and documentation-site tests drive Debian's chromium headless (test/integration, test/site).
# Installs it when missing; nothing else is needed (playwright-core uses the system browser).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
chromium --version
