-- P2b: why the kernel splits large pages of its direct map.
--
-- At boot the kernel maps all RAM at PAGE_OFFSET with the largest pages the
-- CPU has (1 GiB and 2 MiB on x86-64): few entries, few TLB misses. But a
-- page-table entry carries ONE set of protections for the whole page. When
-- the kernel wants a single 4 KiB page read-only (set_memory_ro, e.g. for
-- its own rodata or a BPF program) or non-executable, it must first replace
-- the large page by a page table of smaller entries that map the same
-- frames with the same rights (split_large_page), flush every TLB (a CPU
-- must never hold a large and a small translation of one address that
-- disagree), then change the one small entry.
--
-- /proc/meminfo's DirectMap4k/2M/1G lines count the direct map by page
-- size, so every split is visible there: a real host that has run for a
-- while shows some DirectMap4k even though boot used only large pages.

local m = mm.boot{arch = "x86_64", mem = "4G"}

local function directmap()
  local r = {}
  for size, kb in m:cat("/proc/meminfo"):gmatch("DirectMap(%w+):%s+(%d+) kB") do
    r[size] = tonumber(kb)
  end
  return r
end

local function show(title)
  local d = directmap()
  print(string.format("%-34s DirectMap4k %8d kB  2M %8d kB  1G %8d kB",
                      title, d["4k"], d["2M"], d["1G"]))
  return d
end

-- The size of the page mapping va: the last level m:walk() lists.
local function leaf(va)
  local w = m:walk(va)
  return w[#w].level, string.format("-> %#x", w.paddr)
end

local PAGE_OFFSET = 0xffff888000000000
local before = show("after boot:")

-- 1) A page inside a 2 MiB page (physical 40 MiB + 12 KiB).
local va = PAGE_OFFSET + 40 * 1024 * 1024 + 0x3000
print("before:", leaf(va))
-- A write through the direct map works and fills the TLB with a 2M entry.
assert(m:translate(va, {write = true}))
m:set_memory(va, 1, "ro")
print("after set_memory_ro:", leaf(va))
local d = show("after set_memory_ro (one page):")
assert(d["2M"] == before["2M"] - 2048 and d["4k"] == before["4k"] + 2048,
       "one 2M page became 512 4K pages")
-- The TLB was flushed: the stale writable 2M entry is gone, the write faults.
local pa, fault = m:translate(va, {write = true})
assert(not pa and fault.kind == "#PF", "write to a read-only page must fault")
print(string.format("write to %#x: %s, error code %#x", va, fault.kind,
                    fault.error_code))
-- Its neighbours kept their frames and rights.
assert(m:translate(va + 0x1000, {write = true}) == 40 * 1024 * 1024 + 0x4000)
m:set_memory(va, 1, "rw")

-- 2) A 1 GiB page (physical 2 GiB..3 GiB) first becomes 512 2 MiB pages,
-- then the one 2 MiB page touched becomes 512 4 KiB pages.
local gva = PAGE_OFFSET + (2 << 30) + 0x5000
print("before:", leaf(gva))
-- The direct map is already non-executable (PAGE_KERNEL has NX): asking
-- for NX changes nothing, so nothing is split.
m:set_memory(gva, 1, "nx")
assert(leaf(gva) == "PDPTE", "no change, no split")
m:set_memory(gva, 1, "ro")
print("after set_memory_ro:", leaf(gva))
d = show("after set_memory_ro in a 1G page:")
assert(d["1G"] == before["1G"] - 1024 * 1024)
assert(d["2M"] == before["2M"] - 2048 + 1024 * 1024 - 2048)
local _, f2 = m:translate(gva, {write = true})
assert(f2, "writing a read-only page must fault")
assert(m:translate(gva) == (2 << 30) + 0x5000, "reads still work")
-- set_memory_x on it: the one 4 KiB entry loses NX.
m:set_memory(gva, 1, "x")
assert(m:translate(gva, {exec = true}), "now executable")

-- 3) set_memory_4k only splits, changing no protection. The raw
-- m:map_page may not write the direct map at all: the kernel owns it.
local ok, err = pcall(m.map_page, m, PAGE_OFFSET + 0x7000000, 0x7000000)
assert(not ok and err:find("inside the direct map", 1, true), err)
m:set_memory(PAGE_OFFSET + 0x7000000, 1, "4k")
assert(leaf(PAGE_OFFSET + 0x7000000) == "PTE")
show("after set_memory_4k in a 2M page:")

-- The page tables still pass every check (PageTable pages, no loops, ...).
assert(m:check())
