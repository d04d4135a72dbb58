# Entry points for people and CI. CMake does the building; this file only sequences set-up.
BUILD ?= build
SAN_BUILD ?= build-sanitize
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: all build build-sluice deps demo test test-unit test-sanitize bench bench-load clean
.PHONY: fuzz

all: build

deps:
	@scripts/install-deps.sh

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

# The sluice binary alone: what the demo runs, without the test suites and the generator.
build-sluice:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target sluice -- --no-print-directory

# Runs the flagship job on the fixtures; starts a private Postgres when no database is named.
demo: deps build-sluice
	@scripts/demo.sh $(BUILD)

# Every test, in the normal build and again under ASan+UBSan.
test: deps build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory test-sanitize

test-unit: build
	@cd $(BUILD) && ctest --output-on-failure -L unit

test-sanitize: deps
	@cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSLUICE_SANITIZE=ON >/dev/null
	@cmake --build $(SAN_BUILD) -j $(JOBS) -- --no-print-directory
	@cd $(SAN_BUILD) && ctest --output-on-failure -j $(JOBS)

bench: deps build
	@bench/run.sh --build $(BUILD)

# Load jobs (a Posts.xml-shaped dump, a typed CSV) beside gzip -dc and psql \copy.
bench-load: deps build
	@bench/load.sh --build $(BUILD)

# libFuzzer on the CSV reader, the Python-literal parser and the XML reader, FUZZ_SECONDS each,
# in a clang build with ASan+UBSan of its own (FUZZ_BUILD). Not part of `make test` or CI:
# needs `scripts/install-deps.sh --fuzz`. Fails when a target finds a crash; tests/fuzz/README.md.
fuzz:
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLUICE_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers -- --no-print-directory
	@tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
