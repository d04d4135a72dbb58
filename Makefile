# Entry points for people and CI. CMake does the building; this file only sequences set-up.
BUILD ?= build
SAN_BUILD ?= build-sanitize
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all build deps demo test test-unit test-sanitize bench clean

all: build

deps:
	@scripts/install-deps.sh

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

# Runs the flagship job on the fixtures; starts a private Postgres when no database is named.
demo: deps build
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

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
