-- Z5: 64-bit kernels have no HighMem; DMA and DMA32 remain (docs/notes.md#z5).
-- x86_64 zone_sizes_init(): DMA < 16 MiB, DMA32 < 4 GiB, Normal the rest.
-- All RAM is in the direct map, so every page has a __va.

local GiB = 1 << 30
local function check(cond, msg) if not cond then error(msg, 2) end end

for _, mem in ipairs{ "1G", "64G" } do
  local m = mm.boot{arch = "x86_64", mem = mem}
  local z = {}
  for _, zone in ipairs(m:stats().zones) do z[zone.name] = zone end
  print(("x86_64 with %s:"):format(mem))
  for _, name in ipairs{ "DMA", "DMA32", "Normal", "HighMem" } do
    local r = z[name]
    print(("  %-8s %s"):format(name, r and ("[%#013x, %#013x)"):format(
      r.start_pfn << 12, (r.start_pfn + r.spanned) << 12) or "empty"))
  end
  check(z.HighMem == nil, "a 64-bit kernel has no HighMem")
  check(z.DMA and (z.DMA.start_pfn + z.DMA.spanned) << 12 == 16 << 20, "DMA ends at 16 MiB")
  if mem == "1G" then
    check(z.Normal == nil, "1 GiB fits below 4 GiB: Normal is empty")
  else
    check((z.DMA32.start_pfn + z.DMA32.spanned) << 12 == 4 * GiB, "DMA32 ends at 4 GiB")
    check(z.Normal.start_pfn << 12 == 4 * GiB, "Normal starts at 4 GiB")
    -- RAM displaced by the PCI hole: 64G of RAM ends at 65G.
    check((z.Normal.start_pfn + z.Normal.spanned) << 12 == 65 * GiB, "Normal ends at 65 GiB")
    -- The last page of RAM is still in the linear map.
    local last = 65 * GiB - 4096
    print(("  __va(%#x) = %#x: no HighMem, the direct map covers it"):format(last, m:va(last)))
    check(m:pa(m:va(last)) == last, "__pa(__va(x)) == x")
  end
end
