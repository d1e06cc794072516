#!/bin/sh
# How mmsim repl shows values: tables in full with sorted keys, nested,
# one line when short; cycles marked; hex for address and register keys
# (also above 2^63), decimal for pfns and sizes; raw top-level strings,
# quoted nested ones; several results tab-separated; __tostring wins.
MMSIM=${1:?usage: $0 path/to/mmsim}
fail=0
out=$(printf '%s\n' \
	'{ zeta = 1, alpha = "a", [2] = true, [1] = "one", ["two words"] = {} }' \
	't = { n = 1 }; t.self = t' 't' \
	'{ start = 4096, pfn = 4096, size = 4096, cr3 = 0, entry_addr = -1 }' \
	'"raw", 2, nil, { "q\"x" }' \
	'm' 'setmetatable({}, { __tostring = function() return "custom" end })' \
	'{ a = { b = { c = { d = 1 } } } }' \
	'{ long_name_number_one = 111111111, long_name_number_two = 222222222, three = { 3 } }' |
	"$MMSIM" repl 2>&1)
expected='{ "one", true, alpha = "a", ["two words"] = {}, zeta = 1 }
{ n = 1, self = <cycle> }
{
  cr3 = 0x0,
  entry_addr = 0xffffffffffffffff,
  pfn = 4096,
  size = 4096,
  start = 0x1000,
}
raw	2	nil	{ "q\"x" }
machine (x86_64, mem=1G, cpus=2, nodes=1)
custom
{ a = { b = { c = { d = 1 } } } }
{
  long_name_number_one = 111111111,
  long_name_number_two = 222222222,
  three = { 3 },
}'
if [ "$out" != "$expected" ]; then
	echo "FAIL: repl showed:"; echo "$out"; echo "expected:"; echo "$expected"; fail=1
fi
# m:info() is a table shown in full, not "table: 0x..."
info=$(echo 'm:info()' | "$MMSIM" repl 2>&1)
case $info in
*"table: 0x"*) echo "FAIL: m:info() printed as $info"; fail=1 ;;
*'arch = "x86_64"'*) ;;
*) echo "FAIL: m:info() showed: $info"; fail=1 ;;
esac
[ $fail -eq 0 ] && echo "ok: repl shows values"
exit $fail
