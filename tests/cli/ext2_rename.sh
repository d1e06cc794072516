#!/bin/sh
# rename through the VFS onto an ext2 image, checked by the real
# e2fsprogs: a file renamed within the root, a file and a directory moved
# across directories, a file replaced by a rename; afterwards e2fsck -fn
# finds nothing to fix, debugfs reads the data under the new names and
# lists no old name.
MMSIM=${1:?usage: $0 path/to/mmsim}
. "$(dirname "$0")/lib/e2fsprogs.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }

cat >"$tmp/rename.lua" <<'LUA'
local img, out, arch = ...
local m = mm.boot{arch = arch, mem = "64M"}
local function put(path, s)
  local f = assert(m:open(path, "w|creat|trunc"))
  assert(f:write(0, s) == #s)
  f:close()
  local h = assert(io.open(out .. "/want" .. path:gsub("/", "_"), "wb"))
  h:write(s) h:close()
end
assert(m:mount(img, "/mnt"))
assert(m:mkdir("/mnt/dir"))
assert(m:mkdir("/mnt/dir/sub"))
assert(m:mkdir("/mnt/other"))
put("/mnt/old", string.rep("within the root\n", 3000))
put("/mnt/dir/far", string.rep("across directories\n", 500))
put("/mnt/dir/sub/deep", "in a moved directory\n")
put("/mnt/victim", "replaced\n")
put("/mnt/winner", string.rep("replaces victim\n", 100))
m:sync()   -- the data on disk first: the renames move written files
assert(m:rename("/mnt/old", "/mnt/NEW"))
assert(m:rename("/mnt/dir/far", "/mnt/other/near"))
assert(m:rename("/mnt/dir/sub", "/mnt/other/moved"))
assert(m:rename("/mnt/winner", "/mnt/victim"))
-- written after the rename, through the new name (the page cache)
put("/mnt/other/moved/late", "after the move\n")
assert(m:umount("/mnt"))
m:check()
print("ok")
LUA

for bs in 1024 4096; do
	for arch in x86_64 arm32; do
		img=$tmp/img
		rm -f "$img" "$tmp"/want_*
		mke2fs -q -t ext2 -b $bs -F "$img" 8M >/dev/null 2>&1 ||
			{ die "mke2fs -b $bs"; continue; }
		out=$("$MMSIM" run "$tmp/rename.lua" "$img" "$tmp" $arch 2>&1)
		[ "$out" = ok ] || { die "$bs/$arch: rename pass: $out"; continue; }
		if ! e2fsck -fn "$img" >"$tmp/fsck" 2>&1; then
			die "$bs/$arch: e2fsck -fn is not clean after the renames:"
			cat "$tmp/fsck"
		fi
		for pair in "/NEW:_mnt_old" "/other/near:_mnt_dir_far" \
			"/other/moved/deep:_mnt_dir_sub_deep" \
			"/victim:_mnt_winner" \
			"/other/moved/late:_mnt_other_moved_late"; do
			name=${pair%%:*}
			want=$tmp/want${pair#*:}
			debugfs -R "cat $name" "$img" >"$tmp/got" 2>/dev/null
			cmp -s "$want" "$tmp/got" ||
				die "$bs/$arch: debugfs cat $name differs from what was written"
		done
		debugfs -R "ls -l /" "$img" >"$tmp/ls" 2>/dev/null
		grep -q ' NEW *$' "$tmp/ls" || die "$bs/$arch: /NEW not listed"
		grep -q ' old *$' "$tmp/ls" && die "$bs/$arch: /old still listed"
		grep -q ' winner *$' "$tmp/ls" && die "$bs/$arch: /winner still listed"
		debugfs -R "ls -l /dir" "$img" >"$tmp/ls" 2>/dev/null
		grep -q ' far *$\| sub *$' "$tmp/ls" &&
			die "$bs/$arch: /dir still lists a moved name"
		# the moved directory's ".." names its new parent
		other=$(debugfs -R "stat /other" "$img" 2>/dev/null |
			sed -n 's/^Inode: \([0-9]*\).*/\1/p')
		dotdot=$(debugfs -R "ls -l /other/moved" "$img" 2>/dev/null |
			awk '$NF == ".." { print $1 }')
		[ -n "$other" ] && [ "$other" = "$dotdot" ] ||
			die "$bs/$arch: /other/moved/.. is inode '$dotdot', /other is '$other'"
	done
done
exit $fail
