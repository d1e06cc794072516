#!/bin/sh
# A boot longer than a second shows "mmsim: booting SIZE: STEP NN%" on
# stderr when stderr is a terminal (a pty from script(1)), erased at the
# end; when stderr is not a terminal nothing at all is printed.
MMSIM=${1:?usage: $0 path/to/mmsim}
case $MMSIM in /*) ;; *) MMSIM=$(pwd)/$MMSIM ;; esac
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }
MEM=1T		# boots in a few seconds: long enough for the meter

"$MMSIM" --mem $MEM layout >"$tmp/out" 2>"$tmp/err" || die "boot $MEM: exit $?"
[ -s "$tmp/err" ] && die "stderr is a file, yet mmsim wrote: $(head -c 200 "$tmp/err")"
grep -q "Virtual kernel memory layout" "$tmp/out" || die "layout output missing"

command -v script >/dev/null || { echo "FAIL: script(1) from util-linux is missing"; exit 1; }
script -qfec "'$MMSIM' --mem $MEM layout >'$tmp/out2'" /dev/null >"$tmp/tty" 2>&1 </dev/null ||
	die "boot $MEM on a pty: exit $?"
grep -aq "mmsim: booting $MEM: [a-z ]* [0-9]*%" "$tmp/tty" ||
	die "no meter on the terminal: $(head -c 200 "$tmp/tty" | cat -A)"
# the meter's line is erased at the end: its last bytes are CR, erase-line
tail -c 4 "$tmp/tty" | od -An -c | grep -q '\\r 033   \[   K' ||
	die "the meter was not erased: $(tail -c 40 "$tmp/tty" | cat -A)"
cmp -s "$tmp/out" "$tmp/out2" || die "the meter changed stdout"
[ $fail -eq 0 ] && echo "ok: boot meter"
exit $fail
