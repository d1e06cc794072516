#!/bin/sh
# mmsim repl reads piped input: expressions print, statements run, a
# statement may span lines, `m` is booted with the machine options.
MMSIM=${1:?usage: $0 path/to/mmsim}
fail=0
out=$(printf '%s\n' '1 + 1' 'x = 20' 'x + 1' 'function f(a)' '  return a * 2' \
	'end' 'f(21)' 'm:info().arch' '=m:info().cpus, "two"' 'print(#m:dmesg() > 0)' |
	"$MMSIM" --arch x86_32 --cpus 4 repl 2>&1)
rc=$?
expected='2
21
42
x86_32
4	two
true'
if [ $rc -ne 0 ] || [ "$out" != "$expected" ]; then
	echo "FAIL: repl (exit $rc) printed:"; echo "$out"; fail=1
fi
err=$(printf 'error("oops")\nprint("still here")\n' | "$MMSIM" repl 2>&1)
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: repl error: exit $rc, expected 1"; fail=1; }
case $err in
*"stdin:1: oops"*"still here"*) ;;
*) echo "FAIL: repl did not report and go on: $err"; fail=1 ;;
esac
err=$(printf 'for i = 1, 2 do\n' | "$MMSIM" repl 2>&1)
case $err in
*"'end' expected"*) ;;
*) echo "FAIL: incomplete chunk at end of input: $err"; fail=1 ;;
esac
[ $fail -eq 0 ] && echo "ok: repl"
exit $fail
