-- Z8: a VMA is virtual; zones are physical. A process's mmap is one
-- contiguous range of user addresses in one VMA; the frames behind it
-- come from zones, page by page, when each page is first written, with
-- GFP_HIGHUSER_MOVABLE: on a 2 GiB x86_32 machine that is HighMem first,
-- frames the kernel has no permanent mapping for. On x86-64 there is no
-- HighMem and the same pages come from Normal (then DMA32).
local P = 4096
for _, cfg in ipairs{{arch = "x86_32", mem = "2G", want = "HighMem"},
                     {arch = "x86_64", mem = "2G", want = "DMA32"}} do
  local m = mm.boot{arch = cfg.arch, mem = cfg.mem}
  local t = m:spawn("a.out", {norandmaps = true})
  local n = 8
  local a = assert(t:mmap{len = n * P})
  local vmas_before = #t:vmas()
  local zones, pfns = {}, {}
  for i = 0, n - 1 do
    assert(t:write(a + i * P, "z"))
    local pfn = t:pte(a + i * P).pfn
    local z = m:page(pfn).zone
    zones[z] = (zones[z] or 0) + 1
    pfns[#pfns + 1] = ("%#x"):format(pfn)
  end
  assert(#t:vmas() == vmas_before, "faults add frames, not VMAs")
  local names = {}
  for z, c in pairs(zones) do names[#names + 1] = z .. "=" .. c end
  table.sort(names)
  print(("%-7s %s: VMA %#x-%#x (one range, virtual); frames %s from %s"):format(
        cfg.arch, cfg.mem, a, a + n * P, table.concat(pfns, " "), table.concat(names, " ")))
  assert(zones[cfg.want] == n, cfg.arch .. ": expected every page from " .. cfg.want)
  assert(m:check())
end
