-- Z2: 32-bit x86 zones (docs/notes.md#z2).
-- The notes: ZONE_DMA 0-16 MiB, ZONE_NORMAL 16-896 MiB, ZONE_HIGHMEM above
-- 896 MiB, fixed at boot. Boot x86_32 machines with 2 GiB and 4 GiB and
-- compare with what Linux's zone_sizes_init() computes.

local MiB = 1 << 20

local function zones(m)           -- zone name -> {start, end} in bytes
  local t = {}
  for _, z in ipairs(m:stats().zones) do
    if z.node == 0 then
      t[z.name] = { z.start_pfn << 12, (z.start_pfn + z.spanned) << 12 }
    end
  end
  return t
end

local function check(cond, msg) if not cond then error(msg, 2) end end

local function show(mem)
  local m = mm.boot{arch = "x86_32", mem = mem}
  local z = zones(m)
  print(("x86_32 with %s of RAM:"):format(mem))
  print(("  %-8s %-22s %s"):format("zone", "notes", "simulation"))
  local notes = { DMA = "0 - 16 MiB", Normal = "16 - 896 MiB", HighMem = "896 MiB - end" }
  for _, name in ipairs{ "DMA", "Normal", "HighMem" } do
    local r = z[name]
    print(("  %-8s %-22s %s"):format(name, notes[name], r and
      ("0x%08x - 0x%08x (%.2f - %.2f MiB)"):format(r[1], r[2], r[1] / MiB, r[2] / MiB) or "empty"))
  end
  return m, z
end

local m, z = show("2G")
-- DMA ends at 16 MiB exactly (the first page is reserved by the BIOS).
check(z.DMA[1] == 0x1000 and z.DMA[2] == 16 * MiB, "DMA zone is not [4K, 16M)")
check(z.Normal[1] == 16 * MiB, "Normal does not start at 16M")
-- Normal ends where lowmem ends: high_memory - PAGE_OFFSET.
local lowmem
for _, r in ipairs(m:layout()) do if r.name == "lowmem" then lowmem = r end end
check(z.Normal[2] == lowmem["end"] - lowmem.start, "Normal does not end at high_memory")
check(z.HighMem[1] == z.Normal[2] and z.HighMem[2] == 2048 * MiB, "HighMem is wrong")
print(("  Normal ends at %.2f MiB, not 896: Linux's MAXMEM also subtracts the pkmap,"):format(z.Normal[2] / MiB))
print("  LDT, cpu_entry_area and fixmap at the top of the kernel window (see z3_why_896m.lua)")

-- "Fixed at boot": the boundaries do not depend on how much RAM there is.
local _, z4 = show("4G")
check(z4.Normal[2] == z.Normal[2], "the Normal/HighMem boundary moved with RAM size")
check(z4.HighMem[2] == 3072 * MiB, "4G machine: RAM above 4G should be ignored without PAE")
print("  4G of RAM: the GiB the PCI hole pushes above 4G is ignored without PAE (see dmesg)")
