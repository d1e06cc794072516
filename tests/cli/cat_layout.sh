#!/bin/sh
# mmsim cat and mmsim layout boot a machine and print; unknown /proc paths
# are an error (exit 1) naming the path.
MMSIM=${1:?usage: $0 path/to/mmsim}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }

"$MMSIM" cat /proc/meminfo >"$tmp/a" || die "cat /proc/meminfo: exit $?"
grep -q '^MemTotal: ' "$tmp/a" || die "meminfo has no MemTotal"
"$MMSIM" cat meminfo >"$tmp/b" || die "cat meminfo: exit $?"
cmp -s "$tmp/a" "$tmp/b" || die "'meminfo' and '/proc/meminfo' differ"
"$MMSIM" cat meminfo --mem 2G >"$tmp/c" || die "options after cat: exit $?"
cmp -s "$tmp/a" "$tmp/c" && die "--mem 2G after the command was ignored"

"$MMSIM" cat /proc/no_such_file >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || die "unknown path: exit $rc, expected 1"
grep -q "^mmsim: cannot read '/proc/no_such_file': no such file" "$tmp/err" ||
	die "unknown path message: $(cat "$tmp/err")"
# ... and lists the files that exist
for f in meminfo zoneinfo buddyinfo vmstat; do
	grep -q "/proc/$f" "$tmp/err" || die "unknown path message does not list /proc/$f"
done

"$MMSIM" layout >"$tmp/l" || die "layout: exit $?"
grep -q "Virtual kernel memory layout" "$tmp/l" || die "layout output: $(cat "$tmp/l")"
"$MMSIM" --arch x86_32 layout >/dev/null || die "x86_32 layout: exit $?"

[ $fail -eq 0 ] && echo "ok: cat, layout"
exit $fail
