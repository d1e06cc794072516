-- A2: read() goes through the page cache. A cold 512 KiB file read page by
-- page: the first miss opens a readahead window of 4 pages
-- (get_init_ra_size), each PG_readahead marker pushes the next window out,
-- doubling to ra_pages = 32 (128 KiB): 4, 8, 16, 32. A random read reads
-- only itself. Holes read as zeroes. pgpgin counts the KiB read from disk.

local m = mm.boot{arch = "x86_64", mem = "256M"}

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end
local function vmstat(k) return tonumber(m:cat("vmstat"):match("\n" .. k .. " (%d+)")) end

assert(m:mount("memdisk", "/mnt"))
local f = assert(m:open("/mnt/big", "rw|creat"))
for i = 0, 127 do f:write(i * 4096, string.rep(string.char(65 + i % 26), 4096)) end
f:fsync()
m:drop_caches(1)
check(m:fincore("/mnt/big").cached == 0, "cold")

local windows = {}
m:trace(function(ev)
  if ev.name == "readahead" then windows[#windows + 1] = ev end
end)
for i = 0, 127 do
  check(f:read(i * 4096, 1) == string.char(65 + i % 26), "byte of page %d", i)
end
m:trace(nil)
print("sequential one-page reads of a cold file:")
for _, w in ipairs(windows) do
  print(("  read of page %3d (%s): window [%d, %d), size %2d, marker at %d"):format(
    w.index, w.why, w.start, w.start + w.size, w.size, w.start + w.size - w.async_size))
end
local want = { 4, 8, 16, 32 }
for i, s in ipairs(want) do check(windows[i].size == s, "window %d is %d", i, windows[i].size) end
print(("pgpgin %d KiB for 512 KiB read"):format(vmstat("pgpgin")))

m:drop_caches(1)
windows = {}
m:trace(function(ev) if ev.name == "readahead" then windows[#windows + 1] = ev end end)
f:read(100 * 4096, 10)
m:trace(nil)
print(("a random read at page 100: %s, %d page(s) cached"):format(
  windows[1].why, m:fincore("/mnt/big").cached))
check(m:fincore("/mnt/big").cached == 1, "random reads read themselves")

f:truncate(1 << 20)   -- grow: a hole from 512 KiB to 1 MiB
check(f:read(700 * 1024, 8) == string.rep("\0", 8), "holes read as zeroes")
f:close()
assert(m:umount("/mnt"))
assert(m:check())
