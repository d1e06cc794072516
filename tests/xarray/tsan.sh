#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Build the XArray library and its RCU stress test again with
# -fsanitize=thread and run it: lock-free readers against locking writers,
# where ThreadSanitizer reports any data race and any read of a node freed
# too early. The library's own build cannot carry -fsanitize=thread (it
# does not mix with AddressSanitizer), hence a separate small build here.
#   sh tests/xarray/tsan.sh CC OUT_DIR      (from the source tree's root)
# Exits 77 (ctest: skipped) when the compiler has no ThreadSanitizer.
set -u
cc=$1
out=$2
mkdir -p "$out" || exit 1

flags="-std=c17 -O1 -g -fsanitize=thread -fno-omit-frame-pointer -Wall -Wextra"
urcu=$(pkg-config --cflags --libs liburcu-bp) ||
	{ echo "not ok: pkg-config liburcu-bp failed"; exit 1; }

# Can this compiler build and run a ThreadSanitizer program at all?
printf 'int main(void) { return 0; }\n' >"$out/probe.c"
# shellcheck disable=SC2086
if ! $cc $flags -o "$out/probe" "$out/probe.c" 2>"$out/probe.log" ||
   ! "$out/probe" 2>>"$out/probe.log"; then
	echo "skip: $cc cannot build or run -fsanitize=thread programs:"
	cat "$out/probe.log"
	exit 77
fi

# shellcheck disable=SC2086
$cc $flags -Iinclude -o "$out/test_xarray_rcu" lib/xarray*.c \
	tests/xarray/test_xarray_rcu.c $urcu -pthread ||
	{ echo "not ok: cannot build the ThreadSanitizer XArray test"; exit 1; }

# halt_on_error: the first report fails the test with its exit code.
# tsan.supp: liburcu's internal hand-overs only, see there.
TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=tests/xarray/tsan.supp ${TSAN_OPTIONS:-}" \
	XA_STRESS_MS=${XA_STRESS_MS:-2000} "$out/test_xarray_rcu"
rc=$?
[ $rc = 0 ] && echo "ok: no ThreadSanitizer report" ||
	echo "not ok: test_xarray_rcu under ThreadSanitizer exited $rc"
exit $rc
