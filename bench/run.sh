#!/usr/bin/env bash
# The whole flagship run against the hardware's reference points, on synthetic dumps of growing
# size: sluice fetching over HTTP from 127.0.0.1 (inflate, parse, match, load into a private
# Postgres) beside `gzip -dc FILE > /dev/null` and `igzip -dc FILE > /dev/null` on the same file.
#
#   bench/run.sh [--build DIR] [SIZE ...]     SIZE like 100M, 1G, 4G (default: 1G 4G)
#
# Prints per size: wall and CPU seconds, MB/s of XML, peak RSS, bytes downloaded, and sluice's
# wall time as a ratio of gzip's. Inputs are deterministic (sluice-gen) and kept in DIR/bench.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
if [ "${1:-}" = "--build" ]; then build=$2; shift 2; fi
sizes=("$@")
movies_lines=()
[ ${#sizes[@]} -gt 0 ] || sizes=(1G 4G)

work="$build/bench"
mkdir -p "$work"
movies="$work/movies_metadata.csv"
[ -f "$movies" ] || "$build/sluice-gen" movies --rows 45466 -o "$movies" 2>/dev/null
# Kaggle's archive in shape: the movies CSV (deflated) between two 100 MB members that do not
# compress, 235 MB in all. Only the member's bytes should cross the wire.
archive="$work/the-movies-dataset.zip"
[ -f "$archive" ] || python3 - "$movies" "$archive" <<'PY'
import random, sys, zipfile
movies, archive = sys.argv[1], sys.argv[2]
noise = random.Random(1)
with zipfile.ZipFile(archive, "w") as z:
    z.writestr("credits.csv", noise.randbytes(100 << 20), zipfile.ZIP_STORED)
    z.write(movies, "movies_metadata.csv", zipfile.ZIP_DEFLATED)
    z.writestr("ratings.csv", noise.randbytes(100 << 20), zipfile.ZIP_STORED)
PY
member_bytes=$(python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo("movies_metadata.csv").compress_size)' "$archive")

db=$(scripts/pg-private.sh start "$work/pg" --fast)
coproc SERVER { exec python3 bench/serve.py "$work"; }
read -r port <&"${SERVER[0]}"
trap 'kill $SERVER_PID 2>/dev/null; scripts/pg-private.sh stop "$work/pg"' EXIT
url="http://127.0.0.1:$port"

# "wall user sys peak_kib" of a command, from GNU time; its stderr is kept in $work/stderr.txt.
measure() {
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || {
        cat "$work/stderr.txt" >&2
        return 1
    }
    cat "$work/time.txt"
}

echo "bench: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(date -u +%Y-%m-%d)"
printf "%-6s %-14s %8s %8s %9s %9s %14s %7s\n" "dump" "command" "wall s" "cpu s" "MB/s xml" "peak MiB" "downloaded" "ratio"
for size in "${sizes[@]}"; do
    dump="abstracts-$size.xml.gz"
    [ -f "$work/$dump" ] || "$build/sluice-gen" abstracts --size "$size" --films-csv "$movies" -o "$work/$dump" >/dev/null 2>&1
    xml_bytes=$(igzip -dc "$work/$dump" | wc -c)
    gz_bytes=$(stat -c %s "$work/$dump")

    read -r g_wall g_user g_sys g_rss < <(measure gzip -dc "$work/$dump")
    read -r i_wall i_user i_sys i_rss < <(measure igzip -dc "$work/$dump")
    read -r s_wall s_user s_sys s_rss < <(measure "$build/sluice" run --movies "$url/$(basename "$archive")" \
        --abstracts "$url/$dump" --db "$db" --table bench_report)
    cp "$work/stderr.txt" "$work/sluice-$size.txt"
    bytes_read() { awk -v s="$1" '$1 == s { for (i = 1; i <= NF; i++) if ($(i + 1) == "bytes" && $(i + 2) == "read,") print $i }' "$work/stderr.txt"; }
    downloaded=$(bytes_read abstracts)
    movies_downloaded=$(bytes_read movies)
    for row in "gzip -dc:$g_wall:$g_user:$g_sys:$g_rss:$gz_bytes" "igzip -dc:$i_wall:$i_user:$i_sys:$i_rss:$gz_bytes" \
               "sluice (http):$s_wall:$s_user:$s_sys:$s_rss:$downloaded"; do
        IFS=: read -r name wall user sys rss down <<<"$row"
        awk -v d="$size" -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v x="$xml_bytes" \
            -v b="$down" -v g="$g_wall" \
            'BEGIN { printf "%-6s %-14s %8.2f %8.2f %9.1f %9.1f %14s %7.2f\n", d, n, w, u + s, (w > 0 ? x / 1e6 / w : 0), r / 1024, b, w / g }'
    done
    movies_lines+=("$size: movies archive $(stat -c %s "$archive") bytes, member $member_bytes bytes compressed; sluice downloaded $movies_downloaded bytes of it ($((movies_downloaded - member_bytes)) beyond the member)")
done
printf '%s\n' "${movies_lines[@]}"
echo "ratio = wall time / gzip -dc wall time on the same file; sluice's summaries are in $work/sluice-SIZE.txt"
