-- A5: each filesystem brings its own address_space_operations. The same
-- 64 KiB written to ramfs, tmpfs and memdisk lands in the page cache each
-- time, but ramfs (noop_dirty_folio, unevictable) and tmpfs (swap-backed,
-- Shmem) never write back, while memdisk's filemap_dirty_folio accounts
-- Dirty and its ->writepage writes to its disk; only memdisk's clean
-- pages can be dropped and read again (->read_folio / ->readahead).

local m = mm.boot{arch = "x86_64", mem = "256M"}

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end
local function mi(k)
  return tonumber(m:cat("meminfo"):match("\n" .. k:gsub("%p", "%%%0") .. ":%s+(%d+) kB"))
end
local keys = { "Cached", "Dirty", "Shmem", "Unevictable", "Inactive(file)", "Inactive(anon)" }
local function show(label)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = ("%s %d"):format(k, mi(k)) end
  print(("%-22s %s"):format(label, table.concat(parts, ", ")))
end

assert(m:mkdir("/tmp/ram"))
assert(m:mkdir("/tmp/shm"))
assert(m:mkdir("/tmp/disk"))
assert(m:mount("tmpfs", "/tmp/shm"))
assert(m:mount("memdisk", "/tmp/disk"))
local data = string.rep("5", 64 * 1024)
show("nothing written:")
for _, dir in ipairs({ "ram", "shm", "disk" }) do
  local f = assert(m:open("/tmp/" .. dir .. "/file", "w|creat"))
  f:write(0, data)
  f:close()
  show(dir .. " written:")
end
check(mi("Cached") == 192 and mi("Shmem") == 64 and mi("Unevictable") == 64, "accounting")
check(mi("Dirty") == 64, "only memdisk pages count as Dirty")
m:sync()
m:drop_caches(1)
show("after sync, drop:")
check(mi("Cached") == 128, "only memdisk's clean pages were dropped")
local f = assert(m:open("/tmp/disk/file"))
check(f:read(0, #data) == data, "read back from the disk")
f:close()
show("memdisk read again:")
assert(m:umount("/tmp/disk"))
assert(m:umount("/tmp/shm"))
assert(m:check())
