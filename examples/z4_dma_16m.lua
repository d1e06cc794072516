-- Z4: why ZONE_DMA is 16 MiB (docs/notes.md#z4), and B5.
-- ISA DMA controllers drive 24 address lines: 2^24 = 16 MiB. Linux keeps
-- ZONE_DMA = [0, 16 MiB) on x86 (MAX_DMA_PFN) so GFP_DMA still works for
-- such devices, on 32- and 64-bit kernels alike.
-- B5: the notes say the first 4 MiB of the DMA zone are allocatable unless
-- the BIOS reserved them. Linux (>= 5.13) reserves the whole first MiB in
-- memblock, and page 0 is not even RAM to it (trim_bios_range).

local MiB = 1 << 20
local function check(cond, msg) if not cond then error(msg, 2) end end

for _, arch in ipairs{ "x86_32", "x86_64" } do
  local m = mm.boot{arch = arch, mem = "1G"}
  local dma
  for _, z in ipairs(m:stats().zones) do if z.name == "DMA" then dma = z end end
  local dma_end = (dma.start_pfn + dma.spanned) << 12
  print(("%s: DMA zone [%#x, %#x) = 2^%d bytes"):format(arch, dma.start_pfn << 12,
        dma_end, math.floor(math.log(dma_end, 2) + 0.5)))
  check(dma_end == 1 << 24, "DMA zone must end at 2^24 (ISA's 24-bit addresses)")
  check(dma.start_pfn == 1, "page 0 must not be in the DMA zone's RAM")
  -- present: RAM pages (0x1000-0x9efff, 1M-16M); the 640K-1M hole is missing.
  print(("  spanned %d pages, present %d (640K-1M is ROM/VGA, not RAM), managed %d"):format(
        dma.spanned, dma.present, dma.managed))
  check(dma.present == 0x9e + 0xf00, "present pages of DMA")
  -- The first MiB is reserved: only pages from 1 MiB up reach the buddy allocator.
  check(dma.managed <= dma.present - 0x9e, "the first 1 MiB must be reserved (B5)")
  print("  first 1 MiB reserved by memblock (Linux >= 5.13), not 4 MiB allocatable as the notes say (B5)")
end
