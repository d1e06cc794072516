-- K3: a 32-bit kernel reaches a HighMem page only through a temporary
-- mapping: kmap() in the pkmap area, kmap_local_page() in a per-CPU
-- fixmap slot (docs/notes.md#k3).
--
-- On x86_32 with 2 GiB, RAM above max_low_pfn (896 MiB minus the vmalloc
-- reserve) is HighMem and has no linear address. We kmap a HighMem page,
-- write through the pkmap address, read the bytes back through physical
-- memory, then do the same with kmap_local_page(); we show where each
-- address lies in the layout and count the TLB flushes each costs:
-- kunmap() flushes nothing (the slot stays mapped at count 1 until the
-- allocator wraps and flush_all_zero_pkmaps() flushes the pkmap range
-- once), kunmap_local() flushes its one slot every time.

local m = mm.boot{arch = "x86_32", mem = "2G"}

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end

local function region(va)
  for _, r in ipairs(m:layout()) do
    if va >= r.start and va < r["end"] then return r.name end
  end
  return "(hole)"
end

local function tlb_flushes(events)
  local n = 0
  for _, e in ipairs(events) do
    if e.name == "tlb_flush" then n = n + 1 end
  end
  return n
end

local max_low_pfn = m:info().max_low_pfn
local pfn = assert(m:alloc_pages("GFP_HIGHUSER"))
print(("HighMem page: pfn %#x (max_low_pfn %#x), page_address = %s"):format(
      pfn, max_low_pfn, tostring(m:page_address(pfn))))
check(pfn >= max_low_pfn, "GFP_HIGHUSER gave a lowmem page")
check(m:page_address(pfn) == nil, "a HighMem page has no address before kmap")

-- kmap(): a pkmap slot.
m:trace_collect(true)
local va = m:kmap(pfn)
m:kwrite(va, "written through kmap")
print(("kmap       -> %#010x  in %-8s  translate -> %#x"):format(
      va, region(va), m:translate(va)))
check(region(va) == "pkmap", "kmap address outside the pkmap region")
check(m:translate(va) == pfn * 4096, "pkmap address maps another frame")
check(m:phys_read(pfn * 4096, 20) == "written through kmap", "bytes differ")
check(m:page_address(pfn) == va, "page_address() follows kmap")
m:kunmap(pfn)
local ev = m:trace_collect(true)
print(("kunmap: slot count %d, still mapped, %d TLB flushes"):format(
      m:pkmap().slots[1].count, tlb_flushes(ev)))
check(tlb_flushes(ev) == 0, "kunmap flushed the TLB")

-- kmap_local_page(): the CPU's next FIX_KMAP slot.
local f = m:fixmap()
local lva = m:kmap_local(pfn)
m:kwrite(lva + 32, "and through kmap_local")
print(("kmap_local -> %#010x  in %-8s  fixmap slot %d (FIX_KMAP_BEGIN %d)"):format(
      lva, region(lva), (f.top - lva) // 4096, f.kmap_begin))
check(region(lva) == "fixmap", "kmap_local address outside the fixmap")
check(lva == m:fix_to_virt("FIX_KMAP_BEGIN"), "first slot of CPU 0")
check(m:phys_read(pfn * 4096 + 32, 22) == "and through kmap_local", "bytes differ")
m:kunmap_local(lva)
ev = m:trace_collect(true)
print(("kunmap_local: %d TLB flush (one invlpg, on this CPU only: the slot is this CPU's)"):format(
      tlb_flushes(ev)))
check(tlb_flushes(ev) == 1, "kunmap_local flushes its slot locally")
check(m:translate(lva) == nil, "slot unmapped")

-- A lap of kmap/kunmap: one wrap, one pkmap flush for all of them.
local n = m:pkmap().last_pkmap
local before = m:pkmap()
for i = 1, n do
  m:kmap(pfn + i)
  m:kunmap(pfn + i)
end
ev = m:trace_collect(false)
local after = m:pkmap()
print(("%d kmap/kunmap pairs: %d wrap, %d pkmap flush, %d tlb_flush events"):format(
      n, after.wraps - before.wraps, after.tlb_flushes - before.tlb_flushes,
      tlb_flushes(ev)))
check(after.wraps - before.wraps == 1, "one wrap per lap")
check(after.tlb_flushes - before.tlb_flushes == 1, "one flush per wrap")
m:kmap_flush_unused()
m:free_pages(pfn)
check(m:check(), "invariants")
