#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine. Idempotent: skips what is there.
set -euo pipefail

# The generator tests run real PostgreSQL 15 and MariaDB servers on 127.0.0.1 (as the postgres and mysql users).
missing=()
[ -x /usr/lib/postgresql/15/bin/pg_ctl ] || missing+=(postgresql-15)
[ -x /usr/sbin/mariadbd ] && [ -x /usr/bin/mariadb-install-db ] || missing+=(mariadb-server)
# The ODBC source kind is tested through unixODBC with Debian's drivers for PostgreSQL, MariaDB and SQLite.
# The web UI's browser tests drive Debian's Chromium (Playwright never downloads one); without a CJK font Chinese
# renders as empty boxes in their screenshots.
for package in unixodbc odbc-postgresql odbc-mariadb libsqliteodbc chromium fonts-noto-cjk; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-prerequisites: ${missing[*]} missing and cannot be installed here (needs root and apt-get)." >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
