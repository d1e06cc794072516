#!/bin/sh
# mmsim tour runs every step without a terminal (no pauses), each step
# shows its note item id and points to that item's entry in docs/notes.md,
# which exists; --list, a single step, an unknown step (exit 2); the
# embedded script is the one in cli/tour.lua.
MMSIM=${1:?usage: $0 path/to/mmsim}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }

"$MMSIM" tour </dev/null >"$tmp/out" 2>"$tmp/err" || die "tour: exit $? $(cat "$tmp/err")"
for id in Z1 Z2 Z3 Z4 Z5 Z6 Z7 L1 L4 L6 B3 B1 K1 K2 K3 K4 P1 U1 U4 T3 X1 O1; do
	grep -q "^\[$id\] " "$tmp/out" || die "tour has no step $id"
done
# Every step's link names an anchor docs/notes.md defines.
for id in $(sed -n 's/^\[\([A-Z][0-9]\)\] .*/\1/p' "$tmp/out"); do
	lower=$(echo "$id" | tr 'A-Z' 'a-z')
	grep -q "docs/notes.md#$lower)" "$tmp/out" || die "step $id has no docs/notes.md link"
	grep -q "<a id=\"$lower\"></a>" docs/notes.md || die "docs/notes.md has no anchor $lower"
done
# A few facts the newer steps show live.
grep -q "kmalloc( 100) -> .* ksize  128  __pa 0x" "$tmp/out" || die "K1: no kmalloc-128 object with a __pa"
grep -q "cannot __pa(.*vmalloc address" "$tmp/out" || die "K2: __pa of a vmalloc address did not fail"
set -- $(sed -n 's/.*TLB misses reading [0-9]* pages: kmalloc \([0-9]*\), vmalloc \([0-9]*\)/\1 \2/p' "$tmp/out")
[ $# -eq 2 ] && [ "$1" -lt "$2" ] || die "K2: TLB misses kmalloc '$1' vs vmalloc '$2'"
grep -q "kmap -> 0x[0-9a-f]* in the pkmap area" "$tmp/out" || die "K3: kmap outside the pkmap area"
grep -q "FIX_HOLE .* 0xfffff000 - 0x100000000" "$tmp/out" || die "K4: slot 0 is not the last page"
grep -q "after write:  present=true" "$tmp/out" || die "U4: the write mapped nothing"
grep -q "user read: SIGSEGV SEGV_MAPERR" "$tmp/out" || die "T3: no SIGSEGV"
[ "$(grep -c 'shift 0  indices' "$tmp/out")" -eq 4 ] || die "X1: not 4 leaves"
grep -q "step failed" "$tmp/out" && die "a tour step failed: $(grep 'step failed' "$tmp/out")"
[ "$("$MMSIM" tour --list | wc -l)" -ge 22 ] || die "tour --list"
"$MMSIM" tour z7 </dev/null >"$tmp/one" || die "tour z7: exit $?"
[ "$(grep -c '^\[' "$tmp/one")" -eq 1 ] && grep -q '^\[Z7\]' "$tmp/one" || die "tour z7 ran: $(grep '^\[' "$tmp/one")"
"$MMSIM" tour Q9 >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || die "unknown step: wrong exit status"
grep -q "unknown step 'Q9'" "$tmp/err" || die "unknown step message: $(cat "$tmp/err")"
if [ -f cli/tour.lua ]; then
	"$MMSIM" tour --source | cmp -s - cli/tour.lua ||
		die "cli/tour_lua.h is stale: sh scripts/embed-lua cli/tour.lua > cli/tour_lua.h"
fi
[ $fail -eq 0 ] && echo "ok: tour"
exit $fail
