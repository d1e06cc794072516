-- Z6: on an ARM SoC the DMA zone's size is the devices' DMA limit (e.g. a
-- UART whose DMA reaches only 32 MiB), and the notes' four distributions
-- make Normal or HighMem degenerate to nothing (docs/notes.md#z6).
-- Linux (arch/arm/mm/init.c): ZONE_DMA ends at arm_dma_pfn_limit, which is
-- 0xffffffff >> PAGE_SHIFT when the board sets no limit, so without a
-- limit ZONE_DMA covers all of lowmem and Normal is empty. Lowmem is
-- 768 MiB at the 3G split (vmalloc_min: VMALLOC_END - 240M - 8M).
-- Linux quirk kept: arm_dma_pfn_limit is the pfn of the *last* DMA byte,
-- so a 32 MiB limit gives a DMA zone one page short of 32 MiB.

local MiB = 1 << 20
local function check(cond, msg) if not cond then error(msg, 2) end end

local function mib(z) return z and ("%6d pages"):format(z.spanned) or "   empty    " end

local cases = {
  { "1: DMA limit, big RAM",   "1G",   "32M", { DMA = true, Normal = true, HighMem = true } },
  { "2: no limit, big RAM",    "1G",   nil,   { DMA = true, HighMem = true } },
  { "3: DMA limit, small RAM", "512M", "32M", { DMA = true, Normal = true } },
  { "4: no limit, small RAM",  "512M", nil,   { DMA = true } },
}
print(("%-26s %-5s %-6s %-13s %-13s %-13s"):format("case", "RAM", "limit", "DMA", "Normal", "HighMem"))
for _, c in ipairs(cases) do
  local m = mm.boot{arch = "arm32", mem = c[2], dma_limit = c[3]}
  local z = {}
  for _, zone in ipairs(m:stats().zones) do z[zone.name] = zone end
  print(("%-26s %-5s %-6s %-13s %-13s %-13s"):format(c[1], c[2], c[3] or "none",
        mib(z.DMA), mib(z.Normal), mib(z.HighMem)))
  for _, name in ipairs{ "DMA", "Normal", "HighMem" } do
    check((z[name] ~= nil) == (c[4][name] == true),
          ("case %s: zone %s should be %s"):format(c[1], name, c[4][name] and "present" or "empty"))
  end
  if c[3] then
    check(z.DMA.spanned == (32 * MiB >> 12) - 1, "DMA zone: 32 MiB minus Linux's one page")
  end
end
print("(a 32 MiB limit is 8192 pages; Linux's zone ends at the pfn of the last DMA byte: 8191)")
