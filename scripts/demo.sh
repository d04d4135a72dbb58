#!/usr/bin/env bash
# `make demo`: the flagship job on the committed fixtures, then the top of the report.
# Uses the database named by DATABASE_URL or PG* variables; without one, a private Postgres
# under the build tree is started for the run and stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
sluice="$build/sluice"

named_database() {
    [ -n "${DATABASE_URL:-}" ] && return 0
    local v
    for v in PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGSERVICE; do
        [ -n "${!v:-}" ] && return 0
    done
    return 1
}

if named_database; then
    db=${DATABASE_URL:-}
else
    state="$build/demo-pg"
    echo "demo: no database named: starting a private Postgres in $state" >&2
    db=$(scripts/pg-private.sh start "$state")
    trap 'scripts/pg-private.sh stop "$state"' EXIT
fi

echo "demo: $sluice run --movies fixtures/movies.zip --abstracts fixtures/abstracts.xml.gz --rejects $build/demo-rejects.csv" >&2
# Text lines for a person even when the output is piped (sluice writes JSON lines off a terminal).
"$sluice" --log-format text run --movies fixtures/movies.zip --abstracts fixtures/abstracts.xml.gz \
    --rejects "$build/demo-rejects.csv" ${db:+--db "$db"}

echo
echo "Top of the report (table movie_report, newest snapshot):"
psql ${db:+"$db"} -X -P pager=off -c "
  SELECT title, year, budget, revenue, round(ratio::numeric, 4) AS ratio, rating,
         production_company, wikipedia_url, left(wikipedia_abstract, 60) AS abstract
  FROM movie_report WHERE snapshot_date = (SELECT max(snapshot_date) FROM movie_report)
  ORDER BY ratio DESC, movie_id LIMIT 15"
echo "Rejected records: $build/demo-rejects.csv"
