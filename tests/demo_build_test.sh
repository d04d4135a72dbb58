#!/usr/bin/env bash
# `make demo` builds what it runs and nothing else: one `cmake --build` of the sluice target, and
# that target compiles no test and not the dump generator (a first build of everything takes
# about four times as long on two cores).
set -euo pipefail
src=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

commands=$(make -s -n -C "$src" demo BUILD="$tmp/build")
if [ "$(grep -c 'cmake --build' <<<"$commands")" -ne 1 ] || ! grep -q -- '--target sluice ' <<<"$commands"; then
    echo "make demo should build the sluice target alone; it runs:"; echo "$commands"; exit 1
fi
cmake -S "$src" -B "$tmp/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# A dry run: make stops at the link, which needs the library it did not build; what it would
# compile has been listed by then.
planned=$(cmake --build "$tmp/build" --target sluice -- -n -k 2>&1 || true)
if grep -E 'tests/|bench/gen/' <<<"$planned" >/dev/null; then
    echo "the sluice target compiles tests or the generator:"; grep -E 'tests/|bench/gen/' <<<"$planned" | head; exit 1
fi
grep -q 'cli/main.cpp' <<<"$planned" || { echo "the sluice target does not compile cli/main.cpp"; exit 1; }
echo "make demo builds: sluice ($(grep -c -- '-o CMakeFiles' <<<"$planned") objects)"
