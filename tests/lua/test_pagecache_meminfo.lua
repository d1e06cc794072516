-- The page cache seen from /proc: meminfo's Cached, Dirty, Writeback,
-- Active(file)/Inactive(file), Shmem and Unevictable and vmstat's
-- nr_file_pages, nr_dirty, nr_writeback, pgpgin, pgpgout follow writes,
-- ticks, reads, drop_caches and unmount, on every architecture.

local H = dofile("tests/lua/lib/harness.lua")
local test = H.test

local function mi(m, key)
  return tonumber(m:cat("meminfo"):match("\n" .. key:gsub("%p", "%%%0") .. ":%s+(%d+) kB"))
end
local function vs(m, key)
  return tonumber(m:cat("vmstat"):match("\n" .. key .. " (%d+)"))
end

for _, arch in ipairs(mm.archs) do
  local m = mm.boot{arch = arch, mem = "256M"}
  m:drain_pages()
  local free0 = mi(m, "MemFree")

  test(arch .. ": memdisk write, tick, drop, read", function()
    assert(m:mount("memdisk", "/mnt"))
    local f = assert(m:open("/mnt/a", "rw|creat"))
    assert(f:write(0, string.rep("a", 64 * 1024)) == 65536)
    assert(mi(m, "Cached") == 64 and mi(m, "Dirty") == 64, "Cached/Dirty")
    assert(mi(m, "Inactive(file)") == 64)
    assert(vs(m, "nr_file_pages") == 16 and vs(m, "nr_dirty") == 16)
    assert(f:fadvise(0, 0, "dontneed"))           -- starts writeback
    assert(mi(m, "Writeback") == 64 and mi(m, "Dirty") == 0)
    assert(vs(m, "nr_writeback") == 16)
    local fc = m:fincore("/mnt/a")
    assert(fc.pages == 16 and fc.cached == 16 and fc.writeback == 16)
    m:tick(10)
    assert(mi(m, "Writeback") == 0)
    assert(vs(m, "pgpgout") == 64)
    m:drop_caches(1)
    assert(mi(m, "Cached") == 0)
    assert(f:read(0, 65536) == string.rep("a", 65536))
    assert(vs(m, "pgpgin") == 64)
    assert(f:read(0, 4096))                        -- second touch: active
    assert(mi(m, "Active(file)") == 4, mi(m, "Active(file)"))
    assert(m:check())
    f:close()
    assert(m:umount("/mnt"))
    assert(mi(m, "Cached") == 0)
  end)

  test(arch .. ": tmpfs is Shmem, ramfs Unevictable", function()
    assert(m:mount("tmpfs", "/tmp"))
    local s = assert(m:open("/tmp/s", "w|creat"))
    s:write(0, string.rep("s", 8192))
    assert(mi(m, "Shmem") == 8 and mi(m, "Inactive(anon)") == 8)
    assert(mi(m, "Dirty") == 0, "tmpfs pages are never Dirty")
    s:close()
    assert(m:umount("/tmp"))
    local r = assert(m:open("/tmp/r", "w|creat"))
    r:write(0, "r")
    assert(mi(m, "Unevictable") == 4 and mi(m, "Cached") == 4)
    m:drop_caches(3)
    assert(mi(m, "Cached") == 4, "ramfs pages stay")
    r:close()
    assert(m:unlink("/tmp/r"))
    assert(mi(m, "Cached") == 0)
    assert(m:check())
  end)

  test(arch .. ": kupdate writes after dirty_expire_centisecs", function()
    assert(m:mount("memdisk", "/mnt"))
    local f = assert(m:open("/mnt/k", "w|creat"))
    f:write(0, string.rep("k", 4096 * 3))
    m:tick(25000)
    assert(m:fincore("/mnt/k").dirty == 3)
    m:tick(5000)     -- 30 s after the write: not yet at this 5 s run
    assert(m:fincore("/mnt/k").dirty == 3)
    m:tick(5000)
    assert(m:fincore("/mnt/k").dirty == 0)
    assert(m:dmesg():find("drop_caches: 3"))
    f:close()
    assert(m:umount("/mnt"))
    assert(m:check())
  end)

  m:drain_pages()
  assert(mi(m, "MemFree") == free0, "every page back")
  m:destroy()
end

H.finish()
