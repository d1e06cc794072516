#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install the build into a staging directory (DESTDIR) under a prefix other
# than the configured one, then use the staged copy as a user would: run
# the installed mmsim on an installed example, read its man page, and build
# the installed C example with `cc FILE $(pkg-config --cflags --libs mmsim)`
# against the staged library and headers. The C program and the installed
# mmsim must agree on what alloc_pages(GFP_KERNEL, 3) returns. The XArray
# library builds and runs the same way with `pkg-config mmsim-xarray`.
#   sh tests/install/staged_install.sh BUILD_DIR CC [EXTRA_FLAGS]
# EXTRA_FLAGS carries the library's sanitizer flags in a sanitizer build.
set -u
build=$1
cc=$2
extra=${3:-}
prefix=/opt/mmsim-staged
fail=0
stage=$(mktemp -d)
trap 'rm -rf "$stage" "$stage.log"' EXIT
root=$stage$prefix

no() { echo "not ok: $*"; fail=1; }

DESTDIR=$stage cmake --install "$build" --prefix "$prefix" >"$stage.log" 2>&1 ||
	{ cat "$stage.log"; echo "not ok: cmake --install failed"; exit 1; }

# Everything lands under DESTDIR/PREFIX, nothing beside it.
outside=$(find "$stage" -type f ! -path "$root/*")
[ -z "$outside" ] || no "installed outside the prefix: $outside"
for f in bin/mmsim share/man/man1/mmsim.1 share/doc/mmsim/LICENSE \
	 share/doc/mmsim/README.md share/doc/mmsim/examples/default.lua \
	 share/doc/mmsim/examples/c/boot_and_alloc.c \
	 include/mmsim/mmsim/machine.h include/mmsim/mmsim/gfp.h \
	 include/mmsim/hw/ram.h; do
	[ -f "$root/$f" ] || no "$f not installed"
done
lib=$(find "$root" -name libmmsim.a)
pc=$(find "$root" -name mmsim.pc)
[ -n "$lib" ] || no "libmmsim.a not installed"
[ -n "$pc" ] || { no "mmsim.pc not installed"; exit 1; }
[ -x "$root/bin/mmsim" ] || { no "bin/mmsim is not executable"; exit 1; }

# The installed program runs an installed example.
"$root/bin/mmsim" --version | grep -q '^mmsim ' || no "mmsim --version"
MMSIM_CHECK_AT_EXIT=1 "$root/bin/mmsim" run \
	"$root/share/doc/mmsim/examples/b1_alloc_pages.lua" >/dev/null ||
	no "installed mmsim cannot run the installed b1_alloc_pages.lua"

# The installed man page names the install-time prefix's paths.
MANWIDTH=80 man -l "$root/share/man/man1/mmsim.1" 2>/dev/null |
	grep -q "$prefix/share/doc/mmsim/examples" ||
	no "man page does not name $prefix/share/doc/mmsim/examples"

# pkg-config against the staged prefix: the .pc names PREFIX, the sysroot
# maps it into the staging directory. The sysroot applies to lua5.4's flags
# too (Requires.private), so the staging directory gets the host's /usr, as
# a real sysroot would have it.
export PKG_CONFIG_PATH="$(dirname "$pc")" PKG_CONFIG_SYSROOT_DIR="$stage"
ln -s /usr "$stage/usr"
unset PKG_CONFIG_LIBDIR
[ "$(pkg-config --modversion mmsim)" = "$("$root/bin/mmsim" --version |
	sed 's/^mmsim \([^ ]*\).*/\1/')" ] || no "pkg-config --modversion mmsim"
flags=$(pkg-config --cflags --libs mmsim) || { no "pkg-config mmsim failed"; exit 1; }
case "$flags" in
*"-I$root/include/mmsim"*) ;;
*) no "pkg-config --cflags does not point into the staged prefix: $flags" ;;
esac

