-- The default scenario (`make run`): boot the machine the command line
-- describes (x86_64 with 1 GiB unless told otherwise) and take a short,
-- guided look at its memory: firmware map, zones, kernel layout, free
-- lists, /proc/meminfo. Each part names the note item it answers
-- (docs/notes.md).
--
--   mmsim run examples/default.lua
--   mmsim --arch x86_32 --mem 2G run examples/default.lua

local m = mm.boot{}
local info = m:info()

local function section(title, seed)
  print()
  print(("== %s%s"):format(title, seed and ("  [" .. seed .. "]") or ""))
end

local function human(bytes)
  local units = {"B", "KiB", "MiB", "GiB", "TiB"}
  local u = 1
  while bytes >= 1024 and u < #units do bytes = bytes / 1024; u = u + 1 end
  return (u == 1 and "%d %s" or "%.1f %s"):format(bytes, units[u])
end

local function try_cat(path)
  local ok, text = pcall(m.cat, m, path)
  return ok and text or nil
end

print(("mmsim %s: %s, %s of RAM, %d CPUs, %d node(s); struct page is %d bytes")
      :format(mm.version, info.arch, human(info.mem), info.cpus, info.nodes,
              info.struct_page_size))

section("Boot log: what the firmware reported and how the kernel split it", "Z1/Z2/Z5")
for line in m:dmesg():gmatch("[^\n]+") do
  if line:find("BIOS%-e820") or line:find("OF: fdt") or line:find("Zone ranges")
     or line:find("^%[[^%]]+%]%s+%u[%w]*%s+%[mem") or line:find("%s+%u[%w]*%s+empty")
     or line:find("node%s+%d+: %[mem") or line:find("Memory: ")
     or line:find("HighMem") or line:find("lowmem") then
    print(line)
  end
end

section("Zones: node -> zones -> page frames", "Z1")
local stats = m:stats()
print(("%-6s %-8s %12s %10s %10s %10s  %s"):format("node", "zone", "start pfn",
      "spanned", "present", "managed", "range"))
for _, z in ipairs(stats.zones) do
  local s, e = z.start_pfn * 4096, (z.start_pfn + z.spanned) * 4096
  print(("%-6d %-8s %#12x %10d %10d %10d  %s - %s (%s)"):format(z.node, z.name,
        z.start_pfn, z.spanned, z.present, z.managed,
        ("%#x"):format(s), ("%#x"):format(e), human(e - s)))
end
print(("%d struct pages x %d bytes = %s of mem_map, %.2f %% of RAM")
      :format(stats.struct_pages, stats.struct_page_size, human(stats.memmap_bytes),
              100 * stats.memmap_bytes / info.mem))

section("Kernel virtual memory layout", info.bits == 32 and "L1/L2" or "L4")
if m.layout then
  local w = info.bits == 32 and 8 or 16
  for _, r in ipairs(m:layout()) do
    print(("  %-16s 0x%0" .. w .. "x - 0x%0" .. w .. "x  %s")
          :format(r.name, r.start, r["end"], human(r["end"] - r.start)))
  end
else
  print("  (m:layout() is not built yet)")
end

section("Buddy allocator free lists (/proc/buddyinfo)", "B3")
local buddy = try_cat("buddyinfo")
if buddy then
  local hdr = ("%-23s"):format("order:")
  for o = 0, 10 do hdr = hdr .. ("%6d "):format(o) end
  print(hdr)
  io.write(buddy)
else
  print("  (/proc/buddyinfo is not built yet)")
end

if m.alloc_pages then
  section("alloc_pages: 2^order contiguous frames from the buddy allocator", "B1/B2")
  local pfn = m:alloc_pages("GFP_KERNEL", 3)
  if pfn then
    print(("  alloc_pages(GFP_KERNEL, 3) -> pfn %#x (8 pages at %#x)"):format(pfn, pfn * 4096))
    if m.page then
      local p = m:page(pfn)
      print(("  m:page(%#x): zone %s, refcount %s"):format(pfn, tostring(p.zone), tostring(p.refcount)))
    end
    m:free_pages(pfn, 3)
    print("  free_pages(pfn, 3): the block merges back with its buddies")
  end
end

section("/proc/meminfo (first lines)", "O1")
local meminfo = try_cat("meminfo")
if meminfo then
  local n = 0
  for line in meminfo:gmatch("[^\n]+") do
    print("  " .. line)
    n = n + 1
    if n == 8 then break end
  end
else
  print("  (/proc/meminfo is not built yet)")
end

m:check()
print()
print("Invariant check passed. Try: mmsim tour, mmsim cat zoneinfo, mmsim layout, mmsim repl")
