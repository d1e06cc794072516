-- B5: "DMA zone: the first 4 MiB are allocatable unless the BIOS reserved
-- them" (docs/notes.md#b5).
--
-- In Linux the low megabyte is not given to the page allocator at all on
-- x86: the firmware map (e820) marks the first page and the legacy
-- 640K-1M hole (video memory, BIOS ROM) as not RAM or reserved, and the
-- kernel's memblock reserves the rest of the first megabyte for real-mode
-- trampolines and BIOS data (reserve_real_mode, the "reserve low memory"
-- of setup_arch). What memblock leaves free is handed to the buddy
-- allocator by memblock_free_all(); everything from 1 MiB up in the DMA
-- zone is allocatable, the pages below are not.

local m = mm.boot{arch = "x86_32", mem = "512M"}

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end

for _, pfn in ipairs{ 0x1, 0x9e, 0x100 } do
  local p = m:page(pfn)
  print(("pfn %#5x (%5d KiB): reserved=%-5s free block head=%s"):format(pfn,
        pfn * 4, tostring(p.reserved), tostring(p.buddy)))
end
check(m:page(0x1).reserved, "the low pages should be reserved")
check(m:page(0x100).buddy, "1 MiB should start a free block")

-- Drain the DMA zone with GFP_DMA (GFP_KERNEL|GFP_DMA, as drivers ask)
-- and record the lowest and highest pfn handed out.
local low, high, n, held = math.huge, 0, 0, {}
while true do
  local pfn = m:alloc_pages("GFP_KERNEL|GFP_DMA|__GFP_NOWARN", 0)
  if not pfn then break end
  n = n + 1
  held[n] = pfn
  if pfn < low then low = pfn end
  if pfn > high then high = pfn end
end
print(("GFP_DMA got %d pages, pfn %#x .. %#x (%.1f MiB .. %.1f MiB)"):format(
      n, low, high, low / 256, (high + 1) / 256))
check(low >= 0x100, "a page below 1 MiB was handed out: %#x", low)
check(high < 0x1000, "GFP_DMA page above 16 MiB: %#x", high)
-- The first 4 MiB above the reserved megabyte are among them.
local in_first_4m = 0
for _, pfn in ipairs(held) do if pfn < 0x400 then in_first_4m = in_first_4m + 1 end end
print(("%d of them lie in the first 4 MiB (pfn < 0x400)"):format(in_first_4m))
check(in_first_4m > 0, "no page of the first 4 MiB was allocatable")
-- The zone keeps its min watermark back even from GFP_DMA.
local zi = m:cat("/proc/zoneinfo")
local free = tonumber(zi:match("zone%s+DMA\n.-pages free%s+(%d+)"))
print(("DMA zone free pages left: %d (its min watermark and per-CPU lists)"):format(free))
for _, pfn in ipairs(held) do m:free_pages(pfn, 0) end
m:drain_pages()
