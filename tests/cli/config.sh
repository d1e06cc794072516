#!/bin/sh
# mmsim config prints the kernel configuration in .config syntax; --config
# changes it; unknown symbols, bad values and impossible combinations are
# usage errors (exit 2) that say why.
MMSIM=${1:?usage: $0 path/to/mmsim}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }

"$MMSIM" config >"$tmp/x86_64" || die "config: exit $?"
for l in CONFIG_NUMA=y CONFIG_NUMA_BALANCING=y CONFIG_TRANSPARENT_HUGEPAGE=y \
	CONFIG_ZONE_DMA32=y "# CONFIG_CMA is not set"; do
	grep -qx "$l" "$tmp/x86_64" || die "x86_64 config lacks '$l'"
done
grep -q HIGHMEM "$tmp/x86_64" && die "x86_64 config names HIGHMEM"
"$MMSIM" config --arch arm32 >"$tmp/arm32" || die "config --arch arm32: exit $?"
for l in CONFIG_HIGHMEM=y "# CONFIG_ARM_LPAE is not set" CONFIG_CMA=y; do
	grep -qx "$l" "$tmp/arm32" || die "arm32 config lacks '$l'"
done
grep -q "CONFIG_NUMA\|TRANSPARENT_HUGEPAGE" "$tmp/arm32" && die "arm32 config names NUMA or THP"
"$MMSIM" --arch x86_32 config | grep -qx CONFIG_HIGHMEM4G=y || die "x86_32 lacks HIGHMEM4G"
"$MMSIM" --arch x86_32_pae config | grep -qx CONFIG_X86_PAE=y || die "x86_32_pae lacks X86_PAE"
"$MMSIM" --config NUMA=n --config CONFIG_TRANSPARENT_HUGEPAGE_MADVISE=y config >"$tmp/c" ||
	die "--config twice: exit $?"
grep -qx "# CONFIG_NUMA is not set" "$tmp/c" || die "NUMA=n ignored"
grep -qx "# CONFIG_NUMA_BALANCING is not set" "$tmp/c" || die "NUMA_BALANCING stayed on"
grep -qx CONFIG_TRANSPARENT_HUGEPAGE_MADVISE=y "$tmp/c" || die "madvise ignored"
grep -qx "# CONFIG_TRANSPARENT_HUGEPAGE_ALWAYS is not set" "$tmp/c" || die "choice kept always"

# the configuration reaches /proc
"$MMSIM" --config NUMA=n cat vmstat | grep -q '^numa_hit ' && die "NUMA=n vmstat has numa_hit"
"$MMSIM" cat vmstat | grep -q '^numa_hit ' || die "default vmstat lacks numa_hit"

usage() {	# expected message, then the arguments
	want=$1; shift
	"$MMSIM" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] || die "$*: exit $rc, expected 2"
	grep -qF -- "$want" "$tmp/err" || die "$*: message '$(cat "$tmp/err")' lacks '$want'"
}
usage "CONFIG_HIGHMEM=y on x86_64" --config HIGHMEM=y config
usage "CONFIG_NUMA=y on arm32: arm32 kernels have no NUMA support" --arch arm32 --config NUMA=y config
usage "CONFIG_X86_PAE=y on arm32" --arch arm32 --config X86_PAE=y config
usage "unknown symbol 'CONFIG_FOO'" --config FOO=y config
usage "CONFIG_NUMA is a bool: expected y or n, got '5'" --config NUMA=5 config
usage "is not KEY=VALUE" --config NUMA config
usage "CONFIG_HIGHMEM=y on x86_64" --config HIGHMEM=y cat meminfo
usage "2 nodes need CONFIG_NUMA" --nodes 2 --config NUMA=n cat meminfo
exit $fail
