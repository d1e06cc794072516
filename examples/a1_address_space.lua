-- A1: one struct address_space per inode. Two opens of the same file
-- share its page cache (i_pages, nrpages); each page-cache page is an
-- ordinary struct page whose mapping/index point back at the file, here
-- taken from HighMem on a 32-bit machine (GFP_HIGHUSER_MOVABLE). The
-- trace events mm_filemap_add_to_page_cache / _delete_ show pages
-- entering and leaving i_pages.

local m = mm.boot{arch = "x86_32", mem = "2G"}

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end

assert(m:mount("memdisk", "/mnt"))
local added = {}
m:trace(function(ev)
  if ev.name == "mm_filemap_add_to_page_cache" then
    added[#added + 1] = ev
  end
end)
local w = assert(m:open("/mnt/shared", "w|creat"))
local r = assert(m:open("/mnt/shared", "r"))
w:write(0, string.rep("A", 3 * 4096 + 100))
m:trace(nil)

-- Both opens see one inode and one page cache.
local sw, sr = w:stat(), r:stat()
print(("inode %d: size %d, nrpages %d (seen from both opens: %d, %d)"):format(
  sw.ino, sw.size, sw.nrpages, sw.nrpages, sr.nrpages))
check(sw.ino == sr.ino and sw.nrpages == 4 and sr.nrpages == 4, "one page cache")
check(r:read(4096, 3) == "AAA", "the reader sees the writer's bytes at once")

print("pages added to i_pages:")
for _, ev in ipairs(added) do
  local p = m:page(ev.pfn)
  print(("  index %d -> pfn 0x%x in zone %s (dev %s, ino %d)"):format(
    ev.index, ev.pfn, p.zone, ev.s_dev, ev.i_ino))
  check(p.zone == "HighMem", "page-cache pages are GFP_HIGHUSER_MOVABLE")
  check(p.refcount == 1, "the cache holds one reference")
end
check(#added == 4, "4 pages added, got %d", #added)

local fc = m:fincore("/mnt/shared")
print(("fincore: %d pages, %d cached, %d dirty"):format(fc.pages, fc.cached, fc.dirty))
w:close(); r:close()
assert(m:umount("/mnt"))
check(m:cat("meminfo"):match("Cached:%s+(%d+)") == "0", "unmount frees the cache")
assert(m:check())
print("A1: the address_space belongs to the inode; pages point back to it")
