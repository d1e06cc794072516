#!/bin/sh
# mmsim repl on a terminal (a pty from script(1), util-linux): Ctrl-C
# interrupts an endless loop and the prompt comes back with the state
# intact; Tab completes; Ctrl-C clears a line and a second one quits with
# status 0; the history is saved and read back by the next session;
# piped input writes no history.
MMSIM=${1:?usage: $0 path/to/mmsim}
case $MMSIM in /*) ;; *) MMSIM=$(pwd)/$MMSIM ;; esac
command -v script >/dev/null || { echo "FAIL: script(1) from util-linux is missing"; exit 1; }
tmp=$(mktemp -d) || exit 1
fail=0
die() { echo "FAIL: $*"; fail=1; }
cleanup() { exec 3>&-; [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# start: the REPL under a pty, keyboard from the fifo $tmp/in (fd 3)
start() {
	rm -f "$tmp/in" "$tmp/out" "$tmp/rc"
	mkfifo "$tmp/in"
	(script -qfec "MMSIM_HISTORY='$tmp/hist' '$MMSIM' repl" /dev/null \
		<"$tmp/in" >"$tmp/out" 2>&1; echo $? >"$tmp/rc") &
	pid=$!
	exec 3>"$tmp/in"
}
# wait_for N TEXT: until TEXT occurs N times in the screen output (10 s)
wait_for() {
	i=0
	while [ "$(grep -aoF -- "$2" "$tmp/out" 2>/dev/null | wc -l)" -lt "$1" ]; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			die "no '$2' (x$1) on the screen:"; sed 's/^/    /' "$tmp/out" | cat -A | head -n 40
			return 1
		fi
		sleep 0.1
	done
}
# wait_exit: the REPL ended; its status is in $rc
wait_exit() {
	i=0
	while [ ! -s "$tmp/rc" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && { die "the REPL did not exit"; rc=none; return 1; }
		sleep 0.1
	done
	rc=$(cat "$tmp/rc"); pid=
}
key() { printf "$1" >&3; }

start
wait_for 1 "mmsim> " || exit 1
key 'x = 41\n';			wait_for 2 "mmsim> "
key 'print("loop" .. "ing") while true do end\n'; wait_for 1 "looping"
key '\003';			wait_for 1 "interrupted!" && wait_for 3 "mmsim> "
key 'x + 1\n';			wait_for 1 "42"
key 'mm.format_s\t';		wait_for 1 "ize"
key '(8192)\n';			wait_for 1 "8K"
key 'abc';			sleep 0.3
key '\003';			wait_for 1 "Ctrl-C again"
key '\003';			wait_exit
[ "$rc" = 0 ] || die "Ctrl-C twice: exit status $rc, expected 0"
grep -q 'x\\040=\\04041' "$tmp/hist" 2>/dev/null || grep -q 'x = 41' "$tmp/hist" 2>/dev/null ||
	die "history not saved: $(cat "$tmp/hist" 2>&1)"
grep -q 'abc' "$tmp/hist" && die "an interrupted line went to the history"

# A second session reads the history (Up arrow, Enter) and keeps it.
start
wait_for 1 "mmsim> " || exit 1
# Up recalls the previous session's last line, mm.format_size(8192)
key '\033[A\n';			wait_for 1 "8K"
key 'y = 2\n';			wait_for 3 "mmsim> "
key '\004';			wait_exit
[ "$rc" = 0 ] || die "Ctrl-D: exit status $rc, expected 0"
grep -q 'x.*41' "$tmp/hist" && grep -q 'y.*2' "$tmp/hist" ||
	die "history lost across sessions: $(cat "$tmp/hist")"

# Piped input: no history written.
rm -f "$tmp/hist2"
printf 'z = 1\n' | MMSIM_HISTORY="$tmp/hist2" "$MMSIM" repl >/dev/null
[ -e "$tmp/hist2" ] && die "piped input wrote a history file"

[ $fail -eq 0 ] && echo "ok: repl on a terminal"
exit $fail
