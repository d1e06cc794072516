#!/bin/sh
# Every bad command line: a usage message on stderr naming the problem,
# nothing on stdout, exit status 2. $1 = the mmsim binary.
MMSIM=${1:?usage: $0 path/to/mmsim}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect_usage "what stderr must mention" args...
expect_usage() {
	want=$1; shift
	"$MMSIM" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" -ne 2 ]; then
		echo "FAIL: mmsim $*: exit $rc, expected 2"; fail=1; return
	fi
	if ! grep -qF -- "$want" "$tmp/err"; then
		echo "FAIL: mmsim $*: stderr does not mention '$want':"
		sed 's/^/    /' "$tmp/err"; fail=1; return
	fi
	if [ -s "$tmp/out" ]; then
		echo "FAIL: mmsim $*: wrote to stdout"; fail=1; return
	fi
	echo "ok: mmsim $* -> $(head -n 1 "$tmp/err")"
}

expect_usage "missing command"
expect_usage "unknown command 'frobnicate'" frobnicate
expect_usage "unknown option '--bogus'" --bogus layout
expect_usage "unknown option '-z'" -z layout
expect_usage "'--mem' needs a value" --mem
expect_usage "--mem: invalid size '12Q'" --mem 12Q layout
expect_usage "--mem: invalid size 'lots'" --mem=lots layout
expect_usage "--mem: size must not be zero" --mem 0 layout
expect_usage "--mem: size must not be zero" --mem=0 run examples/default.lua
expect_usage "not a multiple of the 4K page size" --mem 1000001 layout
expect_usage "--mem: invalid size '-1G'" --mem -1G layout
expect_usage "4P" --mem 9P layout
expect_usage "--mem: invalid size '2GiB' (expected a decimal, 0x hex or 0 octal integer" --mem 2GiB layout
expect_usage "--mem: 16E is beyond the 4P" --mem 16E layout
expect_usage "--arch: unknown architecture 'vax'" --arch vax layout
expect_usage "x86_32, x86_32_pae, x86_64, x86_64_la57 or arm32" --arch=x86 layout
expect_usage "--cpus: '0' is not a number from 1 to 64" --cpus 0 layout
expect_usage "--cpus: 'two'" --cpus two layout
expect_usage "--nodes: '65' is not a number from 1 to 64" --nodes 65 layout
expect_usage "--vmsplit: '4G' is not one of 3G, 2G, 1G" --vmsplit 4G layout
expect_usage "--dma-limit: invalid size 'x'" --dma-limit x layout
expect_usage "--vmalloc: invalid size '1Z'" --vmalloc 1Z layout
expect_usage "--layout: unknown layout '3.x'" --layout 3.x layout
expect_usage "--seed: 'abc' is not an unsigned integer" --seed abc layout
expect_usage "run: missing FILE.lua" run
expect_usage "cat: missing PATH" cat
expect_usage "cat: unexpected argument 'b'" cat a b
expect_usage "layout: unexpected argument 'x'" layout x
expect_usage "unknown option '--bogus'" cat --bogus meminfo
expect_usage "Try 'mmsim --help'" --bogus
# A machine that cannot boot: the reason names the limit, exit 2.
expect_usage "cannot boot" --mem 8M layout
expect_usage "mem" --mem 8M cat meminfo
expect_usage "mm.boot: mem:" --mem 8M run examples/default.lua

exit $fail
