#!/bin/sh
# Run every benchmark binary built in $1 (the build directory) and print
# their tables. Builds nothing: `make bench` builds the `benchmarks` target
# first.
BUILD=${1:-build}
found=0
for b in "$BUILD"/bench_*; do
	[ -x "$b" ] || continue
	found=1
	echo "== $(basename "$b")"
	"$b" || exit 1
	echo
done
[ "$found" = 1 ] || { echo "no benchmarks in $BUILD (run make bench)" >&2; exit 1; }
