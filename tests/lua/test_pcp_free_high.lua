-- The pcp free path's high-order heuristic and the decay of pcp->high, as
-- in Linux 6.16+ mm/page_alloc.c: a CPU that frees high-order (1..3)
-- blocks in a row, once free_count reaches batch + high_min / 2 and its
-- lists hold a batch (PCPF_FREE_HIGH_BATCH), drains its lists and drops
-- high to high_min (free_high); vmstat_update()'s decay_pcp_high() lowers
-- high by an eighth a second towards high_min and frees what is above it.

local H = dofile("tests/lua/lib/harness.lua")
local test = H.test

-- CPU 0's pcp fields of a zone, from /proc/zoneinfo.
local function pcp(m, zone)
  local zi = m:cat("/proc/zoneinfo")
  local z = zi:match("zone%s+" .. zone .. "%s(.-)\nNode") or
            zi:match("zone%s+" .. zone .. "%s(.*)$")
  local c = z:match("cpu: 0(.-)high_max:%s+%d+")
  assert(c, "no cpu 0 pageset in " .. zone)
  local t = {}
  for k in ("count high batch high_min"):gmatch("%S+") do
    t[k] = tonumber(c:match(k .. ":%s+(%d+)"))
  end
  return t
end

local function alloc_free(m, n, order)
  local held = {}
  for i = 1, n do held[i] = assert(m:alloc_pages("GFP_KERNEL", order)) end
  for i = 1, n do m:free_pages(held[i], order) end
end

test("x86_64 4G, 8 CPUs: 100 order-2 frees drain the lists (free_high)",
     function()
  local m = mm.boot{arch = "x86_64", mem = "4G", cpus = 8}
  local before = pcp(m, "Normal")
  -- The heuristic needs batch + high_min / 2 pages freed in a row.
  assert(before.batch + before.high_min // 2 < 400, "threshold too high")
  alloc_free(m, 100, 2)
  local p = pcp(m, "Normal")
  -- Without it, 400 pages (plus the refill's leftovers) stay on the lists.
  assert(p.count < p.batch + 4, "count " .. p.count .. " after free_high")
  assert(p.high == p.high_min, ("high %d, high_min %d"):format(p.high,
         p.high_min))
end)

test("x86_64 4G, 8 CPUs: order-0 frees do not trigger free_high",
     function()
  local m = mm.boot{arch = "x86_64", mem = "4G", cpus = 8}
  alloc_free(m, 400, 0)
  local p = pcp(m, "Normal")
  assert(p.count >= 400 - p.batch, "count " .. p.count)
end)

test("x86_64 4G, 2 CPUs: 100 order-2 frees stay below the threshold",
     function()
  local m = mm.boot{arch = "x86_64", mem = "4G", cpus = 2}
  local before = pcp(m, "Normal")
  assert(before.batch + before.high_min // 2 > 400)
  alloc_free(m, 100, 2)
  local p = pcp(m, "Normal")
  assert(p.count >= 400, "count " .. p.count)
end)

test("m:vmstat_update(): high decays to high_min, the excess is freed",
     function()
  local m = mm.boot{arch = "x86_64", mem = "256M", cpus = 2}
  alloc_free(m, 500, 2)
  local p = pcp(m, "DMA32")
  assert(p.high > p.high_min and p.count > p.high_min,
         ("high %d count %d high_min %d"):format(p.high, p.count, p.high_min))
  local free0, count0 = m:stats().nr_free_pages, p.count
  local high = p.high
  -- One step: high - high/8 (the count is within a batch scale of it).
  assert(m:vmstat_update(0) > 0)
  p = pcp(m, "DMA32")
  assert(p.high == math.max(high - (high >> 3), p.high_min),
         ("high %d after one step from %d"):format(p.high, high))
  local steps = 1
  while m:vmstat_update() > 0 do
    steps = steps + 1
    assert(steps < 100, "decay does not settle")
  end
  p = pcp(m, "DMA32")
  assert(p.high == p.high_min, "high " .. p.high)
  assert(p.count <= p.high_min, "count " .. p.count)
  -- NR_FREE_PAGES counts the buddy lists: the drained pages join them.
  assert(m:stats().nr_free_pages == free0 + count0 - p.count,
         "nr_free_pages does not follow the drain")
  assert(m:check())
end)

test("m:vmstat_update(cpu) refuses a CPU the machine lacks", function()
  local m = mm.boot{arch = "x86_64", mem = "256M", cpus = 2}
  H.expect_error("no cpu 2", function() m:vmstat_update(2) end)
  H.expect_error("no cpu -1", function() m:vmstat_update(-1) end)
end)

H.finish()
