# Convenience front end to CMake. `make run` builds and runs the default
# scenario; `make test` builds and runs every test. Both install missing
# Debian packages first (scripts/setup-deps); `make bench` also installs
# the benchmarks' optional ones (scripts/setup-deps bench).
BUILD     ?= build
ASAN_BUILD ?= build-asan
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build run test asan test-asan bench fuzz clean

all: build

deps:
	@sh scripts/setup-deps

$(BUILD)/Makefile: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/mmsim run examples/default.lua

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DMMSIM_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)

test-asan: asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS)

# The benchmarks also want libunicorn (bench_mmu's QEMU column): install
# it, then configure again so CMake finds it.
bench: build
	@sh scripts/setup-deps bench
	cmake -S . -B $(BUILD)
	cmake --build $(BUILD) --target benchmarks -j $(JOBS)
	sh bench/run.sh $(BUILD)

# libFuzzer harnesses of fuzz/ (clang, in build-fuzz), FUZZ_TIME seconds
# each (default 60): docs/fuzzing.md.
fuzz:
	sh scripts/fuzz

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
