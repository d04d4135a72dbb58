#!/usr/bin/env bash
# The whole flagship run against the hardware's reference points, on synthetic dumps of growing
# size: sluice fetching over HTTP from 127.0.0.1 (inflate, parse, match, load into a private
# Postgres) beside `gzip -dc FILE > /dev/null` and `igzip -dc FILE > /dev/null` on the same file.
#
#   bench/run.sh [--build DIR] [--rounds N] [SIZE ...]   SIZE like 100M, 1G, 4G (default: 1G 4G)
#
# Prints per size: wall and CPU seconds, MB/s of XML, peak RSS, bytes downloaded, and sluice's
# wall time as a ratio of gzip's. The commands run in turn, N rounds (default 3), and each figure
# is the median of its rounds, the ratio the median of the rounds' ratios: a shared VM's speed
# drifts by 10-15% from one minute to the next. Inputs are deterministic (sluice-gen) and kept in
# DIR/bench.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
rounds=3
while [ $# -gt 0 ]; do
    case $1 in
        --build) build=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        *) break ;;
    esac
done
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

# "N" of a source's "N bytes read," in sluice's summary.
bytes_read() { awk -v s="$1" '$1 == s { for (i = 1; i <= NF; i++) if ($(i + 1) == "bytes" && $(i + 2) == "read,") print $i }' "$work/stderr.txt"; }

echo "bench: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(date -u +%Y-%m-%d)"
printf "%-6s %-14s %8s %8s %9s %9s %14s %7s\n" "dump" "command" "wall s" "cpu s" "MB/s xml" "peak MiB" "downloaded" "ratio"
for size in "${sizes[@]}"; do
    dump="abstracts-$size.xml.gz"
    [ -f "$work/$dump" ] || "$build/sluice-gen" abstracts --size "$size" --films-csv "$movies" -o "$work/$dump" >/dev/null 2>&1
    xml_bytes=$(igzip -dc "$work/$dump" | wc -c)
    gz_bytes=$(stat -c %s "$work/$dump")

    # One line per round and command: "name wall cpu peak_kib downloaded".
    : >"$work/rounds.txt"
    for ((round = 1; round <= rounds; round++)); do
        read -r wall user sys rss < <(measure gzip -dc "$work/$dump")
        echo "gzip_-dc $wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss $gz_bytes" >>"$work/rounds.txt"
        read -r wall user sys rss < <(measure igzip -dc "$work/$dump")
        echo "igzip_-dc $wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss $gz_bytes" >>"$work/rounds.txt"
        read -r wall user sys rss < <(measure "$build/sluice" --log-format text run --movies "$url/$(basename "$archive")" \
            --abstracts "$url/$dump" --db "$db" --table bench_report)
        cp "$work/stderr.txt" "$work/sluice-$size.txt"
        downloaded=$(bytes_read abstracts)
        movies_downloaded=$(bytes_read movies)
        echo "sluice_(http) $wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss $downloaded" >>"$work/rounds.txt"
    done
    # Medians per command; the ratio is taken round by round, then its median.
    awk -v d="$size" -v x="$xml_bytes" '
        function median(list,    n, a, i, j, t) {
            n = split(list, a, " ")
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        { k = $1; wall[k] = wall[k] " " $2; cpu[k] = cpu[k] " " $3; rss[k] = rss[k] " " $4; down[k] = $5
          if (k == "gzip_-dc") g = $2; else ratio[k] = ratio[k] " " ($2 / g); order[++n] = k }
        END {
            ratio["gzip_-dc"] = " 1"
            for (i = 1; i <= 3; i++) {
                k = order[i]; name = k; gsub("_", " ", name); w = median(wall[k])
                printf "%-6s %-14s %8.2f %8.2f %9.1f %9.1f %14s %7.2f\n", d, name, w, median(cpu[k]), x / 1e6 / w, median(rss[k]) / 1024, down[k], median(ratio[k])
            }
        }' "$work/rounds.txt"
    movies_lines+=("$size: movies archive $(stat -c %s "$archive") bytes, member $member_bytes bytes compressed; sluice downloaded $movies_downloaded bytes of it ($((movies_downloaded - member_bytes)) beyond the member)")
done
printf '%s\n' "${movies_lines[@]}"
echo "medians of $rounds rounds; ratio = wall time / gzip -dc wall time on the same file, in the same round; sluice's summaries are in $work/sluice-SIZE.txt"
