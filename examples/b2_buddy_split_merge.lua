-- B2: one buddy allocator per zone; blocks split and merge in powers of two
-- (docs/notes.md#b2).
--
-- An order-4 request (16 pages) takes the smallest free block that fits,
-- of order j >= 4, and splits it: the lower half is split again and again
-- and the upper halves (orders j-1 down to 4) go back on the free lists.
-- The next order-4 request gets that order-4 leftover, which is the first
-- block's buddy: pfn ^ 16. Freeing both merges the halves back, all the
-- way up to order j (__free_one_page), and the free lists are as before.
-- We follow the Movable lists of DMA32 in /proc/pagetypeinfo, the ones a
-- movable request uses.

local m = mm.boot{arch = "x86_64", mem = "1G"}

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end

-- Free Movable block counts per order of a zone, from /proc/pagetypeinfo.
local function buddyinfo(zone)
  for line in m:cat("/proc/pagetypeinfo"):gmatch("[^\n]+") do
    local z, rest = line:match("zone%s+(%S+), type%s+Movable%s+(.*)")
    if z == zone then
      local t = {}
      for n in rest:gmatch("%d+") do t[#t + 1] = tonumber(n) end
      return t   -- t[1] is order 0
    end
  end
end

local function show(title, b)
  local s = {}
  for o = 0, 10 do s[#s + 1] = ("%4d"):format(b[o + 1]) end
  print(("%-22s %s"):format(title, table.concat(s)))
end

print(("%-22s %s"):format("DMA32 movable blocks", "   0   1   2   3   4   5   6   7   8   9  10"))
-- Boot already used some memory (page tables); set aside any free order-4
-- blocks so that the request below has to split a larger one.
local aside = {}
while buddyinfo("DMA32")[5] > 0 do
  aside[#aside + 1] = m:alloc_pages("GFP_HIGHUSER_MOVABLE", 4)
end
local before = buddyinfo("DMA32")
show("before", before)
local j = 5
while before[j + 1] == 0 do j = j + 1 end
print(("smallest free block of order >= 4: order %d"):format(j))

-- Movable requests use the movable pageblocks every zone starts with, so
-- no pageblock changes hands and the split is easy to follow. Order 4 is
-- above the per-CPU lists' orders (0-3): it comes straight from the buddy.
local a = m:alloc_pages("GFP_HIGHUSER_MOVABLE", 4)
local split = buddyinfo("DMA32")
show("after order-4 alloc", split)
for o = 4, j - 1 do
  check(split[o + 1] == before[o + 1] + 1, "order %d should have gained a block", o)
end
check(split[j + 1] == before[j + 1] - 1, "one order-%d block should have been split", j)

local b = m:alloc_pages("GFP_HIGHUSER_MOVABLE", 4)
print(("first block at pfn %#x, second at %#x: buddies (a ^ 16 == b): %s"):format(
      a, b, tostring(a ~ 16 == b)))
check(a ~ 16 == b, "the second block is not the first one's buddy")

m:free_pages(a, 4)
show("after freeing one", buddyinfo("DMA32"))
m:free_pages(b, 4)
local after = buddyinfo("DMA32")
show("after freeing both", after)
for o = 0, 10 do
  check(after[o + 1] == before[o + 1], "order %d: %d blocks, boot had %d", o,
        after[o + 1], before[o + 1])
end
print(("the buddies merged back into one order-%d block"):format(j))
for _, pfn in ipairs(aside) do m:free_pages(pfn, 4) end
