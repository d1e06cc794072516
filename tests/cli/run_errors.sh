#!/bin/sh
# mmsim run: arguments reach the script; a Lua error prints FILE:LINE and a
# traceback and exits 1; MMSIM_CHECK_AT_EXIT checks every machine.
MMSIM=${1:?usage: $0 path/to/mmsim}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }

cat >"$tmp/args.lua" <<'LUA'
assert(arg[0]:match("args.lua$"), "arg[0] is the script")
assert(arg[1] == "one" and arg[2] == "two words" and #arg == 2)
local a, b = ...
assert(a == "one" and b == "two words", "... holds the arguments")
assert(mm == require("mm"), "mm is preloaded and global")
local d = mm.defaults()
assert(d.arch == "x86_32" and d.mem == 512 * 1024 * 1024 and d.cpus == 3,
       "CLI options are the defaults of mm.boot{}")
print("args ok")
LUA
out=$("$MMSIM" --arch x86_32 --mem=512M --cpus 3 run "$tmp/args.lua" one "two words" 2>&1) ||
	die "args.lua: $out"
[ "$out" = "args ok" ] || die "args.lua printed '$out'"

printf 'local x = 1\n\nerror("scenario went wrong")\n' >"$tmp/fail.lua"
"$MMSIM" run "$tmp/fail.lua" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || die "failing script: exit $rc, expected 1"
grep -q "^mmsim: .*fail.lua:3: scenario went wrong" "$tmp/err" || die "no FILE:LINE: message in: $(cat "$tmp/err")"
grep -q "stack traceback" "$tmp/err" || die "no traceback"

printf 'local m = mm.boot{}\nm:cat("/proc/no_such_file")\n' >"$tmp/cat.lua"
"$MMSIM" run "$tmp/cat.lua" 2>"$tmp/err" && die "m:cat of an unknown path succeeded"
grep -q "cat.lua:2: cannot read '/proc/no_such_file': no such file" "$tmp/err" ||
	die "unknown path message: $(cat "$tmp/err")"

printf 'x = = 1\n' >"$tmp/syntax.lua"
"$MMSIM" run "$tmp/syntax.lua" 2>"$tmp/err"
[ $? -eq 1 ] || die "syntax error: wrong exit status"
grep -q "syntax.lua:1:" "$tmp/err" || die "syntax error without FILE:LINE"

"$MMSIM" run "$tmp/missing.lua" 2>"$tmp/err"
[ $? -eq 1 ] || die "missing file: wrong exit status"
grep -q "cannot open" "$tmp/err" || die "missing file: $(cat "$tmp/err")"

printf 'mm.boot{}\nlocal m = mm.boot{mem="64M"}\nm:destroy()\ncollectgarbage()\nprint("ran")\n' >"$tmp/check.lua"
out=$(MMSIM_CHECK_AT_EXIT=1 "$MMSIM" run "$tmp/check.lua" 2>&1) ||
	die "check at exit failed on healthy machines: $out"

printf 'local m = mm.boot{mem = "8M"}\n' >"$tmp/small.lua"
"$MMSIM" run "$tmp/small.lua" 2>"$tmp/err"
[ $? -eq 1 ] || die "a script's own bad mm.boot{} must exit 1"
grep -q "small.lua:1: mm.boot: mem:" "$tmp/err" || die "bad boot message: $(cat "$tmp/err")"

printf 'error({})\n' >"$tmp/obj.lua"
"$MMSIM" run "$tmp/obj.lua" 2>"$tmp/err"
[ $? -eq 1 ] || die "error object: wrong exit status"
grep -q "error object is a table value" "$tmp/err" || die "error object: $(cat "$tmp/err")"

[ $fail -eq 0 ] && echo "ok: run"
exit $fail
