#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine. Idempotent: skips what is there.
set -euo pipefail

# The generator tests run real PostgreSQL 15 and MariaDB servers on 127.0.0.1 (as the postgres and mysql users).
missing=()
[ -x /usr/lib/postgresql/15/bin/pg_ctl ] || missing+=(postgresql-15)
[ -x /usr/sbin/mariadbd ] && [ -x /usr/bin/mariadb-install-db ] || missing+=(mariadb-server)
# The ODBC source kind is tested through unixODBC with Debian's drivers for PostgreSQL, MariaDB and SQLite.
# The wire protocol is tested with real clients: pgJDBC (on a Java runtime), psycopg2 + SQLAlchemy + pandas (Debian's
# python3), and node-postgres (from npm, below). The web UI's browser tests drive Debian's Chromium (Playwright never
# downloads one); without a CJK font Chinese renders as empty boxes in their screenshots.
for package in unixodbc odbc-postgresql odbc-mariadb libsqliteodbc libpostgresql-jdbc-java python3-psycopg2 python3-sqlalchemy \
               python3-pandas chromium fonts-noto-cjk; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# Node may come from elsewhere (nodesource bundles npm): Debian's packages only when there is none.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-prerequisites: ${missing[*]} missing and cannot be installed here (needs root and apt-get)." >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# node-postgres for the wire protocol tests, in the build folder (never part of the product); the version is pinned.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_PG="$ROOT/build/node-pg"
if [ ! -f "$NODE_PG/node_modules/pg/package.json" ]; then
  mkdir -p "$NODE_PG"
  npm install --prefix "$NODE_PG" --no-audit --no-fund --no-save pg@8.23.1 >/dev/null
fi
