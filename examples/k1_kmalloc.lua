-- K1: kmalloc hands out physically contiguous memory from the linear map
-- (note 002). On a 32-bit x86 machine with 2 GiB, a third of the RAM is
-- HighMem, but kmalloc never returns it: its slabs come from the page
-- allocator with GFP_KERNEL (DMA or Normal), and every object has a
-- linear-map address, so __pa() is a subtraction and the MMU agrees.
--
-- We allocate objects of several sizes, follow each one through
-- __pa(), the MMU and struct page, then watch /proc/slabinfo change as a
-- cache fills up and is emptied.

local m = mm.boot{arch = "x86_32", mem = "2G"}

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end

local function slabline(name)
  return m:cat("/proc/slabinfo"):match("\n(" .. name:gsub("%-", "%%-") .. " [^\n]*)")
end

print("size      vaddr        __pa()      zone    ksize  cache")
local objs = {}
for _, size in ipairs{8, 100, 192, 1000, 4096, 8192, 20000, 100000} do
  local v = assert(m:kmalloc(size))
  local pa = m:pa(v)
  local page = m:page(pa >> 12)
  check(page.zone ~= "HighMem", "%d bytes came from HighMem", size)
  -- Physically contiguous: the MMU maps every page of it to pa + offset.
  for off = 0, size - 1, 4096 do
    check(m:translate(v + off) == pa + off, "page at +%d is not contiguous", off)
  end
  check(m:translate(v + size - 1) == pa + size - 1, "last byte")
  local cache = size <= 8192 and ("kmalloc-" .. (m:ksize(v) >= 1024 and
                (m:ksize(v) // 1024) .. "k" or m:ksize(v))) or "(pages)"
  print(("%-8d  %#x  %#010x  %-6s  %6d  %s"):format(size, v, pa, page.zone,
        m:ksize(v), cache))
  objs[#objs + 1] = v
end

-- The bytes live in simulated RAM: write through the kernel mapping, read
-- back through physical memory.
m:kwrite(objs[2], "kmalloc'ed")
check(m:phys_read(m:pa(objs[2]), 10) == "kmalloc'ed", "phys_read disagrees")

-- A cache of 200-byte objects: watch slabinfo as it fills and empties.
local c = m:kmem_cache_create("k1_demo", 200, 0, "SLAB_HWCACHE_ALIGN")
print()
print(slabline("k1_demo"))
local held = {}
for i = 1, 100 do held[i] = assert(c:alloc()) end
print(slabline("k1_demo"))
local info = c:info()
check(info.num_objs >= 100 and info.num_objs % info.objperslab == 0,
      "%d objects in slabs of %d", info.num_objs, info.objperslab)
for i = 1, 100 do c:free(held[i]) end
c:shrink()
print(slabline("k1_demo"))
check(c:info().num_objs == 0, "shrink left %d objects", c:info().num_objs)
assert(c:destroy())

for _, v in ipairs(objs) do m:kfree(v) end
print()
print(m:cat("/proc/meminfo"):match("Slab:[^\n]*"))
assert(m:check())
