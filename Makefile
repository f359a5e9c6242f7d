# Kinora — the two commands:
#   make run    set up everything, build, and start the server on http://127.0.0.1:8080
#   make test   set up everything, build, and run every test (sanitizer build)
# and also:
#   make build  release build only (./build/kinora)
#   make bench  benchmarks
#   make format clang-format the C++ sources

JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
CTEST_ARGS ?=

.PHONY: run test build build-asan web e2e-deps bootstrap bench format clean

bootstrap:
	@scripts/bootstrap

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Asan

build: bootstrap $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

build-asan: bootstrap $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)

web: bootstrap
	cd web && npm run build --silent

e2e-deps: bootstrap
	@if [ ! -f tests/e2e/node_modules/.package-lock.json ] || \
	    [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then \
	  cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error; fi

run: build web
	./$(BUILD)/kinora serve

# Tests run in the AddressSanitizer + UndefinedBehaviorSanitizer build, with
# leak checking on except where Mesa renders (see cmake/KinoraTargets.cmake).
test: build build-asan web e2e-deps
	ASAN_OPTIONS=abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) $(CTEST_ARGS)

bench: build
	./$(BUILD)/bench/gen_bench
	./$(BUILD)/bench/store_bench
	./$(BUILD)/bench/api_bench

format:
	find src tests bench -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) web/dist
