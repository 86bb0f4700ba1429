#!/usr/bin/env bash
# Reproduces the load-test figures of docs/benchmarks.md (quality.md S1, S2,
# S3, S5, S6) with `playbook loadtest`; S4 and S9 are Go benchmarks, run by
# `make bench` before this script. Run from the repository root. Needs
# PLAYBOOK_TEST_POSTGRES for the PostgreSQL figures (S3 on PostgreSQL, S6)
# and redis-server on the PATH for S6;
# without them those figures are skipped. Results (JSON lines, benchmark
# output and pprof profiles) go to $BENCH_OUT (default bench-results/).
set -euo pipefail
OUT=${BENCH_OUT:-bench-results}
DURATION=${BENCH_DURATION:-60s}
mkdir -p "$OUT"
go build -o bin/playbook ./cmd/playbook
PB=bin/playbook
PG=${PLAYBOOK_TEST_POSTGRES:-}

say() { printf '\n== %s (load average: %s)\n' "$1" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"; }

# A fresh PostgreSQL schema for one run; prints its URL.
pg_schema() {
  local schema="bench_$1_$$"
  psql "$PG" -qc "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null
  case "$PG" in *\?*) echo "$PG&search_path=$schema" ;; *) echo "$PG?search_path=$schema" ;; esac
}

say "S1/S2 10,000 idle connections held (authenticated, heartbeating)"
$PB loadtest --participants 10000 --group-size 10 --rate 0 --duration "$DURATION" --json --quiet --profile "$OUT/s1" | tee "$OUT/s1.txt"

say "S3 fan-out on SQLite: 2,000 participants in groups of 10, 1,000 edits/s"
$PB loadtest --participants 2000 --group-size 10 --rate 1000 --duration "$DURATION" --json --quiet --profile "$OUT/s3-sqlite" | tee "$OUT/s3-sqlite.txt"

say "S5 reconnect storm: every connection of the S3 load dropped at once"
$PB loadtest --participants 2000 --group-size 10 --rate 1000 --duration 30s --storm --json --quiet | tee "$OUT/s5.txt"

if [ -n "$PG" ]; then
  say "S3 fan-out on PostgreSQL"
  $PB loadtest --participants 2000 --group-size 10 --rate 1000 --duration "$DURATION" --json --quiet --profile "$OUT/s3-postgres" \
    --db "$(pg_schema s3)" | tee "$OUT/s3-postgres.txt"
  if command -v redis-server >/dev/null; then
    say "S6 the S3 load over two instances behind Redis (one PostgreSQL)"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
    redis_pid=$!
    trap 'kill $redis_pid 2>/dev/null' EXIT
    sleep 0.5
    $PB loadtest --participants 2000 --group-size 10 --rate 1000 --duration "$DURATION" --json --quiet --profile "$OUT/s6" \
      --instances 2 --db "$(pg_schema s6)" --redis "redis://127.0.0.1:$port/0" | tee "$OUT/s6.txt"
    kill $redis_pid
  else
    echo "redis-server not installed: S6 skipped"
  fi
else
  echo "PLAYBOOK_TEST_POSTGRES not set: PostgreSQL figures (S3 on PostgreSQL, S6) skipped"
fi
printf '\nResults and profiles are in %s/\n' "$OUT"
