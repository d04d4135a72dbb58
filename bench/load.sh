#!/usr/bin/env bash
# The load jobs of issue 14 against their reference points, on synthetic dumps of the real shape:
# `sluice load` fetching over HTTP from 127.0.0.1 into a private Postgres, beside
#   - `gzip -dc FILE > /dev/null` on the same file (both dumps), and
#   - `curl -s URL | gzip -dc | psql -c "\copy ... (FORMAT csv, HEADER true)"` of the same CSV
#     into a table of the same ten types, the way one loads a CSV without sluice.
#
#   bench/load.sh [--build DIR] [--rounds N] [SIZE ...]   SIZE like 250M, 1G (default: 1G)
#
# Per size it writes `sluice-gen posts` (a StackExchange Posts.xml) and `sluice-gen csv` (ten
# typed columns) into DIR/bench, kept for the next run. Each round runs every command once, in
# turn, under /usr/bin/time; each figure is the median of its rounds (default 3), and a ratio is
# the median of the rounds' ratios, as in bench/run.sh: a shared VM's speed drifts from one minute
# to the next. Two more lines take the XML load apart: the same load without a database
# (`--csv /dev/null`: fetch, inflate, parse, convert) and `psql \copy` of the same rows from a
# CSV file (the server's own share, whoever parses the XML). CPU is the client side's (sluice, or curl + gzip + psql): the Postgres server's
# work is in neither. The jobs are bench/jobs/posts.toml and bench/jobs/rows.toml.
#
# If DIR/sluice has no `load` command, everything else is still measured, the sluice lines say
# so, and the script exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
rounds=3
while [ $# -gt 0 ]; do
    case $1 in
        --build) build=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "bench/load.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1G)

gen="$build/sluice-gen"
sluice="$build/sluice"
[ -x "$gen" ] || { echo "bench/load.sh: $gen not found; build it with: cmake --build $build --target sluice-gen" >&2; exit 2; }
# `sluice load` comes with issue 14; until a build has it, its steps are skipped, loudly.
sluice_missing=""
if [ ! -x "$sluice" ]; then
    sluice_missing="$sluice not found (cmake --build $build --target sluice)"
elif ! "$sluice" --help 2>/dev/null | grep -Eq '^[[:space:]]+load([[:space:]]|$)'; then
    # (`sluice load --help` is no test: the top-level --help answers it whatever the subcommand.)
    sluice_missing="$sluice has no 'load' command yet (sluice --help does not list it)"
fi
[ -z "$sluice_missing" ] || echo "bench/load.sh: $sluice_missing; the sluice steps are skipped" >&2

work="$build/bench"
mkdir -p "$work"
db=$(scripts/pg-private.sh start "$work/pg" --fast)
coproc SERVER { exec python3 bench/serve.py "$work"; }
read -r port <&"${SERVER[0]}"
trap 'kill $SERVER_PID 2>/dev/null; scripts/pg-private.sh stop "$work/pg"' EXIT
url="http://127.0.0.1:$port"

# psql's table: the types of bench/jobs/rows.toml, emptied before every \copy.
psql_table=bench_rows_psql
# And the posts' (bench/jobs/posts.toml), for the rows sluice took from the XML, as a CSV file:
# what the server alone needs to take them, whoever parses the XML.
psql_posts=bench_posts_psql
psql "$db" -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS $psql_table, $psql_posts;
CREATE TABLE $psql_table (id bigint, name text, quantity integer, amount numeric,
    ratio double precision, active boolean, day date, created_at timestamp,
    event_at timestamptz, category text);
CREATE TABLE $psql_posts (id bigint, post_type integer, parent_id bigint, created_at timestamp,
    score integer, view_count integer, title text, tags text, answer_count integer, body text);
SQL

# Runs a command under GNU time; appends "name reference wall cpu peak_kib" to $work/rounds.txt,
# or "name reference - - -" when it fails (its stderr is kept in $work/NAME.stderr).
failures=0
measure() {
    local name=$1 reference=$2
    shift 2
    if /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/$name.stderr"; then
        read -r wall user sys rss <"$work/time.txt"
        echo "$name $reference $wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss" >>"$work/rounds.txt"
    else
        echo "bench/load.sh: $name failed:" >&2
        tail -n 5 "$work/$name.stderr" >&2
        echo "$name $reference - - -" >>"$work/rounds.txt"
        failures=$((failures + 1))
    fi
}
skip() { echo "$1 $2 - - -" >>"$work/rounds.txt"; }

count() { psql "$db" -Atc "SELECT count(*) FROM $1" 2>/dev/null || echo "?"; }

