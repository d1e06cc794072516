-- File mappings: task:mmap{file=, offset=} on every architecture.
-- MAP_SHARED mappings of one file see each other's stores and file:write;
-- MAP_PRIVATE stores stay private (COW into anonymous pages); msync
-- writes a mapping's stores back to the disk; truncate unmaps the pages
-- past the end and a later access is SIGBUS; munmap and exit empty
-- i_mmap; /proc/PID/maps, meminfo Mapped and vmstat nr_mapped follow.
-- m:check() (page-cache and process invariants) after every step, and
-- every page back at the end.

local H = dofile("tests/lua/lib/harness.lua")
local test = H.test

local P = 4096

local function mi(m, key)
  return tonumber(m:cat("meminfo"):match("\n" .. key .. ":%s+(%d+) kB"))
end
local function vs(m, key)
  return tonumber(m:cat("vmstat"):match("\n" .. key .. " (%d+)"))
end
local function check(m)
  local ok, err = m:check()
  assert(ok, err)
end

for _, arch in ipairs(mm.archs) do
  local m = mm.boot{arch = arch, mem = "128M"}
  local warm = m:spawn("warm")  -- caches and the zero page
  warm:exit()
  m:slab_shrink(); m:drain_pages()
  local free0 = m:stats().nr_free_pages
  assert(m:mount("memdisk", "/mnt"))
  local f = assert(m:open("/mnt/data", "rw|creat"))
  assert(f:write(0, string.rep("a", P) .. string.rep("b", P) ..
                    string.rep("c", P) .. string.rep("d", P)))
  assert(f:fsync())
  local p1, p2 = m:spawn("one"), m:spawn("two")
  local s1, s2

  test(arch .. ": two shared mappings see each other's stores", function()
    s1 = assert(p1:mmap{len = 4 * P, prot = "rw", flags = "shared", file = f})
    s2 = assert(p2:mmap{len = 4 * P, prot = "rw", flags = "shared",
                        file = "/mnt/data"})
    assert(p1:read(s1, 4) == "aaaa")
    assert(p2:read(s2 + 2 * P, 4) == "cccc")
    assert(p1:write(s1 + 10, "one"))
    assert(p2:read(s2 + 10, 3) == "one")
    assert(p2:write(s2 + 3 * P, "two"))
    assert(p1:read(s1 + 3 * P, 3) == "two")
    -- the page cache itself holds the stores: file:read sees them
    assert(f:read(10, 3) == "one" and f:read(3 * P, 3) == "two")
    assert(m:fincore("/mnt/data").dirty == 2, "stores dirty the pages")
    check(m)
  end)

  test(arch .. ": file:write shows through an existing mapping", function()
    assert(f:write(P + 100, "written"))
    assert(p1:read(s1 + P + 100, 7) == "written")
    assert(p2:read(s2 + P + 100, 7) == "written")
    check(m)
  end)

  test(arch .. ": /proc shows the file and the mapped pages", function()
    local st = f:stat()
    local maps = m:cat("/proc/" .. p1:pid() .. "/maps")
    local line = maps:match(string.format("%x", s1) .. "%-[^\n]*")
    assert(line, maps)
    local off, dev, ino, path = line:match("rw%-s (%x+) (%S+) (%d+)%s+(%S+)")
    assert(off == "00000000" and dev == string.format("%02x:%02x",
             tonumber(st.dev:match("^(%d+)")), tonumber(st.dev:match(":(%d+)$"))),
           line)
    assert(tonumber(ino) == st.ino and path == "/mnt/data", line)
    -- pages 0, 1, 2, 3 each mapped (by one or both): 4 distinct pages
    assert(vs(m, "nr_mapped") == 4, vs(m, "nr_mapped"))
    assert(mi(m, "Mapped") == 16)
    local rss = p1:mm()
    assert(rss.rss_file == 3, "RssFile of p1: pages 0, 1, 3")
  end)

  test(arch .. ": private mapping: stores are the process's own", function()
    local q = assert(p2:mmap{len = 2 * P, prot = "rw", flags = "private",
                             file = f, offset = 2 * P})
    assert(p2:read(q, 4) == "cccc")
    assert(p2:write(q + 1, "PRIV"))
    assert(p2:read(q, 5) == "cPRIV")
    assert(p1:read(s1 + 2 * P, 5) == "ccccc", "not in the shared mapping")
    assert(f:read(2 * P, 5) == "ccccc", "not in the file")
    -- a later store through the shared mapping is not seen by the copy
    assert(p1:write(s1 + 2 * P, "S"))
    assert(p2:read(q, 1) == "c")
    -- the page not yet copied still shows the file
    assert(p2:read(q + P, 3) == "two")
    check(m)
    assert(p2:munmap(q, 2 * P))
    check(m)
  end)

  test(arch .. ": msync writes the stores back to the disk", function()
    assert(p1:write(s1 + 200, "synced"))
    assert(m:fincore("/mnt/data").dirty > 0)
    assert(p1:msync(s1, 4 * P))
    assert(m:fincore("/mnt/data").dirty == 0)
    check(m)
    -- from the disk: drop the (clean, unmapped) cache and read again
    assert(p1:munmap(s1, 4 * P) and p2:munmap(s2, 4 * P))
    assert(vs(m, "nr_mapped") == 0)
    m:drop_caches(1)
    assert(m:fincore("/mnt/data").cached == 0)
    assert(f:read(200, 6) == "synced" and f:read(10, 3) == "one")
    assert(f:read(3 * P, 3) == "two")
    -- a store after writeback dirties the page again (page_mkclean)
    s1 = assert(p1:mmap{len = 4 * P, prot = "rw", flags = "shared", file = f})
    assert(p1:write(s1, "x"))
    assert(p1:msync(s1, P))
    assert(p1:write(s1, "y"))
    assert(m:fincore("/mnt/data").dirty == 1, "re-dirtied")
    check(m)
  end)

  test(arch .. ": errors as mmap(2)", function()
    local ro = assert(m:open("/mnt/data", "r"))
    assert(select(2, p2:mmap{len = P, prot = "rw", flags = "shared",
                             file = ro}) == "EACCES")
    assert(p2:mmap{len = P, prot = "rw", flags = "private", file = ro})
    assert(p2:mmap{len = P, prot = "r", flags = "shared", file = ro})
    -- a shared read-only mapping of a read-only file never becomes writable
    local r = assert(p2:mmap{len = P, prot = "r", flags = "shared", file = ro})
    assert(select(2, p2:mprotect(r, P, "rw")) == "EACCES")
    local wo = assert(m:open("/mnt/data", "w"))
    assert(select(2, p2:mmap{len = P, prot = "r", file = wo}) == "EACCES")
    assert(select(2, p2:mmap{len = P, file = f, offset = 100}) == "EINVAL")
    assert(select(2, p2:mmap{len = P, file = "/mnt"}) == "ENODEV")
    assert(select(2, p2:mmap{len = P, file = "/mnt/none"}) == "ENOENT")
    assert(select(2, p2:mmap{len = P, flags = "private"}) == "EBADF")
    ro:close()
    wo:close()
    check(m)
  end)

  test(arch .. ": truncate unmaps; an access past the end is SIGBUS", function()
    local p3 = assert(p1:fork())
    assert(p3:read(s1 + 3 * P, 3) == "two")
    assert(f:truncate(P + 10))
    check(m)
    assert(p1:read(s1 + P, 4) == "bbbb", "the page holding the end stays")
    local ok, si = p1:read(s1 + 2 * P, 1)
    assert(ok == nil and si.name == "SIGBUS" and si.code == "BUS_ADRERR" and
           si.addr == s1 + 2 * P, tostring(si and si.name))
    assert(not p1:alive())
    local ok3, si3 = p3:read(s1 + 3 * P, 1)
    assert(ok3 == nil and si3.name == "SIGBUS")
    check(m)
  end)

  test(arch .. ": exit and munmap leave i_mmap empty; no leak", function()
    p2:exit()
    check(m)
    -- a mapping keeps the file open after close() (and after unlink)
    local p4 = m:spawn("four")
    local q = assert(p4:mmap{len = P, prot = "rw", flags = "shared", file = f})
    f:close()
    assert(m:unlink("/mnt/data"))
    assert(p4:write(q, "still"))
    assert(p4:read(q, 5) == "still")
    local maps = m:cat("/proc/" .. p4:pid() .. "/maps")
    assert(maps:find("/mnt/data (deleted)", 1, true), maps)
    check(m)
    assert(select(2, m:umount("/mnt")) == "EBUSY", "a mapping holds the fs")
    p4:exit()
    check(m)
    assert(m:umount("/mnt"))
    m:slab_shrink(); m:drain_pages()
    check(m)
    assert(vs(m, "nr_mapped") == 0)
    assert(m:stats().nr_free_pages == free0,
           "pages leaked: " .. free0 - m:stats().nr_free_pages)
  end)
end

H.finish()
