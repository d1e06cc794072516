#!/bin/sh
# mmsim replay --disk: a log recorded now (/bin/true, and a program built
# here that maps a data file shared and private at offsets) replays with
# its file mappings backed by the files of an ext2 image made by mke2fs
# from copies of exactly the files the log maps. /proc/PID/maps shows the
# image's inode and the /mnt path, --check passes, the summary counts the
# mappings as backed, and the bytes read through the simulated process
# equal the files' bytes at the logged offsets. An image without one file
# (and with another emptied) leaves those mappings anonymous and counted,
# still exit 0. Skipped (exit 77) when strace cannot trace here or
# e2fsprogs is missing.
MMSIM=${1:?usage: $0 path/to/mmsim}
PATH=$PATH:/sbin:/usr/sbin
for tool in strace mke2fs debugfs; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "note: $tool is not installed, skipped"
		exit 77
	fi
done
if ! strace -f -o /dev/null /bin/true >/dev/null 2>&1; then
	echo "note: strace cannot trace here (ptrace refused), skipped"
	exit 77
fi
case $(uname -m) in
x86_64) arch=x86_64 ;;
i?86) arch=x86_32 ;;
arm*) arch=arm32 ;;
*) echo "note: no simulated architecture for $(uname -m), skipped"; exit 77 ;;
esac
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }

# ---- the logs -------------------------------------------------------------
strace -f -y -e trace=%memory,%process -o "$tmp/true.log" /bin/true ||
	die "strace of /bin/true failed"
# A program of our own: a data file mapped shared and writable at 4 KiB,
# private at 8 KiB, and past its end (the size of ld.so's reservations).
if command -v cc >/dev/null 2>&1; then
	cat >"$tmp/maps.c" <<'EOF'
#include <fcntl.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
	int fd = open(argv[1], O_RDWR);
	char *s = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096);
	char *p = mmap(0, 4096, PROT_READ, MAP_PRIVATE, fd, 8192);
	char *b = mmap(0, 65536, PROT_READ, MAP_PRIVATE, fd, 0);

	return fd < 0 || s == MAP_FAILED || p == MAP_FAILED || b == MAP_FAILED;
}
EOF
	head -c 12345 /dev/urandom >"$tmp/data.bin"
	if cc -o "$tmp/maps" "$tmp/maps.c" 2>"$tmp/cc.err"; then
		strace -f -y -e trace=%memory,%process -o "$tmp/maps.log" \
			"$tmp/maps" "$tmp/data.bin" || die "strace of maps failed"
	else
		echo "note: cc failed, the program of our own is left out: $(cat "$tmp/cc.err")"
	fi
fi
logs="true"
[ -f "$tmp/maps.log" ] && logs="true maps"

# The paths of a log's successful file mappings, one a line.
file_maps() {
	grep ' mmap2\?(' "$1" | grep -v MAP_ANONYMOUS | grep -v '= -1 ' |
		sed -n 's/.*, [0-9]*<\(\/[^>]*\)>, [0-9a-fx]*) = 0x.*/\1/p'
}
# The image's tree: a copy of each file the logs map, at its logged path.
for l in $logs; do file_maps "$tmp/$l.log"; done | sort -u >"$tmp/paths"
[ -s "$tmp/paths" ] || die "the logs map no file: $(cat "$tmp/true.log")"
while read -r p; do
	mkdir -p "$tmp/root$(dirname "$p")" && cp "$p" "$tmp/root$p" ||
		die "cannot copy $p"
done <"$tmp/paths"
mkimg() {	# DIR IMAGE
	kb=$(du -sk "$1" | cut -f1)
	mke2fs -q -t ext2 -d "$1" "$2" $((kb * 2 + 2048))k >"$tmp/mke2fs.err" 2>&1 ||
		die "mke2fs: $(cat "$tmp/mke2fs.err")"
}
mkimg "$tmp/root" "$tmp/disk.img"

