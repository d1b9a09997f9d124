#!/usr/bin/env bash
# A throwaway NATS server with JetStream for the queue tests, on 127.0.0.1 and a free port.
#
#   source scripts/ci/nats.sh     # starts it, exports NATS_URL, stops it when the shell exits
#   scripts/ci/nats.sh CMD ARGS…   # runs CMD with NATS_URL set, then stops it
#
# Installs Debian's nats-server package when it is missing (needs root, as in CI). Chains the EXIT
# trap already set (scripts/ci/postgres.sh sets one), so both servers are stopped.
set -euo pipefail

if ! command -v nats-server >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "nats.sh: nats-server is not installed and we are not root to install it" >&2
    return 2 2>/dev/null || exit 2
  fi
  echo "nats.sh: installing nats-server from Debian's packages" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >&2
fi

ms_nats_dir="$(mktemp -d "${TMPDIR:-/tmp}/medsupply-nats.XXXXXX")"
# A free port, chosen by the kernel.
ms_nats_port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
nats-server -a 127.0.0.1 -p "$ms_nats_port" -js -sd "$ms_nats_dir/store" >"$ms_nats_dir/server.log" 2>&1 &
ms_nats_pid=$!

# Ready when it accepts connections (at most 10 s).
ms_nats_ready=no
for _ in $(seq 1 100); do
  if node -e 'const s=require("net").connect(+process.argv[1],"127.0.0.1",()=>process.exit(0));s.on("error",()=>process.exit(1))' "$ms_nats_port"; then
    ms_nats_ready=yes
    break
  fi
  kill -0 "$ms_nats_pid" 2>/dev/null || break
  sleep 0.1
done
if [ "$ms_nats_ready" != yes ]; then
  echo "nats.sh: nats-server did not start on 127.0.0.1:$ms_nats_port" >&2
  cat "$ms_nats_dir/server.log" >&2
  kill "$ms_nats_pid" 2>/dev/null || true
  return 2 2>/dev/null || exit 2
fi

ms_nats_stop() {
  kill "$ms_nats_pid" 2>/dev/null && wait "$ms_nats_pid" 2>/dev/null || true
  rm -rf "$ms_nats_dir"
}
# Keep whatever EXIT trap is set already (the PostgreSQL one) and run ours first.
ms_nats_previous_trap="$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")"
trap "ms_nats_stop; ${ms_nats_previous_trap:-:}" EXIT

export NATS_URL="nats://127.0.0.1:$ms_nats_port"
echo "nats.sh: NATS ($(nats-server --version)) with JetStream on 127.0.0.1:$ms_nats_port; NATS_URL exported" >&2

# Run as a command: run the rest, then the EXIT trap stops the server.
if [ "${BASH_SOURCE[0]}" = "$0" ] && [ "$#" -gt 0 ]; then
  "$@"
fi
