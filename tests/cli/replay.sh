#!/bin/sh
# mmsim replay: the strace logs of tests/data/strace (real programs
# recorded on x86_64) replay with no failure and the counts the logs
# hold; --check finds the layouts equal; --maps shows the heap and libc
# by name. Bad input is an error with its line number, or counted as the
# documentation says. A log recorded now, when strace works here.
MMSIM=${1:?usage: $0 path/to/mmsim}
D=tests/data/strace
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }
# the count of NAME( calls of a log that has no unfinished ones
calls() { grep -c " $1(" "$2"; }
# the number before WORD on the summary line KEY of FILE
field() { sed -n "s/.*$1:.* \([0-9][0-9]*\) $2\b.*/\1/p" "$3" | head -1; }

# ---- ls /: one process, no interleaving -----------------------------------
"$MMSIM" replay --check --maps $D/ls.log >"$tmp/ls" 2>"$tmp/err" ||
	die "ls.log: exit $?: $(cat "$tmp/err")"
for k in mmap munmap mprotect brk; do
	want=$(calls $k $D/ls.log)
	got=$(field replayed $k "$tmp/ls")
	[ "$got" = "$want" ] || die "ls.log: $got $k replayed, the log has $want"
done
grep -q '^  failures: 0$' "$tmp/ls" || die "ls.log: failures: $(cat "$tmp/ls")"
grep -q '^  check: 1 layouts compared, 0 differ$' "$tmp/ls" ||
	die "ls.log: check: $(grep check "$tmp/ls")"
grep -q '^replay: tests/data/strace/ls.log: 42 lines, 1 processes$' "$tmp/ls" ||
	die "ls.log: first line: $(head -1 "$tmp/ls")"
# the heap where the log's brk put it, libc's five mappings (as a real /proc/PID/maps shows them: the RELRO part stays apart) by name
brk=$(sed -n 's/.*brk(0x\([0-9a-f]*\)).*/\1/p' $D/ls.log | tail -1)
grep -q "^[0-9a-f]*-$brk rw-p .* \[heap\]$" "$tmp/ls" || die "ls.log: no heap ending at $brk"
n=$(grep -c ' /usr/lib/x86_64-linux-gnu/libc.so.6$' "$tmp/ls")
[ "$n" = 5 ] || die "ls.log: $n libc mappings in the maps, expected 5 (r--, r-x, r--, r--, rw-)"
grep -q ' r-xp .* /usr/lib/x86_64-linux-gnu/libc.so.6$' "$tmp/ls" || die "ls.log: no libc text"
grep -q '/usr/bin/ls$' "$tmp/ls" || die "ls.log: the program's RELRO is not named after it"

# ---- alloc: malloc, mmap/mprotect/munmap, a thread, a fork ------------------
"$MMSIM" replay --check $D/alloc.log >"$tmp/a" 2>"$tmp/err" ||
	die "alloc.log: exit $?: $(cat "$tmp/err")"
grep -q '^  failures: 0$' "$tmp/a" || die "alloc.log: $(cat "$tmp/a")"
grep -q '^  not modelled yet: 0$' "$tmp/a" || die "alloc.log: not modelled: $(cat "$tmp/a")"
grep -q ', 1 madvise,' "$tmp/a" || die "alloc.log: the thread's madvise not replayed"

# ---- remap: realloc of an mmapped block (mremap), mlock, madvise, mincore --
"$MMSIM" replay --check $D/remap.log >"$tmp/r" 2>"$tmp/err" ||
	die "remap.log: exit $?: $(cat "$tmp/err")"
grep -q '^  failures: 0$' "$tmp/r" || die "remap.log: $(cat "$tmp/r")"
grep -q ' 2 mremap, 1 madvise, 2 mlock, 1 mincore$' "$tmp/r" || die "remap.log: $(cat "$tmp/r")"
grep -q 'check: 1 layouts compared, 0 differ' "$tmp/r" || die "remap.log: check: $(cat "$tmp/r")"

