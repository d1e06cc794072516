-- A3: mapping a file puts the VMA in the file's i_mmap; MAP_SHARED
-- mappings share the page-cache pages (a store dirties the page, msync
-- writes it back), MAP_PRIVATE ones copy a page on the first store.
-- Truncate unmaps the pages past the new end through i_mmap; touching
-- one is SIGBUS.

local m = mm.boot{arch = "x86_64", mem = "256M"}
local P = 4096

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end
local function vs(key)
  return tonumber(m:cat("vmstat"):match("\n" .. key .. " (%d+)"))
end
local function show(label)
  local c = m:fincore("/mnt/f")
  print(("%-40s cached %d dirty %d nr_mapped %d"):format(label, c.cached,
        c.dirty, vs("nr_mapped")))
end

assert(m:mount("memdisk", "/mnt"))
local f = assert(m:open("/mnt/f", "rw|creat"))
f:write(0, string.rep("-", 4 * P))
f:fsync()
local a, b = m:spawn("writer"), m:spawn("reader")
local wa = assert(a:mmap{len = 4 * P, prot = "rw", flags = "shared", file = f})
local rb = assert(b:mmap{len = 4 * P, prot = "r", flags = "shared", file = "/mnt/f"})
local pb = assert(b:mmap{len = 4 * P, prot = "rw", flags = "private", file = f})
print(m:cat("/proc/" .. b:pid() .. "/maps"))

assert(a:write(wa + 5, "shared store"))
show("writer stored through MAP_SHARED:")
check(b:read(rb + 5, 12) == "shared store", "the reader sees it")
check(f:read(5, 12) == "shared store", "so does read()")
check(b:pte(rb).pfn == a:pte(wa).pfn, "one page-cache page, two PTEs")
print(("page 0: pfn %#x mapcount %d refcount %d (1 for the cache)"):format(
      a:pte(wa).pfn, a:pte(wa).mapcount, a:pte(wa).refcount))

assert(b:write(pb + 5, "private"))
check(b:pte(pb).pfn ~= a:pte(wa).pfn, "the private store copied the page")
check(f:read(5, 7) == "shared ", "the file did not change")
show("reader stored through MAP_PRIVATE:")

assert(a:msync(wa, 4 * P))
show("msync(MS_SYNC):")
check(m:fincore("/mnt/f").dirty == 0, "written back")

check(b:read(rb + 3 * P, 1) == "-", "page 3 mapped")
assert(f:truncate(2 * P))
show("truncate(2 pages):")
local ok, sig = b:read(rb + 3 * P, 1)
check(ok == nil and sig.name == "SIGBUS", "past the end: SIGBUS")
print(("reader: %s %s at %#x"):format(sig.name, sig.code, sig.addr))
a:exit()
f:close()
show("all gone:")
check(vs("nr_mapped") == 0, "no page mapped")
assert(m:umount("/mnt"))
assert(m:check())
