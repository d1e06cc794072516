-- m:stats() carries every /proc/vmstat counter under the same name (zone
-- and node counters, NUMA events, VM events such as pgalloc_normal and
-- pgfree), and each zone's NUMA events.

local H = dofile("tests/lua/lib/harness.lua")
local test = H.test

local function vmstat(m)
  local t, order = {}, {}
  for name, v in m:cat("/proc/vmstat"):gmatch("(%S+) (%d+)\n") do
    t[name] = tonumber(v)
    order[#order + 1] = name
  end
  return t, order
end

local function same_as_vmstat(m)
  local v, names = vmstat(m)
  local s = m:stats()
  assert(#names > 100, "only " .. #names .. " vmstat lines")
  for _, name in ipairs(names) do
    assert(s[name] ~= nil, "m:stats() has no " .. name)
    assert(s[name] == v[name], ("%s: m:stats() %d, /proc/vmstat %d"):format(
      name, s[name], v[name]))
  end
  return s, v
end

for _, cfg in ipairs{
  {arch = "x86_64", mem = "8G", nodes = 2, cpus = 2},
  {arch = "x86_32", mem = "1G"},
  {arch = "arm32", mem = "512M", dma_limit = "64M"},
} do
  test(cfg.arch .. ": every /proc/vmstat counter is in m:stats()", function()
    local m = mm.boot(cfg)
    local s0 = same_as_vmstat(m)
    local held = {}
    for i = 1, 50 do
      held[#held + 1] = {assert(m:alloc_pages("GFP_KERNEL", i % 4)), i % 4}
      held[#held + 1] = {assert(m:alloc_pages("GFP_DMA", 0)), 0}
      held[#held + 1] = {assert(m:alloc_pages("GFP_HIGHUSER_MOVABLE", 1)), 1}
    end
    local s1 = same_as_vmstat(m)
    assert(s1.pgalloc_normal > s0.pgalloc_normal or cfg.arch == "arm32",
           "pgalloc_normal did not move")
    assert(s1.pgalloc_dma > s0.pgalloc_dma, "pgalloc_dma did not move")
    assert(s1.numa_hit > s0.numa_hit and s1.numa_local > s0.numa_local)
    -- Each zone's pgalloc counts its pages: together they move as the
    -- global pgalloc_<zone> events do.
    local function zone_pgalloc(s)
      local n = 0
      for _, z in ipairs(s.zones) do n = n + z.pgalloc end
      return n
    end
    local function global_pgalloc(s)
      local n = 0
      for name, v in pairs(s) do
        if name:match("^pgalloc_") then n = n + v end
      end
      return n
    end
    assert(zone_pgalloc(s1) > zone_pgalloc(s0), "zone pgalloc did not move")
    assert(zone_pgalloc(s1) - zone_pgalloc(s0) ==
           global_pgalloc(s1) - global_pgalloc(s0),
           ("zone pgalloc moved by %d, pgalloc_* by %d"):format(
             zone_pgalloc(s1) - zone_pgalloc(s0),
             global_pgalloc(s1) - global_pgalloc(s0)))
    for _, h in ipairs(held) do m:free_pages(h[1], h[2]) end
    local s2 = same_as_vmstat(m)
    assert(s2.pgfree > s1.pgfree, "pgfree did not move")
    -- The zones' NUMA events add up to the global ones.
    local hit, miss = 0, 0
    for _, z in ipairs(s2.zones) do
      assert(z.numa_hit and z.numa_miss and z.numa_foreign and z.numa_local
             and z.numa_other and z.pgalloc, z.name .. ": missing counters")
      hit, miss = hit + z.numa_hit, miss + z.numa_miss
    end
    assert(hit == s2.numa_hit and miss == s2.numa_miss)
  end)
end

H.finish()
