#!/usr/bin/env bash
# node-postgres (pg, pg-cursor, pg-query-stream, pg-copy-streams), postgres.js and knex against
# OmenDB: tests/clients/node/clients.mjs. The npm packages are pinned in
# tests/clients/node/package-lock.json and installed with `npm ci` into
# tests/clients/node/node_modules (not committed) by scripts/install-deps.sh, or
# here when missing. Exit status 0 iff every check passed.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v node >/dev/null 2>&1 || { echo "node clients: FAIL (node is not installed)"; exit 1; }
if [ ! -d "$HERE/node/node_modules/knex" ] || [ ! -d "$HERE/node/node_modules/postgres" ] ||
    [ ! -d "$HERE/node/node_modules/pg-copy-streams" ]; then
    command -v npm >/dev/null 2>&1 || { echo "node clients: FAIL (npm is not installed)"; exit 1; }
    echo "installing the npm packages of tests/clients/node (npm ci)"
    (cd "$HERE/node" && timeout 600 npm ci --no-audit --no-fund --loglevel=error) ||
        { echo "node clients: FAIL (npm ci failed: is the npm registry reachable?)"; exit 1; }
fi
exec "$HERE/with_server.sh" "node clients" node "$HERE/node/clients.mjs"
