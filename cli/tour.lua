-- The guided tour of the notes: `mmsim tour [--list] [STEP...]`.
-- Each step names the id of the note item it answers (Z1 ...; docs/notes.md
-- explains every id), says one sentence, shows live output from simulated
-- machines and points to the item's entry in docs/notes.md. Steps that
-- need a part of mmsim that is not built yet say so and go on.
--
-- This file is embedded into the mmsim binary (cli/tour_lua.h, regenerate
-- with `sh scripts/embed-lua cli/tour.lua > cli/tour_lua.h`).
-- Called with (interactive, args...); returns failed_steps[, usage_error].

local interactive = ...
local args = table.pack(select(2, ...))

local function human(bytes)
  local units = {"B", "KiB", "MiB", "GiB", "TiB"}
  local u = 1
  while bytes >= 1024 and u < #units do bytes = bytes / 1024; u = u + 1 end
  return (u == 1 and "%d %s" or "%.1f %s"):format(bytes, units[u])
end

local function say(fmt, ...) print("  " .. fmt:format(...)) end
local function not_built(what) say("(%s is not built yet)", what) end

local function cat(m, path)
  local ok, text = pcall(m.cat, m, path)
  return ok and text or nil
end

local function zones(m)
  for _, z in ipairs(m:stats().zones) do
    local s, e = z.start_pfn * 4096, (z.start_pfn + z.spanned) * 4096
    say("node %d  %-8s 0x%09x - 0x%09x  %10s  (%d pages present, %d managed)",
        z.node, z.name, s, e, human(e - s), z.present, z.managed)
  end
end

local function dmesg_lines(m, pattern)
  for line in m:dmesg():gmatch("[^\n]+") do
    if line:find(pattern) then say("%s", line) end
  end
end

-- The line of /proc/slabinfo for one cache, its columns up to objperslab.
local function slabline(m, name)
  local text = cat(m, "slabinfo") or ""
  local line = text:match("\n(" .. name:gsub("%-", "%%-") .. " [^\n]*)")
  return line and line:match("^(.-)%s+%d+%s+:") or "(no " .. name .. " line)"
end

-- TLB misses while reading one byte of each of n pages from base.
local function tlb_misses(m, base, n)
  local cpu = m:cpu(0)
  m:flush_tlb()
  local before = cpu:tlb().misses
  for i = 0, n - 1 do m:kread(base + i * 4096, 1) end
  return cpu:tlb().misses - before
end

local function layout(m)
  if not m.layout then return not_built("m:layout()") end
  local w = m:info().bits == 32 and 8 or 16
  for _, r in ipairs(m:layout()) do
    say("%-16s 0x%0" .. w .. "x - 0x%0" .. w .. "x  %s", r.name, r.start,
        r["end"], human(r["end"] - r.start))
  end
end

