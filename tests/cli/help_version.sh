#!/bin/sh
# --help documents every command and machine option; --version prints it.
MMSIM=${1:?usage: $0 path/to/mmsim}
fail=0
help=$("$MMSIM" --help) || { echo "FAIL: --help exit $?"; exit 1; }
for word in "run FILE.lua" "cat PATH" layout repl tour \
	    --arch x86_32 x86_32_pae x86_64 x86_64_la57 arm32 --mem --cpus \
	    --nodes --vmsplit 3G 2G 1G --dma-limit --seed --vmalloc --layout \
	    mainline 4.x --trace MMSIM_CHECK_AT_EXIT "Exit status" mm.boot; do
	case $help in
	*"$word"*) ;;
	*) echo "FAIL: --help does not mention '$word'"; fail=1 ;;
	esac
done
[ "$("$MMSIM" -h)" = "$help" ] || { echo "FAIL: -h differs from --help"; fail=1; }
v=$("$MMSIM" --version) || { echo "FAIL: --version exit $?"; fail=1; }
case $v in
"mmsim "[0-9]*.[0-9]*) echo "ok: $v" ;;
*) echo "FAIL: --version printed '$v'"; fail=1 ;;
esac
exit $fail
