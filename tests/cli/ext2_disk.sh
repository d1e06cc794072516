#!/bin/sh
# ext2 under the VFS, checked by the real e2fsprogs: files written through
# the page cache onto an image made by mke2fs must read back with debugfs
# and leave e2fsck with nothing to fix; a file debugfs writes must read
# through the page cache with readahead; a bad image is a clear error.
MMSIM=${1:?usage: $0 path/to/mmsim}
. "$(dirname "$0")/lib/e2fsprogs.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }

# The write pass: directories, files crossing the indirect and double
# indirect blocks, a sparse file, a truncated file, an unlinked file.
# Each file's expected content goes to $tmp/expect.NAME.
cat >"$tmp/write.lua" <<'LUA'
local img, out, arch = ...
local m = mm.boot{arch = arch, mem = "128M"}
local function expect(name, s)
  local f = assert(io.open(out .. "/expect." .. name, "wb"))
  f:write(s) f:close()
end
local function pattern(n, seed)
  local t, line = {}, 0
  while #t * 16 < n do
    line = line + 1
    t[#t + 1] = string.format("%05d:%09d\n", seed, line)
  end
  return table.concat(t):sub(1, n)
end
assert(m:mount(img, "/mnt"))
m:check()
assert(m:mkdir("/mnt/dir"))
assert(m:mkdir("/mnt/dir/sub"))
local files = {
  {"small", 13}, {"direct", 11 * 1024 + 7}, {"dir/ind", 200 * 1024 + 3},
  {"dir/sub/dind", 5 * 1024 * 1024 + 4097},
}
for i, spec in ipairs(files) do
  local f = assert(m:open("/mnt/" .. spec[1], "w|creat"))
  local s = pattern(spec[2], i)
  -- in pieces that straddle pages, as a program's writes would
  local off = 0
  while off < #s do
    local n = math.min(#s - off, 10000)
    assert(f:write(off, s:sub(off + 1, off + n)) == n)
    off = off + n
  end
  f:close()
  expect(spec[1]:gsub("/", "_"), s)
  m:check()
end
-- sparse: a hole, then data past the single-indirect range
local f = assert(m:open("/mnt/sparse", "w|creat"))
assert(f:write(1024 * 1024, "tail"))
f:close()
expect("sparse", string.rep("\0", 1024 * 1024) .. "tail")
-- truncate: shrink a written file to an odd size, written back first
local t = assert(m:open("/mnt/dir/trunc", "rw|creat"))
local ts = pattern(300 * 1024, 9)
assert(t:write(0, ts) == #ts)
assert(t:fsync())
assert(t:truncate(70001))
assert(t:read(0, 1 << 20) == ts:sub(1, 70001), "read after truncate")
t:close()
expect("dir_trunc", ts:sub(1, 70001))
m:check()
-- unlink: its blocks return to the bitmap
local u = assert(m:open("/mnt/gone", "w|creat"))
assert(u:write(0, pattern(50000, 7)))
u:close()
assert(m:sync() == nil)
assert(m:unlink("/mnt/gone"))
assert(m:open("/mnt/gone") == nil)
assert(m:unlink("/mnt/dir/sub") == nil, "rmdir of a non-empty directory")
m:sync()
m:check()
assert(m:umount("/mnt"))
m:check()
LUA

# The read pass: a file debugfs wrote, read through the page cache.
cat >"$tmp/read.lua" <<'LUA'
local out = ...
local m = mm.boot{mem = "128M"}   -- --disk mounted the image at /mnt
local want = assert(io.open(out .. "/hostfile", "rb")):read("a")
local function vs(key)
  return tonumber(m:cat("vmstat"):match("\n" .. key .. " (%d+)"))
end
local in0 = vs("pgpgin")
m:trace_collect(true)
local f = assert(m:open("/mnt/hosted"))
local got, off = {}, 0
while off < #want do
  got[#got + 1] = f:read(off, 4096)
  off = off + 4096
end
assert(table.concat(got) == want, "hosted: content differs")
local ra = 0
for _, e in ipairs(m:trace_collect(false)) do
  if e.event == "readahead" or e.name == "readahead" then ra = ra + 1 end
end
assert(ra > 0, "no readahead event")
assert(vs("pgpgin") - in0 >= #want // 1024, "pgpgin did not count the reads")
assert(m:fincore("/mnt/hosted").cached == (#want + 4095) // 4096)
f:close()
m:check()
-- an earlier file, still there
local s = assert(m:open("/mnt/small")):read(0, 100)
assert(#s == 13, "small: " .. #s)
print("ok")
LUA

# The crash pass: data written but never written back is lost; what was
# synced stays, and the image stays consistent.
cat >"$tmp/crash.lua" <<'LUA'
local img = ...
local m = mm.boot{mem = "128M"}
assert(m:mount(img, "/mnt"))
local f = assert(m:open("/mnt/small", "w"))
assert(f:write(0, "CRASH"))
local s = assert(m:open("/mnt/synced", "w|creat"))
assert(s:write(0, string.rep("synced\n", 20000)))
assert(s:fsync())                    -- written back: blocks and inode
local l = assert(m:open("/mnt/lost", "w|creat"))
assert(l:write(0, string.rep("lost\n", 1000)))  -- never written back
os.exit(0, false)   -- no unmount, no writeback: the power goes off
LUA

check_image() {	# $1 image, $2 what
	if ! e2fsck -fn "$1" >"$tmp/fsck" 2>&1; then
		die "$2: e2fsck -fn is not clean:"
		cat "$tmp/fsck"
	fi
}

for bs in 1024 4096; do
	for arch in x86_64 x86_32; do
		img=$tmp/img$bs
		rm -f "$img" "$tmp"/expect.*
		mke2fs -q -t ext2 -b $bs -F "$img" 8M >/dev/null 2>&1 ||
			{ die "mke2fs -b $bs"; continue; }
		if ! "$MMSIM" run "$tmp/write.lua" "$img" "$tmp" $arch \
			>"$tmp/out" 2>&1; then
			die "$bs/$arch: write pass failed:"
			cat "$tmp/out"
			continue
		fi
		check_image "$img" "$bs/$arch after the write pass"
		for e in "$tmp"/expect.*; do
			name=$(basename "$e" | sed 's/^expect\.//; s|_|/|g')
			debugfs -R "cat /$name" "$img" >"$tmp/got" 2>/dev/null
			cmp -s "$e" "$tmp/got" ||
				die "$bs/$arch: debugfs cat /$name differs from what was written"
		done
		debugfs -R "stat /gone" "$img" 2>&1 | grep -q "not found" ||
			die "$bs/$arch: /gone still there"
	done

	head -c 300000 /dev/urandom >"$tmp/hostfile"
	debugfs -w -R "write $tmp/hostfile /hosted" "$img" >/dev/null 2>&1 ||
		die "$bs: debugfs write"
	out=$("$MMSIM" --disk "$img" run "$tmp/read.lua" "$tmp" 2>&1)
	[ "$out" = ok ] || die "$bs: read pass: $out"
	check_image "$img" "$bs after the read pass"

	"$MMSIM" run "$tmp/crash.lua" "$img" >"$tmp/out" 2>&1 ||
		die "$bs: crash pass: $(cat "$tmp/out")"
	# The group summaries (free counts) live in memory until sync_fs, as
	# Linux's dirty descriptor buffers do: after the crash e2fsck in
	# preen mode may fix those, and must find nothing else.
	e2fsck -fp "$img" >"$tmp/fsck" 2>&1
	rc=$?
	[ $rc -le 1 ] || { die "$bs: e2fsck -fp after a crash: exit $rc"; cat "$tmp/fsck"; }
	check_image "$img" "$bs after a crash and e2fsck -p"
	awk 'BEGIN { for (i = 0; i < 20000; i++) print "synced" }' >"$tmp/want"
	debugfs -R "cat /synced" "$img" 2>/dev/null | cmp -s - "$tmp/want" ||
		die "$bs: /synced (fsync'ed before the crash) lost"
	[ "$(debugfs -R "stat /lost" "$img" 2>/dev/null | grep -o 'Size: [0-9]*' | head -n 1)" = "Size: 0" ] ||
		die "$bs: /lost has a size although nothing was written back"
	debugfs -R "cat /small" "$img" 2>/dev/null | cmp -s - "$tmp/expect.small" ||
		die "$bs: /small changed although its new data was never written back"
done

# A bad image: a clear error, not a crash.
printf 'not an ext2 image' >"$tmp/bad"
"$MMSIM" --disk "$tmp/bad" cat meminfo >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 2 ] || die "--disk bad image: exit $rc, want 2"
grep -q '^mmsim: .*--disk: .*bad' "$tmp/out" || { die "--disk bad image message:"; cat "$tmp/out"; }
"$MMSIM" --disk "$tmp/missing" cat meminfo >"$tmp/out" 2>&1
[ $? -eq 2 ] || die "--disk missing image: not exit 2"
grep -q 'missing' "$tmp/out" || die "--disk missing image: message does not name it"
cat >"$tmp/bad.lua" <<'LUA'
local bad = ...
local m = mm.boot{mem = "64M"}
local ok, err = pcall(m.mount, m, bad, "/mnt")
assert(not ok and err:find(bad, 1, true) and err:find("mount: "), err)
assert(select(2, m:mount(bad, "/nope")) == "ENOENT")
m:check()
local ok2, err2 = pcall(mm.boot, {mem = "64M", disk = bad})
assert(not ok2 and err2:find("disk:", 1, true), err2)
print("ok")
LUA
out=$("$MMSIM" run "$tmp/bad.lua" "$tmp/bad" 2>&1)
[ "$out" = ok ] || die "bad image from Lua: $out"

exit $fail