local steps = {
  { id = "Z1", title = "A machine boots: node -> zones -> page frames",
    text = "Physical memory is organised as nodes (pg_data_t), each split into zones of page frames; the boot log says how.",
    run = function()
      local m = mm.boot{arch = "x86_64", mem = "1G"}
      say("%s", tostring(m))
      dmesg_lines(m, "Zone ranges")
      dmesg_lines(m, "^%[[^%]]*%]%s+%a[%w]*%s+%[mem")
      dmesg_lines(m, "^%[[^%]]*%]%s+%a[%w]*%s+empty")
      dmesg_lines(m, "node%s+%d+: %[mem")
      zones(m)
    end },
  { id = "Z2", title = "32-bit x86 zones: DMA, Normal, HighMem",
    text = "On x86_32 (3G/1G split) DMA is 0-16 MiB, Normal runs to the end of lowmem (about 896 MiB) and the rest is HighMem.",
    run = function()
      local m = mm.boot{arch = "x86_32", mem = "2G"}
      zones(m)
      dmesg_lines(m, "HighMem")
      dmesg_lines(m, "LowMem")
    end },
  { id = "Z3", title = "Why 896 MiB",
    text = "The kernel's 1 GiB window (0xC0000000-0xFFFFFFFF) must also hold vmalloc, pkmap and fixmap; Linux reserves 128 MiB for them, so 1024 - 128 = 896 MiB of RAM can be direct-mapped.",
    run = function()
      local m = mm.boot{arch = "x86_32", mem = "2G"}
      local i = m:info()
      say("PAGE_OFFSET = 0xC0000000: user 0-3 GiB, kernel 3-4 GiB")
      say("kernel window 1024 MiB - VMALLOC_RESERVE 128 MiB = 896 MiB")
      say("this machine: max_low_pfn = %#x -> lowmem ends at %s (%.2f MiB)",
          i.max_low_pfn, ("%#x"):format(i.max_low_pfn * 4096),
          i.max_low_pfn * 4096 / 2^20)
      local below = 896 - i.max_low_pfn * 4096 / 2^20
      if below >= 0 and below < 64 then
        say("%.2f MiB under 896: pkmap, fixmap and guard pages come off the top too", below)
      end
      layout(m)
    end },
  { id = "Z4", title = "Why DMA is 16 MiB",
    text = "ISA DMA controllers put out 24-bit addresses: 2^24 bytes = 16 MiB, so GFP_DMA memory comes from the first 16 MiB.",
    run = function()
      local m = mm.boot{arch = "x86_64", mem = "1G"}
      for _, z in ipairs(m:stats().zones) do
        if z.name == "DMA" then
          say("zone DMA ends at %#x = 2^%d bytes", (z.start_pfn + z.spanned) * 4096,
              math.floor(math.log((z.start_pfn + z.spanned) * 4096, 2) + 0.5))
        end
      end
    end },
  { id = "Z5", title = "64-bit: no HighMem",
    text = "x86_64 maps all RAM into its huge kernel half, so there is no HighMem; DMA (<16 MiB) and DMA32 (<4 GiB) remain for limited devices.",
    run = function()
      zones(mm.boot{arch = "x86_64", mem = "8G"})
    end },
  { id = "Z6", title = "ARM: the DMA zone follows the device's limit",
    text = "On a 32-bit ARM SoC the DMA zone's size comes from the devices' DMA limit (--dma-limit); without one, DMA spans all of lowmem and Normal is empty, one of the four zone distributions the notes list.",
    run = function()
      for _, limit in ipairs({"32M", "none"}) do
        local ok, m = pcall(mm.boot, {arch = "arm32", mem = "1G", dma_limit = limit})
        say("--dma-limit %s:", limit)
        if ok then zones(m) else say("(cannot boot: %s)", m) end
      end
    end },
  { id = "Z7", title = "struct page: about 1.5 % of RAM",
    text = "Every 4 KiB frame has a struct page of metadata: 64 bytes on 64-bit kernels (64/4096 = 1.5625 %), 32 on 32-bit ones.",
    run = function()
      for _, a in ipairs({"x86_64", "x86_32"}) do
        local m = mm.boot{arch = a, mem = "1G"}
        local s = m:stats()
        say("%-7s %d frames x %d bytes = %s = %.3f %% of RAM", a, s.struct_pages,
            s.struct_page_size, human(s.memmap_bytes), 100 * s.memmap_bytes / (1 << 30))
      end
    end },
  { id = "L1", title = "The kernel's virtual layout (x86_32, 3G/1G)",
    text = "Every process sees user space below 3 GiB and the same kernel above it: direct map, vmalloc, pkmap, fixmap.",
    run = function()
      layout(mm.boot{arch = "x86_32", mem = "2G"})
    end },
  { id = "L4", title = "The kernel's virtual layout (x86_64)",
    text = "x86_64 has 48-bit canonical addresses; the kernel half holds the direct map at 0xffff888000000000, vmalloc, vmemmap and the kernel image.",
    run = function()
      layout(mm.boot{arch = "x86_64", mem = "1G"})
    end },
  { id = "L6", title = "The linear map: __pa and __va",
    text = "For lowmem, __pa(v) = v - PAGE_OFFSET and __va(p) = p + PAGE_OFFSET; vmalloc and HighMem addresses have no such formula.",
    run = function()
      local m = mm.boot{arch = "x86_32", mem = "2G"}
      if not m.pa then return not_built("m:pa()/m:va()") end
      local v = m:va(0x100000)
      say("__va(0x100000) = %#x, __pa(%#x) = %#x", v, v, m:pa(v))
      local ok, err = pcall(m.pa, m, 0xf8000000)
      say("__pa(0xf8000000): %s", ok and ("%#x"):format(err) or tostring(err))
    end },
  { id = "B3", title = "Free lists: /proc/buddyinfo",
    text = "Each zone's buddy allocator keeps free blocks of 2^order pages, order 0 to 10; buddyinfo counts them.",
    run = function()
      local m = mm.boot{arch = "x86_64", mem = "1G"}
      local b = cat(m, "buddyinfo")
      if not b then return not_built("/proc/buddyinfo") end
      for line in b:gmatch("[^\n]+") do say("%s", line) end
    end },
  { id = "B1", title = "alloc_pages: 2^order contiguous frames",
    text = "alloc_pages(gfp, order) splits a larger free block if needed and returns 2^order physically contiguous pages; freeing merges buddies back.",
    run = function()
      local m = mm.boot{arch = "x86_64", mem = "1G"}
      if not m.alloc_pages then return not_built("m:alloc_pages()") end
      local pfn = m:alloc_pages("GFP_KERNEL", 2)
      say("alloc_pages(GFP_KERNEL, 2) -> pfn %s", pfn and ("%#x"):format(pfn) or "nil")
      if pfn then m:free_pages(pfn, 2); say("free_pages(pfn, 2): merged back") end
    end },
  { id = "K1", title = "kmalloc: size classes from SLUB caches",
    text = "kmalloc(size) rounds up to the next size class and takes an object from that kmalloc-N cache's slabs, which live in the linear map, so __pa() is a subtraction.",
    run = function()
      local m = mm.boot{arch = "x86_32", mem = "2G"}
      if not m.kmalloc then return not_built("m:kmalloc()") end
      for _, size in ipairs{8, 100, 1000, 5000} do
        local v = m:kmalloc(size)
        say("kmalloc(%4d) -> %#x  ksize %4d  __pa %#x  (%s)", size, v, m:ksize(v),
            m:pa(v), m:page(m:pa(v) >> 12).zone)
        m:kfree(v)
      end
      say("%s", slabline(m, "kmalloc-128"))
      local held = {}
      for i = 1, 100 do held[i] = m:kmalloc(100) end
      say("%s   (after 100 x kmalloc(100))", slabline(m, "kmalloc-128"))
      for _, v in ipairs(held) do m:kfree(v) end
    end },
  { id = "K2", title = "vmalloc: virtually contiguous, physically scattered",
    text = "vmalloc takes one page at a time from the buddy allocator (HighMem first on x86_32) and maps them side by side with 4 KiB PTEs, so __pa() has no answer and the TLB misses more than over the large-page direct map.",
    run = function()
      local m = mm.boot{arch = "x86_32", mem = "2G"}
      if not m.vmalloc then return not_built("m:vmalloc()") end
      -- A machine that has run a while: every other HighMem page is taken.
      local held = {}
      for i = 1, 512 do held[i] = m:alloc_pages("GFP_HIGHUSER", 0) end
      for i = 1, 512, 2 do m:free_pages(held[i], 0) end
      local n = 256
      local v = m:vmalloc(n * 4096)
      local pfns = {}
      for i = 0, 3 do pfns[#pfns + 1] = ("%#x"):format(m:vmalloc_to_pfn(v + i * 4096)) end
      say("vmalloc(1 MiB) -> %#x; its first pages are pfn %s ... (%s)", v,
          table.concat(pfns, ", "), m:page(m:vmalloc_to_pfn(v)).zone)
      local ok, err = pcall(m.pa, m, v)
      say("%s", ok and ("__pa(%#x) = %#x (wrong!)"):format(v, err) or
          (tostring(err):gsub("^.-: cannot", "cannot")))
      local k = m:kmalloc(n * 4096)
      say("TLB misses reading %d pages: kmalloc %d, vmalloc %d", n,
          tlb_misses(m, k, n), tlb_misses(m, v, n))
      m:kfree(k)
      m:vfree(v)
      for i = 2, 512, 2 do m:free_pages(held[i], 0) end
    end },
  { id = "K3", title = "kmap: a HighMem page borrows a pkmap address",
    text = "A 32-bit kernel has no permanent address for a HighMem page: kmap() maps it into a slot of the pkmap area until kunmap().",
    run = function()
      local m = mm.boot{arch = "x86_32", mem = "2G"}
      if not m.kmap then return not_built("m:kmap()") end
      local pfn = m:alloc_pages("GFP_HIGHUSER")
      say("HighMem pfn %#x (max_low_pfn %#x): page_address = %s", pfn,
          m:info().max_low_pfn, tostring(m:page_address(pfn)))
      local va = m:kmap(pfn)
      local area = "?"
      for _, r in ipairs(m:layout()) do
        if va >= r.start and va < r["end"] then area = r.name end
      end
      say("kmap -> %#x in the %s area, translate -> %#x", va, area, m:translate(va))
      m:kunmap(pfn)
      m:free_pages(pfn)
    end },
  { id = "K4", title = "The fixmap: constant addresses at the very top",
    text = "The fixmap's slots are numbered down from FIXADDR_TOP, one page each, so their addresses are known at compile time and nothing wraps past 4 GiB.",
    run = function()
      local m = mm.boot{arch = "x86_32", mem = "2G"}
      if not m.fixmap then return not_built("m:fixmap()") end
      local f = m:fixmap()
      say("FIXADDR_TOP %#010x, %d slots", f.top, f.end_of_fixed_addresses)
      for _, r in ipairs(f.ranges) do
        say("  %-22s slot %3d..%-3d %#010x - %#010x", r.name, r.first, r.last,
            r.start, r["end"])
      end
    end },
  { id = "P1", title = "Page tables: a 4-level walk",
    text = "An x86_64 virtual address is split 9+9+9+9+12 bits: PML4, PDPT, PD, PT and the page offset.",
    run = function()
      local m = mm.boot{arch = "x86_64", mem = "1G"}
      if not m.translate then return not_built("m:translate()") end
      local v = 0xffff888000100000
      local pa, fault = m:translate(v)
      say("translate(%#x) -> %s", v, pa and ("%#x"):format(pa) or ("fault " .. tostring(fault and fault.vector)))
    end },
  { id = "U1", title = "A process: VMAs and /proc/PID/maps",
    text = "Each process has its own user address space, a set of VMAs (text, data, heap, stack, mappings); /proc/PID/maps lists them.",
    run = function()
      local m = mm.boot{arch = "x86_64", mem = "256M"}
      if not m.spawn then return not_built("m:spawn()") end
      local t = m:spawn("a.out", {norandmaps = true})
      t:mmap{len = 4 * 4096, prot = "rw-"}
      local maps = cat(m, "/proc/" .. t:pid() .. "/maps") or ""
      for line in maps:gmatch("[^\n]+") do say("%s", line) end
    end },
  { id = "U4", title = "Demand paging: a PTE before and after a write",
    text = "mmap only creates a VMA; the first write faults and the kernel maps a fresh zeroed frame (a minor fault).",
    run = function()
      local m = mm.boot{arch = "x86_32", mem = "256M"}
      if not m.spawn then return not_built("m:spawn()") end
      local t = m:spawn("a.out", {norandmaps = true})
      local a = t:mmap{len = 4096}
      local flt = t:faults().min_flt
      say("after mmap:   %#x present=%s", a, tostring(t:pte(a).present))
      t:write(a, "hello")
      local e = t:pte(a)
      say("after write:  present=%s user=%s write=%s dirty=%s pfn=%#x",
          tostring(e.present), tostring(e.user), tostring(e.write),
          tostring(e.dirty), e.pfn)
      say("minor faults: %d", t:faults().min_flt - flt)
    end },
  { id = "T3", title = "User mode cannot touch kernel addresses",
    text = "The kernel half is mapped in every process but without the User bit: a user access faults and the process gets SIGSEGV.",
    run = function()
      local m = mm.boot{arch = "x86_64", mem = "256M"}
      if not m.spawn then return not_built("m:spawn()") end
      local ka = 0xffff888000100000
      say("kernel translate(%#x) -> %#x", ka, m:translate(ka))
      local t = m:spawn("victim", {norandmaps = true})
      local ok, si = t:read(ka, 4)
      say("user read: %s", ok and "succeeded (wrong!)" or
          ("%s %s addr %#x; process alive: %s"):format(si.name, si.code, si.addr,
          tostring(t:alive())))
    end },
  { id = "X1", title = "The XArray: a radix tree of 64-slot nodes",
    text = "The XArray (page cache, ids) stores pointers by index in nodes of 64 slots, 6 index bits per level; 200 dense entries need a root and 4 leaves.",
    run = function()
      if not mm.xarray then return not_built("mm.xarray()") end
      local xa <close> = mm.xarray()
      for i = 0, 199 do xa:store(i, i) end
      for _, n in ipairs(xa:nodes()) do
        say("%sshift %d  indices %#x-%#x  %2d/64 slots used", ("  "):rep(n.depth),
            n.shift, n.first, n.last, n.count)
      end
    end },
  { id = "O1", title = "/proc/meminfo",
    text = "The kernel reports its memory in /proc/meminfo, in a format tools like free(1) parse.",
    run = function()
      local m = mm.boot{arch = "x86_64", mem = "1G"}
      local text = cat(m, "meminfo")
      if not text then return not_built("/proc/meminfo") end
      local n = 0
      for line in text:gmatch("[^\n]+") do
        say("%s", line); n = n + 1
        if n == 6 then break end
      end
    end },
}

-- Arguments: --list, or step ids to run (default: all).
local wanted, list = {}, false
for i = 1, args.n do
  local a = args[i]
  if a == "--list" then
    list = true
  else
    local found = false
    for _, s in ipairs(steps) do
      if s.id:lower() == a:lower() then found = true end
    end
    if not found then
      local ids = {}
      for _, s in ipairs(steps) do ids[#ids + 1] = s.id end
      return 0, ("tour: unknown step '%s' (steps: %s)"):format(a, table.concat(ids, " "))
    end
    wanted[a:upper()] = true
  end
end
if list then
  for _, s in ipairs(steps) do print(("%-3s %s"):format(s.id, s.title)) end
  return 0
end

local failed, shown = 0, 0
for _, s in ipairs(steps) do
  if next(wanted) == nil or wanted[s.id] then
    if interactive and shown > 0 then
      io.write("\n[Enter: next step, q: quit] ")
      io.flush()
      local answer = io.read("l")
      if answer == nil or answer:match("^%s*q") then break end
    end
    shown = shown + 1
    print()
    print(("[%s] %s"):format(s.id, s.title))
    print("  " .. s.text)
    print("  (the notes and Linux: docs/notes.md#" .. s.id:lower() .. ")")
    print()
    local ok, err = pcall(s.run)
    if not ok then
      failed = failed + 1
      say("step failed: %s", tostring(err))
    end
    collectgarbage()
  end
end
return failed