# ---- every file on the image: backed, the image's inodes, --check passes ---
for l in $logs; do
	log=$tmp/$l.log
	out=$tmp/$l.out
	"$MMSIM" --arch $arch --disk "$tmp/disk.img" replay --check --maps "$log" \
		>"$out" 2>"$tmp/err" || die "$l: exit $?: $(cat "$out" "$tmp/err")"
	n=$(file_maps "$log" | wc -l)
	grep -q "^  file mappings backed by the disk: $n (paths looked up under /mnt)$" "$out" ||
		die "$l: expected $n backed file mappings: $(cat "$out")"
	grep -q '^  file mappings not found on the disk: 0$' "$out" ||
		die "$l: $(grep 'not found' "$out")"
	grep -q '^  failures: 0$' "$out" || die "$l: $(cat "$out")"
	grep -q '^  check: [1-9][0-9]* layouts compared, 0 differ$' "$out" ||
		die "$l: check: $(cat "$out")"
	# without --disk, the same log as before: the paths, no inode
	"$MMSIM" --arch $arch replay --check --maps "$log" >"$tmp/plain" 2>&1 ||
		die "$l without --disk: $(cat "$tmp/plain")"
	grep -q 'file mappings' "$tmp/plain" && die "$l without --disk counts files: $(cat "$tmp/plain")"
	# each file still mapped at the end, by its /mnt path with the inode
	# debugfs gives it (anonymous and by its logged path without --disk)
	seen=0
	for p in $(file_maps "$log" | sort -u); do
		grep -q " $p$" "$tmp/plain" || continue	# unmapped (ld.so.cache)
		seen=$((seen + 1))
		grep -q " 00:00 0  *$p$" "$tmp/plain" ||
			die "$l without --disk: $p is not anonymous: $(cat "$tmp/plain")"
		ino=$(debugfs -R "stat $p" "$tmp/disk.img" 2>/dev/null |
			sed -n 's/^Inode: \([0-9]*\).*/\1/p')
		[ -n "$ino" ] && [ "$ino" -gt 0 ] || die "$l: debugfs finds no inode for $p"
		grep -q "^[0-9a-f]*-[0-9a-f]* [-r][-w][-x][ps] [0-9a-f]* [0-9a-f]*:[0-9a-f]* $ino  *\/mnt$p$" "$out" ||
			die "$l: no maps line with inode $ino for /mnt$p: $(cat "$out")"
		grep -q " $p$" "$out" && die "$l: $p mapped without /mnt: $(cat "$out")"
	done
	[ $seen -gt 0 ] || die "$l: no file mapped at the end: $(cat "$out")"
done
grep -q ' rw-s 00001000 .*/mnt.*/data.bin$' "$tmp/maps.out" 2>/dev/null ||
	[ ! -f "$tmp/maps.log" ] || die "maps: no shared mapping at offset 0x1000: $(cat "$tmp/maps.out")"

