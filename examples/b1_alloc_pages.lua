-- B1: alloc_pages(gfp, order) hands out 2^order physically contiguous page
-- frames from the buddy allocator (docs/notes.md#b1).
--
-- We allocate blocks of every order on an x86_64 machine and look at what
-- came back: the first pfn of a block of order n is a multiple of 2^n
-- (buddy blocks are naturally aligned), the first page carries the
-- reference count, and the zone's free page count drops by exactly 2^n
-- (order > 3; smaller orders go through the per-CPU lists, which refill
-- in batches). Freeing gives every page back.

local m = mm.boot{arch = "x86_64", mem = "1G"}

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end

-- MemFree in kB, from /proc/meminfo.
local function memfree()
  return tonumber(m:cat("/proc/meminfo"):match("MemFree:%s+(%d+) kB"))
end

local blocks = {}
for order = 0, 10 do
  local before = memfree()
  local pfn, err = m:alloc_pages("GFP_KERNEL", order)
  check(pfn, "order %d: %s", order, tostring(err))
  local p = m:page(pfn)
  print(("order %2d: pfn %#8x .. %#8x  (%5d KiB)  zone %-6s refcount %d"):format(
        order, pfn, pfn + (1 << order) - 1, 4 << order, p.zone, p.refcount))
  check(pfn % (1 << order) == 0, "order-%d block at %#x is not aligned", order, pfn)
  check(p.refcount == 1, "refcount %d", p.refcount)
  check(not p.buddy, "an allocated page must not be marked free")
  if order > 3 then
    check(before - memfree() == 4 << order,
          "MemFree dropped by %d kB, expected %d", before - memfree(), 4 << order)
  end
  blocks[order] = pfn
end

-- The pages of one block are contiguous: the block of order 10 spans 4 MiB
-- of physical memory starting at pfn << 12.
print(("the order-10 block is physical [%#x, %#x)"):format(blocks[10] << 12,
      (blocks[10] + 1024) << 12))

-- __GFP_ZERO clears the memory; __GFP_COMP makes a compound page whose
-- tail pages point at the head.
local c = m:alloc_pages("GFP_KERNEL|__GFP_COMP|__GFP_ZERO", 2)
check(m:page(c + 3).compound_head == c, "tail page does not point at its head")
check(m:page(c).compound_order == 2, "compound order")
m:free_pages(c, 2)

for order = 0, 10 do m:free_pages(blocks[order], order) end
m:drain_pages()

-- Freeing a block twice, or with the wrong order, is refused.
local ok, msg = pcall(m.free_pages, m, blocks[5], 5)
check(not ok and msg:find("already free"), "double free not caught: %s", tostring(msg))
print("double free refused: " .. msg)
print(m:check() and "check: ok")