# Every installed header compiles on its own with the .pc's flags. (Not
# with -Werror: the build itself compiles them with the project's warnings.)
cflags=$(pkg-config --cflags mmsim)
for h in "$root"/include/mmsim/mmsim/*.h "$root"/include/mmsim/hw/*.h; do
	name=${h#"$root/include/mmsim/"}
	# shellcheck disable=SC2086
	echo "#include <$name>" | $cc -std=c17 $cflags -fsyntax-only -x c - ||
		no "installed header <$name> does not compile on its own"
done

# Build and run the installed C example against the staged library.
# shellcheck disable=SC2086
$cc $extra -o "$stage/boot_and_alloc" \
	"$root/share/doc/mmsim/examples/c/boot_and_alloc.c" $flags ||
	{ no "cannot build boot_and_alloc.c with pkg-config's flags: $flags"; exit 1; }
# With MMSIM_SHARED=ON the linker prefers libmmsim.so: the program must
# then load the staged copy, found through LD_LIBRARY_PATH.
so=$(find "$root" -name libmmsim.so)
if [ -n "$so" ]; then
	export LD_LIBRARY_PATH="$(dirname "$so")"
	ldd "$stage/boot_and_alloc" | grep -q "libmmsim.so.* => $root/" ||
		no "boot_and_alloc does not load the staged libmmsim.so"
	echo "linked against the staged $(basename "$(readlink -f "$so")")"
fi
"$stage/boot_and_alloc" x86_64 4G >"$stage/c.out" ||
	no "boot_and_alloc exited $?"
cat "$stage/c.out"
c_got=$(sed -n 's/^alloc_pages(GFP_KERNEL, 3): pfn \([0-9]*\) zone \([A-Za-z0-9]*\)$/\1 \2/p' "$stage/c.out")
grep -q 'check ok$' "$stage/c.out" || no "boot_and_alloc did not report 'check ok'"

# The same allocation through the installed mmsim's Lua API.
cat >"$stage/same.lua" <<'LUA'
local m = mm.boot{arch = "x86_64", mem = "4G"}
m:drain_pages()		-- as boot_and_alloc does before allocating
local pfn = m:alloc_pages("GFP_KERNEL", 3)
print(pfn .. " " .. m:page(pfn).zone)
m:free_pages(pfn, 3)
assert(m:check())
LUA
lua_got=$("$root/bin/mmsim" run "$stage/same.lua") || no "mmsim run same.lua"
[ -n "$c_got" ] && [ "$c_got" = "$lua_got" ] ||
	no "C and Lua disagree: C '$c_got', Lua '$lua_got'"

# A program that embeds the `mm` Lua module links with --static, which
# adds lua5.4 from Requires.private; it runs same.lua like mmsim does.
cat >"$stage/embed.c" <<'C'
#include <stdio.h>
#include <lauxlib.h>
#include <lualib.h>

int luaopen_mm(lua_State *L);

int main(int argc, char **argv)
{
	lua_State *L = luaL_newstate();

	luaL_openlibs(L);
	luaL_requiref(L, "mm", luaopen_mm, 1);
	lua_pop(L, 1);
	if (argc != 2 || luaL_dofile(L, argv[1])) {
		fprintf(stderr, "embed: %s\n", argc != 2 ? "usage: embed FILE.lua" :
			lua_tostring(L, -1));
		return 1;
	}
	lua_close(L);
	return 0;
}
C
# shellcheck disable=SC2086
$cc $extra -o "$stage/embed" "$stage/embed.c" \
	$(pkg-config --cflags --static --libs mmsim) ||
	no "cannot build a program embedding mm with pkg-config --static"
embed_got=$("$stage/embed" "$stage/same.lua") || no "embed same.lua exited $?"
[ "$embed_got" = "$lua_got" ] ||
	no "the embedded mm module disagrees with mmsim: '$embed_got', '$lua_got'"

# The XArray library stands alone: the installed xarray_ids.c builds with
# `pkg-config mmsim-xarray` only, and again with nothing but xarray.h and
# gfp_types.h on the include path (it needs no other mmsim header).
xlib=$(find "$root" -name libmmsim-xarray.a)
[ -n "$xlib" ] || no "libmmsim-xarray.a not installed"
[ -f "$(dirname "$pc")/mmsim-xarray.pc" ] || no "mmsim-xarray.pc not installed"
xsrc=$root/share/doc/mmsim/examples/c/xarray_ids.c
[ "$(pkg-config --modversion mmsim-xarray)" = "$(pkg-config --modversion mmsim)" ] ||
	no "pkg-config --modversion mmsim-xarray"
# shellcheck disable=SC2086
$cc $extra -o "$stage/xarray_ids" "$xsrc" $(pkg-config --cflags --libs mmsim-xarray) ||
	no "cannot build xarray_ids.c with pkg-config mmsim-xarray"
"$stage/xarray_ids" >"$stage/x.out" || no "xarray_ids exited $?"
grep -q '^id 1: page$' "$stage/x.out" && grep -q '^long words: 2=folio 5=xarray$' "$stage/x.out" &&
	grep -q 'check ok$' "$stage/x.out" || { cat "$stage/x.out"; no "xarray_ids output"; }
mkdir -p "$stage/xinc/mmsim"
cp "$root/include/mmsim/mmsim/xarray.h" "$root/include/mmsim/mmsim/gfp_types.h" "$stage/xinc/mmsim/"
# shellcheck disable=SC2086
$cc $extra -std=c17 -I"$stage/xinc" -o "$stage/xarray_alone" "$xsrc" "$xlib" \
	$(pkg-config --libs liburcu-bp) -pthread ||
	no "xarray_ids.c does not build with only xarray.h and gfp_types.h"
# The mmsim package pulls the XArray library in for libmmsim.a's users.
case "$(pkg-config --libs mmsim)" in
*-lmmsim-xarray*) ;;
*) no "pkg-config --libs mmsim lacks -lmmsim-xarray" ;;
esac

# A bad argument is a clear error, not a crash.
"$stage/boot_and_alloc" sparc64 >/dev/null 2>"$stage/err"
[ $? = 2 ] && grep -q "unknown architecture 'sparc64'" "$stage/err" ||
	no "boot_and_alloc sparc64: expected exit 2 and a message"

[ $fail = 0 ] && echo "ok: staged install at $prefix, C and Lua agree: $c_got"
exit $fail
