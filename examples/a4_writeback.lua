-- A4: writes dirty pages; writeback writes them back later. Dirty pages
-- carry PAGECACHE_TAG_DIRTY and count in Dirty; the flusher runs every 5 s
-- of simulated time (m:tick) and writes inodes dirtied more than 30 s ago
-- (dirty_expire_centisecs), resuming in each file at writeback_index;
-- pages stay under Writeback until the I/O completes. A writer over
-- dirty_ratio (20 % of dirtyable memory) must write back itself.

local m = mm.boot{arch = "x86_64", mem = "128M"}

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end
local function mi(k) return tonumber(m:cat("meminfo"):match("\n" .. k .. ":%s+(%d+) kB")) end

assert(m:mount("memdisk", "/mnt"))
local f = assert(m:open("/mnt/log", "w|creat"))
f:write(0, string.rep("x", 256 * 1024))
print(("t=%5d ms  Dirty %4d kB  Writeback %4d kB"):format(m:tick(0), mi("Dirty"), mi("Writeback")))
local written
m:trace(function(ev)
  if ev.name == "writeback_single_inode" then written = ev end
end)
for _ = 1, 7 do
  local t = m:tick(5000)
  print(("t=%5d ms  Dirty %4d kB  Writeback %4d kB"):format(t, mi("Dirty"), mi("Writeback")))
end
m:trace(nil)
check(mi("Dirty") == 0, "written back after dirty_expire_centisecs")
check(written and written.dirtied_when_ms == 0, "the kupdate pass wrote it")
print(("kupdate at %d s wrote %d pages of inode %d"):format(30, written.wrote, written.ino))

-- Throttling: a big writer without any tick.
local thresh = tonumber(m:cat("vmstat"):match("nr_dirty_threshold (%d+)"))
local big = assert(m:open("/mnt/big", "w|creat"))
local chunk = string.rep("y", 64 * 4096)
local events = 0
m:trace(function(ev) if ev.name == "balance_dirty_pages" then events = events + 1 end end)
for i = 0, (thresh + 1024) // 64 do big:write(i * #chunk, chunk) end
m:trace(nil)
print(("dirty threshold %d pages; after writing %d pages Dirty is %d pages; the writer was throttled %d times"):format(
  thresh, ((thresh + 1024) // 64 + 1) * 64, mi("Dirty") // 4, events))
check(events > 0 and mi("Dirty") // 4 <= thresh, "balance_dirty_pages")
m:sync()
check(mi("Dirty") == 0 and mi("Writeback") == 0, "sync writes and waits")
f:close(); big:close()
assert(m:umount("/mnt"))
assert(m:check())
