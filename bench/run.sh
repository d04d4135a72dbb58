#!/usr/bin/env bash
# Memory and speed of a whole run on synthetic abstracts dumps of growing size, beside `gzip -dc`
# on the same file. Usage: bench/run.sh [BUILD_DIR] [SIZE_MB ...]   (default: 100 1000)
#
# Prints, per size: wall time, MB/s of XML, peak RSS. Peak RSS must not grow with the dump.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000)

work="$build/bench"
mkdir -p "$work"
movies="$work/movies_metadata.csv"
[ -f "$movies" ] || "$build/sluice-gen" movies --rows 45000 -o "$movies"

db=$(scripts/pg-private.sh start "$work/pg" --fast)
trap 'scripts/pg-private.sh stop "$work/pg"' EXIT

# "wall_seconds peak_rss_kib" of a command, from GNU time.
measure() {
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || {
        cat "$work/stderr.txt" >&2
        return 1
    }
    cat "$work/time.txt"
}

printf "%-8s %-10s %10s %10s %10s %12s\n" "dump" "command" "wall s" "MB/s xml" "peak MiB" "gz bytes"
for mb in "${sizes[@]}"; do
    dump="$work/abstracts-${mb}MB.xml.gz"
    [ -f "$dump" ] || "$build/sluice-gen" abstracts --size $((mb * 1000 * 1000)) --films-csv "$movies" -o "$dump"
    xml_bytes=$(gzip -dc "$dump" | wc -c)
    gz_bytes=$(stat -c %s "$dump")

    read -r g_wall g_rss < <(measure gzip -dc "$dump")
    read -r s_wall s_rss < <(measure "$build/sluice" run --movies "$movies" --abstracts "$dump" \
        --db "$db" --table bench_report --csv "$work/report.csv")
    for row in "gzip -dc:$g_wall:$g_rss" "sluice:$s_wall:$s_rss"; do
        IFS=: read -r name wall rss <<<"$row"
        awk -v d="${mb}MB" -v n="$name" -v w="$wall" -v r="$rss" -v x="$xml_bytes" -v g="$gz_bytes" \
            'BEGIN { printf "%-8s %-10s %10.2f %10.1f %10.1f %12d\n", d, n, w, (w > 0 ? x / 1e6 / w : 0), r / 1024, g }'
    done
    tail -n 8 "$work/stderr.txt" | sed 's/^/    /'
done
