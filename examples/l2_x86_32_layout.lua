-- L2: inside the x86_32 kernel GiB (docs/notes.md#l2): direct map -> 8 MiB gap ->
-- vmalloc -> gap -> pkmap -> fixmap -> reserved top page, with
--   FIXADDR_TOP = 0xfffff000, FIXADDR_START = FIXADDR_TOP - __FIXADDR_SIZE,
--   PKMAP_BASE = (... - PAGE_SIZE * (LAST_PKMAP + 1)) & PMD_MASK,
--   VMALLOC_START = high_memory + VMALLOC_OFFSET (8 MiB),
--   VMALLOC_END = PKMAP_BASE - 2 * PAGE_SIZE.
-- Since Linux 4.15 the PTI LDT remap and the cpu_entry_area sit between
-- pkmap and fixmap, so the notes' sample boundaries (0xF7C00000,
-- 0xFFBFE000, 0xFFC00000) differ from what the formulas give today.

local MiB = 1 << 20
local function check(cond, msg) if not cond then error(msg, 2) end end

local m = mm.boot{arch = "x86_32", mem = "2G"}
-- The boot log has the block Linux's mem_init() printed.
check(m:dmesg():find("Virtual kernel memory layout:", 1, true), "layout missing from dmesg")
local L = {}
for _, r in ipairs(m:layout()) do
  L[r.name] = r
  print(("  %-15s 0x%08x - 0x%08x  %9.2f MiB"):format(r.name, r.start, r["end"], (r["end"] - r.start) / MiB))
end

local notes = {
  { "end of the direct map",  0xF7C00000, L.lowmem["end"] },
  { "end of vmalloc",         0xFFBFE000, L.vmalloc["end"] },
  { "start of fixmap region", 0xFFC00000, L.fixmap.start },
}
print("\nnotes' sample boundary vs the formulas:")
for _, n in ipairs(notes) do
  print(("  %-24s notes 0x%08x   mmsim 0x%08x"):format(n[1], n[2], n[3]))
end

-- The order and the formulas hold.
check(L.fixmap["end"] == 0xfffff000, "FIXADDR_TOP = 0xfffff000")
check(L.vmalloc.start == L.lowmem["end"] + 8 * MiB, "VMALLOC_START = high_memory + 8M")
check(L.vmalloc["end"] == L.pkmap.start - 2 * 4096, "VMALLOC_END = PKMAP_BASE - 2 pages")
check(L.pkmap["end"] - L.pkmap.start == 1024 * 4096, "LAST_PKMAP 1024 without PAE")
check(L.pkmap.start % (4 * MiB) == 0, "PKMAP_BASE is PMD (4 MiB) aligned")
check(L.lowmem["end"] < L.vmalloc.start and L.vmalloc["end"] < L.pkmap.start and
      L.pkmap["end"] <= L.ldt.start and L.ldt["end"] <= L.cpu_entry_area.start and
      L.cpu_entry_area["end"] <= L.fixmap.start, "regions out of order")
-- K5: the top page is never handed out, so nothing wraps past 0xffffffff.
print(("\nreserved top: 0x%08x - 0xffffffff is no region"):format(L.fixmap["end"]))
