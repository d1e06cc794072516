-- K2: vmalloc memory is contiguous only virtually (note 002). On a 32-bit
-- x86 machine with 2 GiB we vmalloc 4 MiB: its 1024 pages come one at a
-- time from the buddy allocator (HighMem first: GFP_KERNEL|__GFP_HIGHMEM)
-- and are mapped side by side by 4 KiB PTEs in the vmalloc area, each area
-- followed by an unmapped guard page. __pa() refuses such an address.
-- Then the table of note 002, measured: kmalloc vs vmalloc.

local m = mm.boot{arch = "x86_32", mem = "2G"}
local PAGE = 4096

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end

-- A machine that has run a while: every other HighMem page is in use.
local held = {}
for i = 1, 2048 do held[i] = assert(m:alloc_pages("GFP_HIGHUSER", 0)) end
for i = 1, 2048, 2 do m:free_pages(held[i], 0); held[i] = false end

local pt0 = m:vmalloc_stats().pt_pages
local v = assert(m:vmalloc(4 << 20))
local st = m:vmalloc_stats()
local area
for _, r in ipairs(m:layout()) do if r.name == "vmalloc" then area = r end end
print(("vmalloc(4 MiB) = 0x%08x, in the vmalloc area [0x%08x, 0x%08x)"):format(
  v, area.start, area["end"]))
check(v >= area.start and v + (4 << 20) <= area["end"], "outside the vmalloc area")
local zones, runs, prev = {}, 0, nil
for i = 0, 1023 do
  local pfn = m:vmalloc_to_pfn(v + i * PAGE)
  check(m:translate(v + i * PAGE) == pfn * PAGE, "MMU and vmalloc_to_page disagree")
  local z = m:page(pfn).zone
  zones[z] = (zones[z] or 0) + 1
  if pfn ~= (prev or -2) + 1 then runs = runs + 1 end
  prev = pfn
end
print(("  1024 pages in %d physically contiguous runs; zones:"):format(runs))
for z, n in pairs(zones) do print(("    %-8s %4d pages"):format(z, n)) end
check(runs > 1, "the pages should be scattered")
check((zones.HighMem or 0) > 0, "vmalloc should use HighMem on x86_32")
print(("  first pages: pfn 0x%x, 0x%x, 0x%x"):format(m:vmalloc_to_pfn(v),
  m:vmalloc_to_pfn(v + PAGE), m:vmalloc_to_pfn(v + 2 * PAGE)))
print(("  guard page 0x%08x mapped: %s"):format(v + (4 << 20),
  tostring(m:vmalloc_to_pfn(v + (4 << 20)) ~= nil)))
print(("  page-table pages added: %d"):format(st.pt_pages - pt0))
local ok, err = pcall(m.pa, m, v)
check(not ok, "__pa of a vmalloc address must fail")
print("  __pa(v): " .. tostring(err):gsub("^.-: cannot", "cannot"))
print()
print(m:cat("/proc/vmallocinfo"))
print((m:cat("/proc/meminfo"):match("VmallocTotal.-\n.-\n.-\n")))

-- Note 002's table: kmalloc vs vmalloc over a 4 MiB buffer.
local k = assert(m:kmalloc(4 << 20))
local function contiguous(base)
  local pa0 = m:translate(base)
  for i = 1, 1023 do
    if m:translate(base + i * PAGE) ~= pa0 + i * PAGE then return false end
  end
  return true
end
local function misses(base)
  local cpu = m:cpu(0)
  m:flush_tlb()
  local before = cpu:tlb().misses
  for i = 0, 1023 do m:kread(base + i * PAGE, 1) end
  return cpu:tlb().misses - before
end
local kpa_ok = pcall(m.pa, m, k)
local kmiss, vmiss = misses(k), misses(v)
local kwalk, vwalk = m:walk(k), m:walk(v)
print("                      kmalloc(4M)        vmalloc(4M)")
print(("physically contiguous %-18s %s"):format(tostring(contiguous(k)), tostring(contiguous(v))))
print(("__pa() works          %-18s %s"):format(tostring(kpa_ok), "false"))
print(("DMA without IOMMU     %-18s %s"):format("yes (one range)", "no (scattered)"))
print(("mapped by             %-18s %s"):format(
  (kwalk.page_size >> 10) .. " KiB pages", (vwalk.page_size >> 10) .. " KiB PTEs"))
print(("TLB misses, 1024 pages %-17d %d"):format(kmiss, vmiss))
check(contiguous(k) and not contiguous(v), "contiguity")
check(kmiss < vmiss, "the large-page direct map should miss less")

m:kfree(k)
m:vfree(v)
for i = 2, 2048, 2 do m:free_pages(held[i], 0) end
print(("after vfree: %d pages wait for the lazy purge (threshold %d)"):format(
  m:vmalloc_stats().lazy_pages, m:vmalloc_stats().lazy_max_pages))
m:vm_unmap_aliases()
check(m:check())
