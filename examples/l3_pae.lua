-- L3: PAE (docs/notes.md#l3): 36-bit physical addresses, up to 64 GiB of RAM,
-- LAST_PKMAP 512 and 2 MiB PMDs. Without PAE only the first 4 GiB of
-- physical addresses exist for the kernel.

local GiB, MiB = 1 << 30, 1 << 20
local function check(cond, msg) if not cond then error(msg, 2) end end

local function summary(arch, mem)
  local m = mm.boot{arch = arch, mem = mem}
  local info, L = m:info(), {}
  for _, r in ipairs(m:layout()) do L[r.name] = r end
  print(("%-10s %4s RAM: max_pfn %#9x (%5.1f GiB)  lowmem %6.2f MiB  pkmap %d KiB at 0x%08x  ignored %d MiB"):format(
        arch, mem, info.max_pfn, (info.max_pfn << 12) / GiB,
        (L.lowmem["end"] - L.lowmem.start) / MiB, (L.pkmap["end"] - L.pkmap.start) >> 10,
        L.pkmap.start, info.ignored_ram >> 20))
  return m, info, L
end

local _, plain = summary("x86_32", "16G")
local m, pae, L = summary("x86_32_pae", "16G")
check(plain.max_pfn << 12 == 4 * GiB - GiB, "non-PAE: RAM stops at 4G (minus the PCI hole)")
check(plain.ignored_ram == 13 * GiB, "non-PAE: the 13 GiB placed at 4-17 GiB are ignored")
check(pae.max_pfn << 12 == 17 * GiB, "PAE: RAM up to 17 GiB (16 GiB + the 3G-4G hole)")
check(L.pkmap["end"] - L.pkmap.start == 512 * 4096, "PAE: LAST_PKMAP 512")
check(L.pkmap.start % (2 * MiB) == 0, "PAE: PMD_SIZE 2 MiB alignment")
-- A page above 4 GiB is HighMem: no __va, it needs kmap.
local ok, err = pcall(m.va, m, 5 * GiB)
check(not ok and err:match("HighMem"), "a page above 4G has no linear address")
print("__va(5 GiB): " .. err)

-- 64 GiB: the classic squeeze; 36 bits end at 64 GiB, the 1 GiB the PCI
-- hole pushes above it is lost, and mem_map (32 bytes a page) takes
-- 512 MiB of the ~886 MiB of lowmem.
local _, big = summary("x86_32_pae", "64G")
check(big.max_pfn == 1 << 24, "PAE: max_arch_pfn 1 << 24 (64 GiB)")
print(("mem_map for %d pages at 32 bytes = %d MiB of lowmem"):format(big.max_pfn, (big.max_pfn * 32) >> 20))
