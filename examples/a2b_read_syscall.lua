-- A2: a process's read(2) goes through the page cache into its own memory.
-- A process opens a cold 256 KiB file (fd 0, the lowest free one) and reads
-- it in 64 KiB calls into a buffer it has never touched: each call looks
-- the folios up in the page cache, readahead reads ahead of it (a 16-page
-- request opens a window of 32 pages, ra_pages), and copy_to_user() copies each page into the
-- buffer through the process's MMU, faulting the buffer's pages in (the
-- minor faults). A second read of the same range reads nothing from disk.
-- Then write(2): the bytes go the other way (copy_from_user into the
-- page-cache folios, which become dirty) until fsync writes them back.

local m = mm.boot{arch = "x86_64", mem = "256M"}

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end
local function vmstat(k) return tonumber(m:cat("vmstat"):match("\n" .. k .. " (%d+)")) end

local SIZE = 256 * 1024
assert(m:mount("memdisk", "/mnt"))
local f = assert(m:open("/mnt/data", "w|creat"))
for i = 0, SIZE / 4096 - 1 do
  f:write(i * 4096, string.rep(string.char(65 + i % 26), 4096))
end
f:fsync()
f:close()
m:drop_caches(1)
check(m:fincore("/mnt/data").cached == 0, "cold")

local t = m:spawn("reader")
local buf = assert(t:mmap{len = SIZE})
local fd = assert(t:sys_open("/mnt/data", "r"))
print(("process %d opened /mnt/data as fd %d"):format(t:pid(), fd))

local windows = {}
m:trace(function(ev)
  if ev.name == "readahead" then windows[#windows + 1] = ev.size end
end)
local pgpgin, flt = vmstat("pgpgin"), t:faults().min_flt
local total = 0
while true do
  local n = assert(t:sys_read(fd, buf + total, 64 * 1024))
  if n == 0 then break end
  print(("  read(%d, buf+%6d, 65536) = %d, position %d"):format(
    fd, total, n, t:fds()[1].pos))
  total = total + n
end
m:trace(nil)
local faulted = t:faults().min_flt - flt
print(("readahead windows: %s pages"):format(table.concat(windows, ", ")))
print(("pgpgin %d KiB; the buffer took %d minor faults (one per page)"):format(
  vmstat("pgpgin") - pgpgin, faulted))
check(total == SIZE, "read %d bytes", total)
check(faulted >= SIZE / 4096, "the buffer's pages faulted in")
for i = 0, SIZE / 4096 - 1, 7 do
  check(t:read(buf + i * 4096 + 100, 3) == string.rep(string.char(65 + i % 26), 3),
        "page %d in the buffer", i)
end

pgpgin = vmstat("pgpgin")
check(t:sys_pread64(fd, buf, SIZE, 0) == SIZE, "pread64")
print(("pread64 of the cached file: pgpgin +%d KiB"):format(vmstat("pgpgin") - pgpgin))
check(vmstat("pgpgin") == pgpgin, "a cached read reads nothing")

-- write(2): from the process's memory into the page cache.
local wfd = assert(t:sys_open("/mnt/data", "w"))
assert(t:write(buf, string.rep("z", 3 * 4096)))
check(t:sys_pwrite64(wfd, buf, 3 * 4096, 8192) == 3 * 4096, "pwrite64")
print(("pwrite64 of 3 pages at 8 KiB: %d dirty page(s) in the cache"):format(
  m:fincore("/mnt/data").dirty))
check(m:fincore("/mnt/data").dirty == 3, "three dirty pages")
assert(t:sys_fsync(wfd))
check(m:fincore("/mnt/data").dirty == 0, "fsync cleaned them")
print("after fsync: 0 dirty")
t:exit()   -- closes both fds
assert(m:check())
assert(m:umount("/mnt"))
