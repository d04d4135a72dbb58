#!/usr/bin/env bash
# Installs the Debian 12 packages sluice needs.
#   scripts/install-deps.sh            to build, test and run (developers, CI, the image's build stage)
#   scripts/install-deps.sh --runtime  to run the built binary only (the image's final stage)
#   scripts/install-deps.sh --fuzz     to build and test, plus clang 14 and libFuzzer for `make fuzz`
# Idempotent: only missing packages are installed, so `make demo` / `make test` stay fast on a
# machine that already has them.
set -euo pipefail

if [ "${1:-}" = "--runtime" ]; then
  packages=(
    libcurl4 zlib1g libxml2 libpqxx-6.4 libarchive13 libfmt9 libicu72 libisal2 libcpp-httplib0.11 libtomlplusplus3
    ca-certificates postgresql-client-15 tzdata
  )
else
  packages=(
    build-essential cmake pkg-config
    libcurl4-openssl-dev zlib1g-dev libxml2-dev libpqxx-dev libpq-dev
    libarchive-dev libisal-dev libcli11-dev libfmt-dev libicu-dev libtomlplusplus-dev nlohmann-json3-dev tzdata
    doctest-dev libcpp-httplib-dev libssl-dev
    postgresql-15 postgresql-client-15 postgresql-common
    ca-certificates curl python3 zip gzip time isal
  )
  if [ "${1:-}" = "--fuzz" ]; then
    # Opt-in: the fuzz targets need clang (Debian 12's is 14), libFuzzer and the sanitizer
    # runtimes (libclang_rt.fuzzer-x86_64.a is in libclang-rt-14-dev, which clang's packages
    # only recommend, and recommends are not installed here), and llvm-symbolizer (llvm-14)
    # for stack traces with file and line.
    packages+=(clang libclang-rt-14-dev llvm-14)
  fi
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run as root or install them" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
