-- B3: /proc/buddyinfo (docs/notes.md#b3). One line per zone; column n is the number
-- of free blocks of order n, i.e. of 2^n contiguous pages (4 KiB << n).
--
--   Node 0, zone      DMA      0      0 ...      1      1      3
--
-- Multiplying each column by its block size and adding them up gives the
-- zone's free memory, which /proc/zoneinfo ("pages free") and
-- /proc/meminfo (MemFree, all zones) report too. Allocations move blocks
-- to lower columns; the zone with many order-10 blocks has plenty of
-- contiguous memory left.

local m = mm.boot{arch = "x86_32", mem = "2G"}

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end

local function zones_free()
  local t, total = {}, 0
  for line in m:cat("/proc/buddyinfo"):gmatch("[^\n]+") do
    local zone, rest = line:match("zone%s+(%S+)%s+(.*)")
    local pages, order = 0, 0
    for n in rest:gmatch("%d+") do
      pages = pages + tonumber(n) * (1 << order)
      order = order + 1
    end
    check(order == 11, "buddyinfo has %d columns, expected 11 (orders 0-10)", order)
    t[zone] = pages
    total = total + pages
  end
  return t, total
end

local function zoneinfo_free(zone)
  local zi = m:cat("/proc/zoneinfo")
  local block = zi:match("zone%s+" .. zone .. "\n.-pages free%s+(%d+)")
  return tonumber(block)
end

io.write(m:cat("/proc/buddyinfo"))
local free, total = zones_free()
for zone, pages in pairs(free) do
  print(("%-8s %8d free pages = %6d KiB"):format(zone, pages, pages * 4))
  check(pages == zoneinfo_free(zone), "%s: buddyinfo says %d, zoneinfo %d",
        zone, pages, zoneinfo_free(zone))
end
local memfree = tonumber(m:cat("/proc/meminfo"):match("MemFree:%s+(%d+)"))
check(memfree == total * 4, "MemFree %d kB, buddyinfo adds up to %d kB", memfree, total * 4)
print(("all zones: %d kB, as MemFree says"):format(total * 4))

-- Take 100 order-3 blocks from HighMem (user pages prefer it) and watch the
-- HighMem line change.
m:set_cpu(0)
local got = {}
for i = 1, 100 do got[i] = m:alloc_pages("GFP_HIGHUSER_MOVABLE", 3) end
m:drain_pages()   -- the per-CPU lists hold a few more; give them back
print("after 100 order-3 allocations:")
io.write(m:cat("/proc/buddyinfo"))
local free2 = zones_free()
check(free.HighMem - free2.HighMem == 800, "HighMem lost %d pages, expected 800",
      free.HighMem - free2.HighMem)
for i = 1, 100 do m:free_pages(got[i], 3) end
m:drain_pages()
local free3 = zones_free()
check(free3.HighMem == free.HighMem, "HighMem did not get its pages back")
