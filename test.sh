#!/usr/bin/env bash
# Runs every Amparo test: the form engine, the server through HTTP on SQLite and on a real PostgreSQL,
# the web client's components (bUnit), the end-to-end journeys in Chromium (Playwright), and Primero's own web client
# against the published server (Amparo.Compat.Tests, with Node).
# Installs what it needs (Chromium, PostgreSQL) when missing, starts a throwaway PostgreSQL cluster in a
# temporary folder, stops it at the end, and prints "N passed, N failed" counted from every project's TRX.
set -uo pipefail
cd "$(dirname "$0")"
root=$PWD
results=$root/artifacts/test-results
configuration=${CONFIGURATION:-Release}

log() { printf '\n== %s\n' "$*"; }

need_packages=()
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
# Primero's own web client (../shared/primero-client) is served by its serve.js for the compatibility tests.
command -v node >/dev/null || need_packages+=(nodejs)
# The server draws PDF exports (remote referrals and transfers) with this font family.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_packages+=(fonts-dejavu-core)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pg_bin" ] || need_packages+=(postgresql)
if [ ${#need_packages[@]} -gt 0 ]; then
  log "Installing ${need_packages[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_packages[@]}" >/dev/null || {
    echo "Could not install ${need_packages[*]}"; exit 1; }
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# --- a throwaway PostgreSQL cluster, reachable only through a Unix socket in its own folder -------------
pg_dir=$(mktemp -d /tmp/amparo-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root; the cluster belongs to the postgres account the package created.
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
  chown postgres "$pg_dir"
  as_pg=(runuser -u postgres --)
fi
stop_postgres() { "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pg_dir"; }
trap stop_postgres EXIT
log "Starting PostgreSQL ($("$pg_bin/postgres" --version)) in $pg_dir"
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null || { echo "initdb failed"; exit 1; }
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -o "-k $pg_dir -c listen_addresses='' -p 5433 -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
  || { echo "PostgreSQL did not start:"; cat "$pg_dir/server.log"; exit 1; }
export AMPARO_TEST_POSTGRES="Host=$pg_dir;Port=5433;Username=postgres;Database=postgres"

# --- build once, publish the server for the end-to-end test (trimmed client, precompressed assets) -------
log "Building ($configuration)"
dotnet build Amparo.slnx -c "$configuration" -nologo -v quiet || { echo "Build failed"; echo "0 passed, 1 failed"; exit 1; }
log "Publishing the server for the end-to-end and compatibility tests"
rm -rf artifacts/publish
dotnet publish src/Amparo.Server -c "$configuration" -o artifacts/publish -nologo -v quiet || { echo "Publish failed"; echo "0 passed, 1 failed"; exit 1; }
export AMPARO_E2E_SERVER=$root/artifacts/publish/Amparo.Server.dll

# --- every test project, one TRX each ------------------------------------------------------------------
rm -rf "$results"; mkdir -p "$results"
status=0
timings=()
cleanup_failures=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  log "Testing $name"
  started=$SECONDS
  dotnet test "$project" -c "$configuration" --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" 2>&1 \
    | tee "$results/$name.log" || status=1
  timings+=("$name: $((SECONDS - started)) s")
  # A fixture that fails while cleaning up (the server logged an unexpected error after its class's last test) is
  # no test in the TRX: count each such class as a failed test.
  cleanup_failures=$((cleanup_failures + $(grep -c 'Cleanup Failure (' "$results/$name.log")))
done

# --- the summary line CI reads ---------------------------------------------------------------------------
passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed))); failed=$((failed + $(get failed))); total=$((total + $(get total)))
done
failed=$((failed + cleanup_failures))
expected=$(ls tests/*/*.csproj | wc -l)
found=$(ls "$results"/*.trx 2>/dev/null | wc -l)
if [ "$found" -lt "$expected" ]; then
  echo "Only $found of $expected test projects produced results."
  failed=$((failed + expected - found)); status=1
fi
not_run=$((total - passed - failed))
[ "$not_run" -gt 0 ] && echo "$not_run test(s) neither passed nor failed."
[ "$total" -gt 0 ] || status=1
[ "$failed" -eq 0 ] || status=1
# Name each failure with the start of its message here, at the end, where a CI log's tail shows it.
if [ "$failed" -gt 0 ]; then
  echo
  echo "Failures:"
  for log_file in "$results"/*.log; do
    awk '/^  Failed [A-Za-z]|Cleanup Failure \(/ { shown = 0; print; grab = 1; next }
         grab && /^  (Passed|Failed|Skipped) / { grab = 0 }
         grab && shown < 8 && !/^ *(Stack Trace|at ):?/ { print; shown++ }' "$log_file"
  done
fi
echo
printf '%s\n' "${timings[@]}"
echo "$passed passed, $failed failed"
exit $status
