#!/bin/sh
# The layering rules of docs/architecture.md, checked on the object files
# of the mmsim_core library and on the #include lines of the sources:
#   1. no object of arch/arm/ uses a symbol defined in arch/x86/, nor the
#      reverse (an architecture reaches another only through generic code)
#   2. generic code (mm/, kernel/, lib/, fs/, proc/) uses no symbol
#      defined in arch/x86/ or arch/arm/ (it goes through struct pt_ops
#      and struct arch_ops) and includes no architecture's header
#   3. hw/ includes only its own headers, <mmsim/types.h> and libc, and
#      its objects use no symbol defined elsewhere in the library
#   4. what mm/ includes from hw/ is only the named interfaces (RAM,
#      CPU registers, MMU walk): hw/ram.h, hw/cpu.h, hw/mmu.h
# $1 = the mmsim binary; its build directory holds the objects. Only the
# objects of sources that exist now are read (renamed files leave stale
# ones behind).
MMSIM=${1:?usage: $0 path/to/mmsim}
SRC=${MMSIM_SRC:-.}
OBJ=$(dirname "$MMSIM")/CMakeFiles/mmsim_core.dir
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

command -v nm >/dev/null 2>&1 || { echo "SKIP: no nm"; exit 0; }
[ -d "$OBJ" ] || { echo "FAIL: no object directory $OBJ"; exit 1; }

# objects DIR...: the object files of the current sources of DIRs
objects() {
	for d in "$@"; do
		for src in "$SRC"/$d/*.c; do
			[ -e "$src" ] || continue
			o="$OBJ/$d/$(basename "$src").o"
			[ -e "$o" ] || { echo "FAIL: missing object $o" >&2; continue; }
			echo "$o"
		done
	done
}

# defined NAME DIR...: symbols defined by DIRs' objects, "sym file" lines
defined() {
	name=$1; shift
	for o in $(objects "$@"); do
		nm --defined-only "$o" | awk -v f="${o#$OBJ/}" \
			'$2 ~ /^[TDRBCG]$/ { print $3, f }'
	done | sort -u > "$tmp/$name"
}

# check USER_DIRS -- DEF_NAME WHAT: undefined symbols of USER_DIRS' objects
# that DEF_NAME defines
check() {
	label=$1 defs=$2; shift 2
	for o in $(objects "$@"); do
		nm -u "$o" | awk '{ print $2 }' | while read -r sym; do
			hit=$(awk -v s="$sym" '$1 == s { print $2; exit }' "$tmp/$defs")
			[ -n "$hit" ] && echo "FAIL: $label: ${o#$OBJ/} uses $sym, defined in $hit"
		done
	done
}

defined x86 arch/x86
defined arm arch/arm
defined rest mm kernel lib fs proc arch lua

check "arch/arm uses arch/x86" x86 arch/arm > "$tmp/out"
check "arch/x86 uses arch/arm" arm arch/x86 >> "$tmp/out"
check "generic code uses arch/x86" x86 mm kernel lib fs proc >> "$tmp/out"
check "generic code uses arch/arm" arm mm kernel lib fs proc >> "$tmp/out"
check "hw uses the kernel" rest hw >> "$tmp/out"
check "hw uses the kernel" x86 hw >> "$tmp/out"
check "hw uses the kernel" arm hw >> "$tmp/out"

# Include rules.
for f in "$SRC"/hw/*.c "$SRC"/hw/*.h; do
	grep -n '^#include' "$f" | while IFS= read -r line; do
		inc=$(echo "$line" | sed 's/.*#include *//')
		case $inc in
		\"*\") case $inc in *..*|*/*) echo "FAIL: hw include rule: $f: $inc";; esac ;;
		"<hw/"*|"<mmsim/types.h>") ;;
		"<"*/*">") case $inc in "<sys/"*|"<linux/"*) ;; *) echo "FAIL: hw include rule: $f: $inc";; esac ;;
		"<"*">") ;;
		*) echo "FAIL: hw include rule: $f: $inc" ;;
		esac
	done
done >> "$tmp/out"
for d in mm kernel lib fs proc; do
	for f in "$SRC"/$d/*.c "$SRC"/$d/*.h "$SRC"/include/mmsim/*.h; do
		[ -e "$f" ] || continue
		grep -Hn '#include.*arch/\(x86\|arm\)/\|#include "\.\./arch/' "$f" |
			sed 's/^/FAIL: generic code includes an architecture header: /'
	done
done | sort -u >> "$tmp/out"
grep -Hn '#include *<hw/' "$SRC"/mm/*.c "$SRC"/mm/*.h 2>/dev/null > "$tmp/mmhw"
while IFS= read -r line; do
	case $line in
	*"<hw/ram.h>"*|*"<hw/cpu.h>"*|*"<hw/mmu.h>"*) ;;
	*) echo "FAIL: mm/ includes a hw/ header that is not a named interface: $line" ;;
	esac
done < "$tmp/mmhw" >> "$tmp/out"

if [ -s "$tmp/out" ]; then
	sort -u "$tmp/out"
	fail=1
fi
echo "mm/ includes from hw/:"
sed 's/^/    /' "$tmp/mmhw"
[ "$fail" -eq 0 ] && echo "layering: ok"
exit $fail
