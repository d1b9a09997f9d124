#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests, on 127.0.0.1 and a free port.
#
#   source scripts/ci/postgres.sh     # starts it, exports DATABASE_URL, stops it when the shell exits
#   scripts/ci/postgres.sh CMD ARGS…   # runs CMD with DATABASE_URL set, then stops it
#
# Installs Debian's postgresql package when no server binaries are found (needs root, as in CI).
# The server runs as an unprivileged user (initdb refuses root): `postgres` when we are root.
set -euo pipefail

ms_pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$ms_pg_bin" ] || [ ! -x "$ms_pg_bin/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "postgres.sh: PostgreSQL is not installed and we are not root to install it" >&2
    return 2 2>/dev/null || exit 2
  fi
  echo "postgres.sh: installing postgresql from Debian's packages" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  ms_pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi

ms_pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/medsupply-pg.XXXXXX")"
ms_pg_as=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$ms_pg_dir"
  ms_pg_as=(runuser -u postgres --)
fi
# A free port, chosen by the kernel.
ms_pg_port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

"${ms_pg_as[@]}" "$ms_pg_bin/initdb" -D "$ms_pg_dir/data" -U medsupply --auth=trust --no-sync -E UTF8 >"$ms_pg_dir/initdb.log" 2>&1 ||
  { cat "$ms_pg_dir/initdb.log" >&2; return 2 2>/dev/null || exit 2; }
"${ms_pg_as[@]}" "$ms_pg_bin/pg_ctl" -D "$ms_pg_dir/data" -l "$ms_pg_dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $ms_pg_port -k $ms_pg_dir -c fsync=on" start >&2

ms_pg_stop() {
  "${ms_pg_as[@]}" "$ms_pg_bin/pg_ctl" -D "$ms_pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$ms_pg_dir"
}
trap ms_pg_stop EXIT

export DATABASE_URL="postgresql://medsupply@127.0.0.1:$ms_pg_port/postgres"
echo "postgres.sh: PostgreSQL ($("$ms_pg_bin/postgres" --version)) on 127.0.0.1:$ms_pg_port; DATABASE_URL exported" >&2

# Run as a command: run the rest, then the EXIT trap stops the server.
if [ "${BASH_SOURCE[0]}" = "$0" ] && [ "$#" -gt 0 ]; then
  "$@"
fi
