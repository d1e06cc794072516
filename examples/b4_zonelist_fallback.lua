-- B4: which zone an allocation comes from (docs/notes.md#b4).
--
-- The note says zones are tried DMA -> Normal -> HighMem, and that
-- anonymous mmap memory "prefers Normal, then HighMem". Linux does the
-- opposite: build_zonelists() lists a node's zones from the highest down,
-- and an allocation starts at the highest zone its GFP mask allows
-- (gfp_zone()) and falls back downwards, so the scarce low zones are kept
-- for the requests that need them. User pages (GFP_HIGHUSER_MOVABLE) go
-- HighMem -> Normal -> DMA; kernel memory (GFP_KERNEL) cannot be HighMem,
-- so it goes Normal -> DMA; GFP_DMA gets DMA only.
-- See docs/notes-vs-linux.md, "B4".

local m = mm.boot{arch = "x86_32", mem = "2G"}

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end

local function same(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do if a[i] ~= b[i] then return false end end
  return true
end

for _, c in ipairs{
  { "GFP_HIGHUSER_MOVABLE", { "HighMem", "Normal", "DMA" } },
  { "GFP_KERNEL",           { "Normal", "DMA" } },
  { "GFP_DMA",              { "DMA" } },
} do
  local zl = m:zonelist(0, c[1])
  print(("%-22s tries %s"):format(c[1], table.concat(zl, " -> ")))
  check(same(zl, c[2]), "%s: zonelist %s", c[1], table.concat(zl, " "))
  local pfn = m:alloc_pages(c[1], 0)
  check(m:page(pfn).zone == c[2][1], "%s came from %s", c[1], m:page(pfn).zone)
  m:free_pages(pfn, 0)
end

-- Fill memory with user pages, 4 MiB at a time, and watch the zone change
-- once HighMem is down to its watermark: HighMem first, then Normal, then
-- DMA (as far as DMA's lowmem_reserve lets HighMem-capable requests in).
local order, held, seen, last = 10, {}, {}, nil
while true do
  local pfn = m:alloc_pages("GFP_HIGHUSER_MOVABLE|__GFP_NOWARN", order)
  if not pfn then
    if order == 0 then break end
    order = order - 1
  else
    held[#held + 1] = { pfn, order }
    local z = m:page(pfn).zone
    if z ~= last then
      seen[#seen + 1] = z
      print(("allocation %6d (order %2d): now from %s"):format(#held, order, z))
      last = z
    end
  end
end
check(seen[1] == "HighMem" and seen[2] == "Normal",
      "fallback order was %s", table.concat(seen, " -> "))
-- Once every zone is at its low watermark, the slow path (min watermark)
-- starts over at the top, so a zone may reappear; it never goes upwards
-- within one pass.
print(("%d allocations, zone sequence: %s"):format(#held,
      table.concat(seen, " -> ")))
for _, h in ipairs(held) do m:free_pages(h[1], h[2]) end
m:drain_pages()
