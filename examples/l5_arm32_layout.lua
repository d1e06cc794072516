-- L5: the 32-bit ARM kernel layout (docs/notes.md#l5; Documentation/arch/arm/memory.rst):
-- vectors page at 0xffff0000, vmalloc (vmalloc= sets its size) below
-- 0xff800000, lowmem from PAGE_OFFSET, modules at PAGE_OFFSET-16M..-2M,
-- pkmap at PAGE_OFFSET-2M; VMSPLIT_3G and VMSPLIT_2G.
-- The notes' DMA mapping region 0xffc00000-0xffefffff is from 2.6-era
-- kernels (CONSISTENT_DMA); since 3.x DMA buffers come from CMA/vmalloc and
-- that range is the fixmap (0xffc80000-0xfff00000) plus a guard region.

local MiB = 1 << 20
local function check(cond, msg) if not cond then error(msg, 2) end end

for _, split in ipairs{ "3G", "2G" } do
  local m = mm.boot{arch = "arm32", mem = "1G", vmsplit = split}
  local L = {}
  print(("arm32 VMSPLIT_%s, 1 GiB of RAM:"):format(split))
  for _, r in ipairs(m:layout()) do
    L[r.name] = r
    local size = r["end"] - r.start
    print(("  %-8s 0x%08x - 0x%08x  %s"):format(r.name, r.start, r["end"], size % MiB ~= 0 and
          ("%6d KiB"):format(size >> 10) or ("%6d MiB"):format(size >> 20)))
  end
  local po = L.lowmem.start
  check(po == (split == "3G" and 0xc0000000 or 0x80000000), "PAGE_OFFSET")
  check(L.vectors.start == 0xffff0000, "vectors page at 0xffff0000")
  check(L.modules.start == po - 16 * MiB and L.modules["end"] == po - 2 * MiB, "modules at PAGE_OFFSET-16M..-2M")
  check(L.pkmap.start == po - 2 * MiB and L.pkmap["end"] == po, "pkmap at PAGE_OFFSET-2M")
  check(L.vmalloc["end"] == 0xff800000, "VMALLOC_END")
  check(L.fixmap.start == 0xffc80000 and L.fixmap["end"] == 0xfff00000, "mainline fixmap")
end

-- vmalloc= resizes vmalloc and therefore lowmem.
local m = mm.boot{arch = "arm32", mem = "1G", vmalloc = "400M"}
for _, r in ipairs(m:layout()) do
  if r.name == "vmalloc" then
    print(("vmalloc=400M: vmalloc 0x%08x - 0x%08x (%d MiB)"):format(r.start, r["end"], (r["end"] - r.start) >> 20))
    check(r["end"] - r.start == 400 * MiB, "vmalloc= gives exactly that size")
  end
end
