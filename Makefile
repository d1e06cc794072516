# Convenience front end to CMake. `make run` builds and runs the default
# scenario; `make test` builds and runs every test. Both install missing
# Debian packages first (scripts/setup-deps); `make bench` also installs
# the benchmarks' optional ones (scripts/setup-deps bench).
#
# These are developer builds: warnings are errors (MMSIM_WERROR=ON). A
# compiler newer than the ones the tree is checked with may warn about
# something new; `make WERROR=OFF ...` builds anyway. A plain `cmake`
# build leaves warnings as warnings.
#
# `make install` installs the build ($(BUILD)) under PREFIX (default
# /usr/local); DESTDIR stages it elsewhere, as packagers expect:
#   make install PREFIX=/usr DESTDIR=/tmp/stage
BUILD     ?= build
ASAN_BUILD ?= build-asan
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
WERROR    ?= ON
PREFIX    ?= /usr/local
DESTDIR   ?=

.PHONY: all deps configure build run test asan test-asan bench fuzz install uninstall clean

all: build

deps:
	@sh scripts/setup-deps

# Configure every time: it takes a second, does not rebuild anything when
# nothing changed, and makes a WERROR=... on the command line take effect.
configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DMMSIM_WERROR=$(WERROR) >/dev/null

build: configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/mmsim run examples/default.lua

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DMMSIM_SANITIZE=ON \
		-DMMSIM_WERROR=$(WERROR)
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

# cmake --install reads DESTDIR from the environment. The list of
# installed files is kept in $(BUILD)/installed_files.txt (a copy of
# CMake's install_manifest.txt, which every install, the install test's
# included, overwrites); `make uninstall` removes those files again.
install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"
	cp $(BUILD)/install_manifest.txt $(BUILD)/installed_files.txt

# The manifest names files without DESTDIR: give uninstall the same one.
# Empty directories of mmsim's own (include/mmsim, share/doc/mmsim) go too.
uninstall:
	@test -f $(BUILD)/installed_files.txt || \
		{ echo "uninstall: no $(BUILD)/installed_files.txt: nothing was installed from $(BUILD)" >&2; exit 1; }
	@while IFS= read -r f || [ -n "$$f" ]; do \
		f="$(DESTDIR)$$f"; \
		if [ -e "$$f" ] || [ -L "$$f" ]; then echo "removing $$f"; rm -f "$$f"; fi; \
	done < $(BUILD)/installed_files.txt
	@sed -n 's|^\(.*/mmsim\)/.*|\1|p' $(BUILD)/installed_files.txt | sort -ru | \
		while IFS= read -r d; do \
			find "$(DESTDIR)$$d" -depth -type d -empty -delete 2>/dev/null || true; \
		done
	rm -f $(BUILD)/installed_files.txt

# libFuzzer harnesses of fuzz/ (clang, in build-fuzz), FUZZ_TIME seconds
# each (default 60): docs/fuzzing.md.
fuzz:
	sh scripts/fuzz

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-matrix