echo "bench: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(date -u +%Y-%m-%d)"
printf "%-6s %-16s %8s %8s %8s %9s %11s %7s  %s\n" "size" "command" "wall s" "cpu s" "MB/s" "peak MiB" "rows/s" "ratio" "ratio to"
summary=()
for size in "${sizes[@]}"; do
    posts="posts-$size.xml.gz"
    rows="rows-$size.csv.gz"
    [ -f "$work/$posts" ] || "$gen" posts --size "$size" -o "$work/$posts" 2>/dev/null
    [ -f "$work/$rows" ] || "$gen" csv --size "$size" -o "$work/$rows" 2>/dev/null
    posts_bytes=$(igzip -dc "$work/$posts" | wc -c)
    posts_rows=$(igzip -dc "$work/$posts" | grep -c '^  <row ')
    rows_bytes=$(igzip -dc "$work/$rows" | wc -c)
    rows_rows=$(($(igzip -dc "$work/$rows" | wc -l) - 1))  # no field of sluice-gen csv holds a line break

    # The posts' rows as CSV, made once per size outside the timings, for psql's share below.
    posts_csv="$work/posts-$size.csv"
    if [ -z "$sluice_missing" ] && [ ! -f "$posts_csv" ]; then
        "$sluice" --log-format text load bench/jobs/posts.toml --source "$work/$posts" --csv "$posts_csv" --no-progress 2>/dev/null
    fi

    : >"$work/rounds.txt"
    for ((round = 1; round <= rounds; round++)); do
        measure gzip_posts - gzip -dc "$work/$posts"
        if [ -z "$sluice_missing" ]; then
            # --force: every round loads (the second would otherwise be skipped as up to date).
            measure sluice_posts gzip_posts "$sluice" --log-format text load bench/jobs/posts.toml \
                --source "$url/$posts" --db "$db" --force
            # The same without a database: fetch, inflate, parse and convert, rows to /dev/null.
            measure sluice_posts_nodb gzip_posts "$sluice" --log-format text load bench/jobs/posts.toml \
                --source "$url/$posts" --csv /dev/null
            psql "$db" -qc "TRUNCATE $psql_posts" >/dev/null
            measure psql_posts gzip_posts psql "$db" -v ON_ERROR_STOP=1 \
                -c "\\copy $psql_posts FROM '$posts_csv' WITH (FORMAT csv, HEADER true)"
        else
            skip sluice_posts gzip_posts
        fi
        measure gzip_csv - gzip -dc "$work/$rows"
        psql "$db" -qc "TRUNCATE $psql_table" >/dev/null
        measure psql_copy gzip_csv bash -o pipefail -c 'curl -sf "$1" | gzip -dc | psql "$2" -v ON_ERROR_STOP=1 -c "\copy $3 FROM STDIN WITH (FORMAT csv, HEADER true)"' \
            copy "$url/$rows" "$db" "$psql_table"
        if [ -z "$sluice_missing" ]; then
            measure sluice_csv psql_copy "$sluice" --log-format text load bench/jobs/rows.toml \
                --source "$url/$rows" --db "$db" --force
        else
            skip sluice_csv psql_copy
        fi
        if [ "$round" -eq 1 ]; then
            # Every row arrived: checked once, outside the timings.
            loaded="psql \\copy loaded $(count $psql_table) of $rows_rows CSV rows"
            [ -n "$sluice_missing" ] || loaded="$loaded; sluice loaded $(count bench_rows) of them and $(count bench_posts) of $posts_rows posts"
            summary+=("$size: $loaded")
        fi
    done
    cp "$work/rounds.txt" "$work/rounds-$size.txt"

    # Medians per command; a ratio is taken round by round (to the reference's wall time in the
    # same round), then its median.
    awk -v size="$size" -v pb="$posts_bytes" -v pr="$posts_rows" -v cb="$rows_bytes" -v cr="$rows_rows" '
        function median(list,    n, a, i, j, t) {
            n = split(list, a, " ")
            if (n == 0) return "-"
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        {
            k = $1; if (!(k in seen)) { seen[k] = 1; order[++n] = k }
            ref[k] = $2; last[k] = $3
            if ($3 != "-") { wall[k] = wall[k] " " $3; cpu[k] = cpu[k] " " $4; rss[k] = rss[k] " " $5 }
            if ($2 != "-" && $3 != "-" && last[$2] != "-" && last[$2] > 0) ratio[k] = ratio[k] " " ($3 / last[$2])
        }
        END {
            names["gzip_posts"] = "gzip -dc posts"; names["sluice_posts"] = "sluice load xml"
            names["sluice_posts_nodb"] = "  ... no database"; names["psql_posts"] = "psql \\copy posts"
            names["gzip_csv"] = "gzip -dc csv"; names["psql_copy"] = "psql \\copy csv"; names["sluice_csv"] = "sluice load csv"
            for (i = 1; i <= n; i++) {
                k = order[i]
                bytes = k ~ /posts/ ? pb : cb; rows = k ~ /posts/ ? pr : cr
                w = median(wall[k])
                if (w == "-") { printf "%-6s %-16s %8s %8s %8s %9s %11s %7s  %s\n", size, names[k], "-", "-", "-", "-", "-", "-", (ref[k] == "-" ? "" : names[ref[k]]); continue }
                r = ref[k] == "-" ? "" : median(ratio[k])
                printf "%-6s %-16s %8.2f %8.2f %8.1f %9.1f %11.0f %7s  %s\n", size, names[k], w, median(cpu[k]), bytes / 1e6 / w,
                    median(rss[k]) / 1024, rows / w, (r == "" ? "" : (r == "-" ? "-" : sprintf("%.2f", r))), (ref[k] == "-" ? "" : names[ref[k]])
            }
        }' "$work/rounds.txt"
    summary+=("$size: posts $posts_rows rows, $posts_bytes bytes of XML ($(stat -c %s "$work/$posts") gzipped); csv $rows_rows rows, $rows_bytes bytes ($(stat -c %s "$work/$rows") gzipped)")
done
printf '%s\n' "${summary[@]}"
echo "medians of $rounds rounds; targets: sluice load xml <= 0.6 x gzip -dc, sluice load csv <= 1.0 x psql \\copy (issue 14); peak RSS <= 64 MiB, flat across sizes"
echo "per-round figures in $work/rounds-SIZE.txt; each command's stderr in $work/NAME.stderr"
if [ -n "$sluice_missing" ]; then
    echo "bench/load.sh: $sluice_missing: no sluice figures" >&2
    exit 1
fi
[ "$failures" -eq 0 ] || { echo "bench/load.sh: $failures command(s) failed" >&2; exit 1; }
