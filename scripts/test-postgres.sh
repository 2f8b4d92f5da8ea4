#!/usr/bin/env bash
# Run the test suite again on PostgreSQL (127.0.0.1:5432, trust auth), on a fresh database.
# Outside CI an unreachable server skips this run with a visible message; under CI=true it fails.
set -euo pipefail
uv=${1:-uv}
host=${PGHOST_TEST:-127.0.0.1}
port=${PGPORT_TEST:-5432}
user=${PGUSER_TEST:-postgres}
if ! "$uv" run --frozen python - "$host" "$port" "$user" <<'PY'
import sys, psycopg
host, port, user = sys.argv[1:4]
try:
    psycopg.connect(host=host, port=int(port), user=user, dbname="postgres", connect_timeout=3).close()
except psycopg.OperationalError as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
PY
then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL at $host:$port is required under CI=true and is not reachable." >&2
    exit 1
  fi
  echo "=================================================================="
  echo " SKIPPED: PostgreSQL tests — no server at $host:$port (trust auth)."
  echo "=================================================================="
  exit 0
fi
echo "== tests on PostgreSQL ($host:$port) =="
# A name of its own per run; Django's test runner creates test_<name> fresh and drops it after.
export DATABASE_URL="postgres://$user@$host:$port/nestling_$$"
exec "$uv" run --frozen pytest --create-db -n auto --dist worksteal -m "not browser and not slow"