# ---- the memory calls by hand: moves, in place, errors mmsim must agree with
cat >"$tmp/mem.log" <<'LOG'
7 mmap(NULL, 16384, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000
7 mremap(0x7f0000000000, 16384, 32768, MREMAP_MAYMOVE) = 0x7f0000000000
7 mremap(0x7f0000000000, 32768, 65536, MREMAP_MAYMOVE) = 0x7f0000200000
7 mremap(0x7f0000200000, 65536, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f0000400000) = 0x7f0000400000
7 mremap(0x7f0000200000, 4096, 8192, 0) = -1 EFAULT (Bad address)
7 mremap(0x7f0000400001, 4096, 8192, 0) = -1 EINVAL (Invalid argument)
7 madvise(0x7f0000400000, 8192, MADV_DONTNEED) = 0
7 madvise(0x7f0000400000, 8192, MADV_WILLNEED) = 0
7 madvise(0x7f0000600000, 4096, MADV_DONTNEED) = -1 ENOMEM (Cannot allocate memory)
7 mlock(0x7f0000400000, 8192) = 0
7 mlock2(0x7f0000400000, 4096, MLOCK_ONFAULT) = 0
7 munlock(0x7f0000400000, 8192) = 0
7 mlock(0x7f0000600000, 4096) = -1 ENOMEM (Cannot allocate memory)
7 mincore(0x7f0000400000, 8192, [1, 0]) = 0
7 mincore(0x7f0000600000, 4096, 0x7ffc00000000) = -1 ENOMEM (Cannot allocate memory)
7 mincore(0x7f0000400001, 4096, 0x7ffc00000000) = -1 EINVAL (Invalid argument)
LOG
"$MMSIM" replay --maps "$tmp/mem.log" >"$tmp/m" 2>"$tmp/err" || die "mem.log: exit $?: $(cat "$tmp/err")"
grep -q '^  failures: 0$' "$tmp/m" || die "mem.log: $(cat "$tmp/m")"
grep -q ' 5 mremap, 3 madvise, 4 mlock, 3 mincore$' "$tmp/m" || die "mem.log: $(cat "$tmp/m")"
grep -q '^7f0000400000-7f0000402000 rw-p ' "$tmp/m" || die "mem.log: the moved mapping: $(cat "$tmp/m")"
# a log mmsim disagrees with: the mremap cannot grow in place over a mapping
cat >"$tmp/mem2.log" <<'LOG'
7 mmap(0x7f0000000000, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x7f0000000000
7 mmap(0x7f0000002000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x7f0000002000
7 mremap(0x7f0000000000, 4096, 12288, 0) = 0x7f0000000000
LOG
"$MMSIM" replay "$tmp/mem2.log" >"$tmp/m2" 2>&1
grep -q '^  failures: 1$' "$tmp/m2" || die "mem2.log: $(cat "$tmp/m2")"
grep -q 'mem2.log:3: pid 7: ' "$tmp/m2" || die "mem2.log: $(cat "$tmp/m2")"
grep -q '^    log: 0x7f0000000000, mmsim: -1 ENOMEM$' "$tmp/m2" || die "mem2.log: $(cat "$tmp/m2")"
grep -q ', 2 fork,' "$tmp/a" || die "alloc.log: clone3 and clone not both replayed"
grep -q 'check: 2 layouts compared, 0 differ' "$tmp/a" || die "alloc.log: check: $(cat "$tmp/a")"

# ---- sh -c 'ls / | cat': -ttt, children, unfinished/resumed pairs ----------
"$MMSIM" replay --check $D/sh.log >"$tmp/s" 2>"$tmp/err" ||
	die "sh.log: exit $?: $(cat "$tmp/err")"
grep -q '^  failures: 0$' "$tmp/s" || die "sh.log: $(cat "$tmp/s")"
grep -q 'unmatched' "$tmp/s" && die "sh.log: unmatched resumed lines: $(cat "$tmp/s")"
grep -q ' 5 processes$' "$tmp/s" || die "sh.log: $(head -1 "$tmp/s")"
want=$(grep -c ' mmap(' $D/sh.log)	# an unfinished call is one line
[ "$(field replayed mmap "$tmp/s")" = "$want" ] || die "sh.log: mmap count $(field replayed mmap "$tmp/s"), expected $want"

# ---- without -y: file mappings counted as unnamed --------------------------
"$MMSIM" replay $D/true.log >"$tmp/t" || die "true.log: exit $?"
grep -q 'file mappings without a path: 5 ' "$tmp/t" || die "true.log: $(cat "$tmp/t")"

# ---- an x86_64 log on x86_32: failures said to be beyond the user space ----
"$MMSIM" --arch x86_32 replay $D/ls.log >"$tmp/x" || die "x86_32: exit $?"
grep -q 'beyond the user address space of x86_32 (TASK_SIZE 0xc0000000)' "$tmp/x" ||
	die "x86_32: $(cat "$tmp/x")"
"$MMSIM" --arch x86_32 replay --check $D/ls.log >/dev/null
[ $? -eq 1 ] || die "x86_32 --check: failures must be exit status 1"

# ---- mmap2 of a 32-bit log, [pid N] prefixes, -tt timestamps, -T times ----
cat >"$tmp/arm.log" <<'LOG'
[pid   700] 12:00:00.000001 execve("/bin/true", ["true"], 0xbe8c4d34 /* 20 vars */) = 0 <0.000300>
[pid   700] 12:00:00.000002 brk(NULL) = 0x1f3c000 <0.000010>
[pid   700] 12:00:00.000003 mmap2(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xb6f7e000 <0.000010>
[pid   700] 12:00:00.000004 mmap2(NULL, 1000000, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_DENYWRITE, 3</lib/arm-linux-gnueabihf/libc.so.6>, 0) = 0xb6e00000
[pid   700] 12:00:00.000005 mprotect(0xb6ee0000, 65536, PROT_NONE) = 0
[pid   700] 12:00:00.000006 mmap2(0xb6ef0000, 16384, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3</lib/arm-linux-gnueabihf/libc.so.6>, 0xf0) = 0xb6ef0000
[pid   700] 12:00:00.000007 brk(0x1f5d000) = 0x1f5d000
[pid   700] 12:00:00.000008 exit_group(0) = ?
[pid   700] 12:00:00.000009 +++ exited with 0 +++
LOG
"$MMSIM" --arch arm32 replay --check --maps "$tmp/arm.log" >"$tmp/arm" 2>&1 || die "arm32 mmap2: $(cat "$tmp/arm")"
grep -q 'replayed: 2 brk, 3 mmap, 0 munmap, 1 mprotect' "$tmp/arm" || die "arm32: $(cat "$tmp/arm")"
grep -q '^b6ef0000-b6ef4000 rw-p .*/lib/arm-linux-gnueabihf/libc.so.6$' "$tmp/arm" || die "arm32 maps: $(cat "$tmp/arm")"
grep -q '^01f3c000-01f5d000 rw-p .*\[heap\]$' "$tmp/arm" || die "arm32 heap: $(cat "$tmp/arm")"

# ---- counted, not errors: unknown calls, unbalanced resumed, never ------
# resumed, munmap of what was never mapped, a real failure mmsim agrees with
cat >"$tmp/odd.log" <<'LOG'
5 execve("/bin/x", ["x"], 0x7ffd00000000 /* 1 var */) = 0
5 frobnicate(1, 2, "three") = 0
5 <... mmap resumed>) = 0x7f0000000000
5 munmap(0x7f1234560000, 8192) = 0
5 mmap(NULL, 18446744073709551615, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)
5 mmap(NULL, 0, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 EINVAL (Invalid argument)
5 msync(0x7f0000000000, 4096, MS_SYNC) = 0
5 mlockall(MCL_CURRENT) = 0
5 mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0 <unfinished ...>

--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---
5 +++ killed by SIGSEGV +++
LOG
"$MMSIM" replay "$tmp/odd.log" >"$tmp/o" 2>"$tmp/err" || die "odd.log: exit $?: $(cat "$tmp/err")"
grep -q '^  skipped: 1 other calls, 1 signals$' "$tmp/o" || die "odd.log skipped: $(cat "$tmp/o")"
grep -q '^  not modelled yet: 2 (1 mlockall, 1 msync)$' "$tmp/o" || die "odd.log not modelled: $(cat "$tmp/o")"
grep -q '^  unmatched resumed: 1, never resumed: 1$' "$tmp/o" || die "odd.log unmatched: $(cat "$tmp/o")"
grep -q '^  failures: 0$' "$tmp/o" || die "odd.log failures: $(cat "$tmp/o")"
grep -q 'replayed: 0 brk, 2 mmap, 1 munmap' "$tmp/o" || die "odd.log replayed: $(cat "$tmp/o")"

# ---- a result mmsim does not give: a failure with its line number ---------
cat >"$tmp/f.log" <<'LOG'
9 mmap(0x7f0000000000, 8192, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) = 0x7f0000000000
9 mprotect(0x7f0000000000, 8192, PROT_READ|PROT_WRITE) = -1 EACCES (Permission denied)
LOG
"$MMSIM" replay "$tmp/f.log" >"$tmp/fo" || die "f.log: exit $?"
grep -q '^  failures: 1$' "$tmp/fo" || die "f.log: $(cat "$tmp/fo")"
grep -q "f.log:2: pid 9: 9 mprotect" "$tmp/fo" || die "f.log: no line number: $(cat "$tmp/fo")"
grep -q 'log: EACCES, mmsim: 0' "$tmp/fo" || die "f.log: $(cat "$tmp/fo")"

# ---- malformed lines: exit 1, FILE:LINE and what was expected --------------
bad() {	# LINE EXPECTED-TEXT
	printf '1 brk(NULL) = 0x5000000\n%s\n' "$1" >"$tmp/bad.log"
	"$MMSIM" replay "$tmp/bad.log" >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] || die "'$1': exit $rc, expected 1"
	grep -q "^mmsim: replay: $tmp/bad.log:2: cannot parse '.*': expected $2" "$tmp/err" ||
		die "'$1': $(cat "$tmp/err")"
}
bad '1 mmap(NULL, 8192, PROT_READ' "')' closing the arguments"
bad 'garbage here' "a system call"
bad '1 munmap(0x1000, 4096)' "' = RESULT'"
bad '1 munmap(0x1000, 4096) = banana' "a number"
bad '1 mmap(NULL, 99999999999999999999999, PROT_READ, MAP_PRIVATE, -1, 0) = 0x1000' "a number of at most 64 bits"
bad '1 mmap(NULL, 4096, PROT_READ, MAP_BOGUS, -1, 0) = 0x1000' "a PROT_ or MAP_ flag"
bad '1 munmap(0x1000) = 0' "two arguments"
bad '1 +++ exited with 999 +++' "an exit status 0-255"
bad '1 <... mmap resumed' "'<... NAME resumed>'"
"$MMSIM" replay "$tmp/none.log" 2>"$tmp/err"
[ $? -eq 1 ] || die "missing file: exit status"
grep -q "^mmsim: replay: cannot open '$tmp/none.log': No such file or directory$" "$tmp/err" ||
	die "missing file: $(cat "$tmp/err")"
"$MMSIM" replay 2>/dev/null
[ $? -eq 2 ] || die "replay without FILE: exit status"
"$MMSIM" layout --check 2>/dev/null
[ $? -eq 2 ] || die "--check outside replay: exit status"

# ---- a log recorded now, if strace can trace here ---------------------------
if command -v strace >/dev/null 2>&1 &&
   strace -f -o /dev/null /bin/true >/dev/null 2>&1; then
	strace -f -y -e trace=%memory,%process -o "$tmp/now.log" /bin/ls / >/dev/null 2>&1 ||
		die "strace of ls failed"
	case $(uname -m) in
	x86_64) arch=x86_64 ;;
	i?86) arch=x86_32 ;;
	arm*) arch=arm32 ;;
	*) arch= ;;
	esac
	if [ -n "$arch" ]; then
		"$MMSIM" --arch $arch replay --check "$tmp/now.log" >"$tmp/n" 2>&1 ||
			die "fresh log: $(cat "$tmp/n")"
		grep -q '^  failures: 0$' "$tmp/n" || die "fresh log: $(cat "$tmp/n")"
	else
		echo "skip: no simulated architecture for $(uname -m)"
	fi
else
	echo "skip: strace is missing or cannot trace here (ptrace refused)"
fi
exit $fail
