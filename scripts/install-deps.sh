#!/usr/bin/env bash
# Installs the Debian packages OmenDB needs to build, test and benchmark.
# Idempotent: only packages that are missing are installed. Needs root (or sudo).
set -euo pipefail

PKGS=(
  make gcc clang clang-format pkg-config
  libpg-query-dev libprotobuf-c-dev      # PostgreSQL 15 grammar
  libssl-dev libzstd-dev liblz4-dev libsnappy-dev libjansson-dev
  liburcu-dev libcmocka-dev libpq-dev
  postgresql-15 postgresql-client-15     # differential oracle, psql, pgbench
  python3 procps
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