# ---- the bytes: read through the simulated processes, equal to the files ----
# The logs without their exits: the processes stay alive to be read.
cat >"$tmp/read.lua" <<'LUA'
local img, log, root, arch = ...
local m = mm.boot{arch = arch, disk = img}
local r = m:replay(log, {check = true})
assert(r.failures == 0 and r.differences == 0, r.text)
assert(r.root == "/mnt" and r.files_missing == 0, r.text)
assert(#r.alive >= 1, "no process alive at the end of " .. log)
-- The log's file mappings: the last one of a path holding an address
-- gives the file offset there (a later MAP_FIXED replaces an earlier).
local logged = {}
for line in io.lines(log) do
  local args, ret = line:match("mmap2?%((.*)%) += (0x%x+)$")
  if args and not args:find("MAP_ANONYMOUS", 1, true) then
    local len, path, off = args:match("^[^,]+, (%d+), [^,]+, [^,]+, %d+<(/[^>]*)>, (%w+)$")
    assert(len, "cannot read " .. line)
    table.insert(logged, { start = tonumber(ret), len = tonumber(len),
                           path = path, off = tonumber(off) })
  end
end
local function logged_offset(path, addr)
  for i = #logged, 1, -1 do
    local l = logged[i]
    if path == l.path and addr >= l.start and
       addr < l.start + l.len then
      return l.off + (addr - l.start)
    end
  end
  error("no logged mapping of " .. path .. (" at %#x"):format(addr))
end
local mappings, bytes = 0, 0
for _, a in ipairs(r.alive) do
  local t = m:process(a.pid)
  for line in m:cat("/proc/" .. a.pid .. "/maps"):gmatch("[^\n]+") do
    local s, e, perm, off, ino, path = line:match(
      "^(%x+)-(%x+) (%S+) (%x+) %x+:%x+ (%d+)%s+/mnt(/%S+)$")
    if s and perm:sub(1, 1) == "r" then
      s, e, off = tonumber(s, 16), tonumber(e, 16), tonumber(off, 16)
      assert(tonumber(ino) > 0, line)
      assert(off == logged_offset(path, s),
             ("%s: offset %#x, the log's %#x"):format(line, off,
             logged_offset(path, s)))
      local f = assert(io.open(root .. path, "rb"))
      local size = f:seek("end")
      local n = math.min(e - s, size - off)
      assert(n > 0, "a mapping past the end of " .. path .. ": " .. line)
      f:seek("set", off)
      local want = f:read(n)
      f:close()
      local got = t:read(s, n)
      if got ~= want then
        local i = 1
        while got:byte(i) == want:byte(i) do i = i + 1 end
        error(("%s: byte %d of %s at offset %#x differs: %s"):format(
          log, i - 1, path, off, line))
      end
      mappings, bytes = mappings + 1, bytes + n
    end
  end
end
assert(mappings > 0, "no mapping of a file read in " .. log)
print(("read %d file mappings, %d bytes, equal to the files"):format(
  mappings, bytes))
LUA
for l in $logs; do
	grep -v -e '+++ exited' -e ' exit_group(' "$tmp/$l.log" >"$tmp/$l.alive.log"
	"$MMSIM" run "$tmp/read.lua" "$tmp/disk.img" "$tmp/$l.alive.log" \
		"$tmp/root" $arch >"$tmp/read.out" 2>&1 ||
		die "$l: reading the mappings: $(cat "$tmp/read.out")"
	grep -q '^read [1-9][0-9]* file mappings, [1-9][0-9]* bytes, equal to the files$' \
		"$tmp/read.out" || die "$l: $(cat "$tmp/read.out")"
done

# ---- a file missing from the image, another emptied: anonymous, counted ----
del=$(grep 'libc\.so' "$tmp/paths" | head -1)
[ -n "$del" ] || del=$(head -1 "$tmp/paths")
short=$(file_maps "$tmp/true.log" | grep -vxF "$del" | head -1)
rm "$tmp/root$del"
[ -n "$short" ] && : >"$tmp/root$short"
mkimg "$tmp/root" "$tmp/less.img"
"$MMSIM" --arch $arch --disk "$tmp/less.img" replay --check --maps "$tmp/true.log" \
	>"$tmp/less" 2>"$tmp/err" || die "one file less: exit $?: $(cat "$tmp/less" "$tmp/err")"
nd=$(file_maps "$tmp/true.log" | grep -cxF "$del")
ns=0
[ -n "$short" ] && ns=$(file_maps "$tmp/true.log" | grep -cxF "$short")
n=$(file_maps "$tmp/true.log" | wc -l)
grep -q "^  file mappings backed by the disk: $((n - nd - ns)) " "$tmp/less" ||
	die "one file less: backed: $(cat "$tmp/less")"
grep -q "^  file mappings not found on the disk: $((nd + ns)) (.*$del (missing)" "$tmp/less" ||
	die "one file less: not found: $(cat "$tmp/less")"
[ -z "$short" ] || grep -q "^  file mappings not found on the disk: .*$short (too short)" "$tmp/less" ||
	die "an emptied file: $(cat "$tmp/less")"
grep -q '^  check: 1 layouts compared, 0 differ$' "$tmp/less" || die "one file less: $(cat "$tmp/less")"
grep -q " 00:00 0  *$del$" "$tmp/less" || die "one file less: $del is not anonymous: $(cat "$tmp/less")"

# ---- a log recorded inside the mounted tree: its /mnt paths as they are ----
sed 's#<\(/[^>]*\)>#</mnt\1>#g' "$tmp/true.log" >"$tmp/inside.log"
"$MMSIM" --arch $arch --disk "$tmp/disk.img" replay --check "$tmp/inside.log" \
	>"$tmp/inside" 2>&1 || die "inside: $(cat "$tmp/inside")"
n=$(file_maps "$tmp/true.log" | wc -l)
grep -q "^  file mappings backed by the disk: $n " "$tmp/inside" || die "inside: $(cat "$tmp/inside")"

# ---- m:replay's root: a bad one is an error, false leaves files anonymous ---
cat >"$tmp/root.lua" <<'LUA'
local img, log, arch = ...
local m = mm.boot{arch = arch, disk = img}
local ok, err = pcall(m.replay, m, log, {root = "/nowhere"})
assert(not ok and err:find("root '/nowhere': no such directory", 1, true), err)
local r = m:replay(log, {root = false})
assert(r.files_backed == nil and r.root == nil, r.text)
r = m:replay(log, {root = "/mnt/"})
assert(r.root == "/mnt" and r.files_backed > 0, r.text)
print("root ok")
LUA
"$MMSIM" run "$tmp/root.lua" "$tmp/disk.img" "$tmp/true.log" $arch >"$tmp/r" 2>&1 ||
	die "root option: $(cat "$tmp/r")"
exit $fail
