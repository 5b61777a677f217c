#!/usr/bin/env bash
# The README's test command (`./crmw test`): installs what the suite needs, runs every NUnit test,
# and ends with the plain summary line `N passed, N failed`.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$ROOT/build/test-results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The UI tests use /usr/bin/chromium: nothing may download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

"$ROOT/tests/install-prerequisites.sh" || { echo "crmw test: installing prerequisites failed."; echo "0 passed, 1 failed"; exit 1; }

rm -rf "$RESULTS"; mkdir -p "$RESULTS"
dotnet test "$ROOT/tests/CrmWarehouse.Tests/CrmWarehouse.Tests.csproj" -c Release -nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" --results-directory "$RESULTS" "$@"
status=$?

trx="$RESULTS/results.trx"
if [ ! -f "$trx" ]; then
  echo "crmw test: no test results were written (build failure?)."
  echo "0 passed, 1 failed"
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
num() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0; }
passed=$(num passed); failed=$(num failed); errors=$(num error); timeouts=$(num timeout); aborted=$(num aborted)
failed=$((failed + errors + timeouts + aborted))
total=$(num total); executed=$(num executed); skipped=$((total - executed))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
