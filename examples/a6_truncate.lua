-- A6: truncate removes pages, dirty or not (the partial last page is
-- zeroed past the new end); POSIX_FADV_DONTNEED drops only clean, unmapped
-- pages (on dirty ones it just starts writeback); drop_caches drops every
-- clean page. (Unmapping mapped pages through i_mmap waits for file mmap,
-- A3.)

local m = mm.boot{arch = "x86_64", mem = "256M"}

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end
local function fc() return m:fincore("/mnt/t") end
local function show(label)
  local c = fc()
  print(("%-34s pages %2d cached %2d dirty %2d writeback %2d"):format(
    label, c.pages, c.cached, c.dirty, c.writeback))
end

assert(m:mount("memdisk", "/mnt"))
local f = assert(m:open("/mnt/t", "rw|creat"))
f:write(0, string.rep("t", 16 * 4096))
show("16 pages written:")
assert(f:truncate(10 * 4096 + 100))
show("truncate(10 pages + 100):")
check(fc().cached == 11 and fc().dirty == 11, "5 dirty pages dropped")
check(f:read(10 * 4096 + 99, 10) == "t", "short read at the new end")
assert(f:fadvise(0, 0, "dontneed"))
show("fadvise DONTNEED on dirty pages:")
check(fc().cached == 11 and fc().writeback == 11, "DONTNEED only started writeback")
m:tick(1)
assert(f:fadvise(0, 4 * 4096, "dontneed"))
show("after the I/O, DONTNEED [0, 4 pages):")
check(fc().cached == 7, "four clean pages dropped")
assert(f:fadvise(0, 0, "willneed"))
show("WILLNEED:")
check(fc().cached == 11, "read back ahead")
m:drop_caches(1)
show("drop_caches(1):")
check(fc().cached == 0, "all clean pages dropped")
assert(f:truncate(0))
show("truncate(0):")
f:close()
assert(m:umount("/mnt"))
assert(m:check())
