#!/bin/sh
# mmsim help, mmsim help COMMAND and mmsim COMMAND --help / -h work for
# every command of the contract; a command not built yet says so (help
# and running it, exit 1); every error message starts with "mmsim:".
MMSIM=${1:?usage: $0 path/to/mmsim}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }

"$MMSIM" help >"$tmp/help" 2>"$tmp/err" || die "mmsim help: exit $?"
"$MMSIM" --help | cmp -s - "$tmp/help" || die "mmsim help differs from --help"
[ -s "$tmp/err" ] && die "mmsim help wrote to stderr"
for cmd in run cat layout repl tour replay config help; do
	grep -q "mmsim .*$cmd" "$tmp/help" || die "overview does not list $cmd"
	"$MMSIM" help $cmd >"$tmp/$cmd" 2>"$tmp/err" || die "help $cmd: exit $?"
	head -n 1 "$tmp/$cmd" | grep -q "^Usage: mmsim .*$cmd" ||
		die "help $cmd: first line $(head -n 1 "$tmp/$cmd")"
	[ "$(wc -l <"$tmp/$cmd")" -ge 4 ] || die "help $cmd: too short"
	for flag in --help -h; do
		"$MMSIM" $cmd $flag </dev/null >"$tmp/flag" 2>"$tmp/err" ||
			die "$cmd $flag: exit $?"
		cmp -s "$tmp/flag" "$tmp/$cmd" || die "$cmd $flag differs from help $cmd"
	done
done
# Machine options after the command, then --help: still the command's page.
"$MMSIM" cat --mem 2G --help | cmp -s - "$tmp/cat" || die "cat --mem 2G --help"
grep -q "/proc/meminfo" "$tmp/cat" || die "help cat does not list the /proc files"
grep -q "MMSIM_HISTORY" "$tmp/repl" || die "help repl does not name MMSIM_HISTORY"
grep -q "memparse" "$tmp/run" || die "help run does not give the SIZE syntax"

# Not built yet: help says so, running it is exit 1 with a reason.
for cmd in replay config; do
	if grep -q "not built yet" "$tmp/$cmd"; then
		"$MMSIM" $cmd x >"$tmp/out" 2>"$tmp/err"
		rc=$?
		[ $rc -eq 1 ] || die "$cmd (not built): exit $rc, expected 1"
		grep -q "^mmsim: $cmd: not built yet" "$tmp/err" ||
			die "$cmd (not built): $(cat "$tmp/err")"
		[ -s "$tmp/out" ] && die "$cmd (not built) wrote to stdout"
	fi
done

# An unknown command to help is a usage error.
"$MMSIM" help frobnicate >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || die "help frobnicate: wrong exit status"
grep -q "^mmsim: help: unknown command 'frobnicate'" "$tmp/err" || die "help frobnicate: $(cat "$tmp/err")"
"$MMSIM" help run cat >/dev/null 2>&1
[ $? -eq 2 ] || die "help with two commands: wrong exit status"

# A script's --help is the script's: run passes it on.
printf 'print(arg[1])\n' >"$tmp/a.lua"
[ "$("$MMSIM" run "$tmp/a.lua" --help)" = "--help" ] || die "run FILE --help did not reach the script"

# Every error line mmsim itself writes starts with "mmsim:".
check_prefix() {
	"$MMSIM" "$@" >/dev/null 2>"$tmp/err" </dev/null
	rc=$?
	[ $rc -eq 1 ] || [ $rc -eq 2 ] || { die "mmsim $*: exit $rc"; return; }
	head -n 1 "$tmp/err" | grep -q "^mmsim: " || die "mmsim $*: first error line: $(head -n 1 "$tmp/err")"
}
printf 'error("boom")\n' >"$tmp/boom.lua"
check_prefix run "$tmp/boom.lua"
check_prefix run "$tmp/missing.lua"
check_prefix cat nosuch
check_prefix --mem 1Q layout
check_prefix frobnicate
check_prefix tour Q9
check_prefix --mem 8M repl
check_prefix replay
[ $fail -eq 0 ] && echo "ok: help, errors"
exit $fail
