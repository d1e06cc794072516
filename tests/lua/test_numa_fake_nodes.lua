-- --nodes N follows split_nodes_interleave() (mm/numa_emulation.c): each
-- node gets the RAM share rounded down to FAKE_NODE_MIN_SIZE (32 MiB),
-- the first nodes 32 MiB more from the remainders, a node stretches over
-- holes, and one that would leave ZONE_DMA32 less than 32 MiB of RAM
-- extends to 4 GiB.

local H = dofile("tests/lua/lib/harness.lua")
local test = H.test
local M = 1 << 20

-- {{start=, last=}, ...} from the "Faking node" boot lines.
local function fake_nodes(m)
  local out = {}
  for s, e in m:dmesg():gmatch("Faking node %d+ at %[mem (0x%x+)%-(0x%x+)%]") do
    out[#out + 1] = {start = tonumber(s), last = tonumber(e)}
  end
  return out
end

test("x86_64 1G, 3 nodes: 352M, 320M, the rest (32 MiB steps)", function()
  local n = fake_nodes(mm.boot{arch = "x86_64", mem = "1G", nodes = 3})
  assert(#n == 3, "nodes " .. #n)
  -- 1 GiB of RAM less the low holes: 341 MiB a node, 320 rounded down,
  -- the remainders make one big node of 352 MiB.
  assert(n[2].start == 352 * M, ("node 1 at %#x"):format(n[2].start))
  assert(n[3].start == 672 * M, ("node 2 at %#x"):format(n[3].start))
  assert(n[3].last == 1024 * M - 1)
end)

test("x86_64 6G, 2 nodes: node 0 extends to 4 GiB over the PCI hole",
     function()
  local m = mm.boot{arch = "x86_64", mem = "6G", nodes = 2}
  local n = fake_nodes(m)
  assert(n[2].start == 4096 * M, ("node 1 at %#x"):format(n[2].start))
  local zi = m:cat("/proc/zoneinfo")
  local n1dma32 = zi:match("Node 1, zone%s+DMA32.-present%s+(%d+)")
  assert(tonumber(n1dma32) == 0, "node 1 has DMA32 pages: " .. n1dma32)
end)

for _, cfg in ipairs{
  {arch = "x86_64", mem = "4G", nodes = 4},
  {arch = "x86_64", mem = "8G", nodes = 5},
  {arch = "x86_32", mem = "1G", nodes = 3},
  {arch = "x86_64", mem = "512M", nodes = 8},
} do
  test(("%s %s, %d nodes: boundaries on 32 MiB"):format(cfg.arch, cfg.mem,
       cfg.nodes), function()
    local n = fake_nodes(mm.boot(cfg))
    assert(#n == cfg.nodes)
    for i = 2, #n do
      assert(n[i].start % (32 * M) == 0, ("node %d at %#x"):format(i - 1,
             n[i].start))
      assert(n[i].start == n[i - 1].last + 1)
    end
  end)
end

test("too many nodes for the RAM: a clear error", function()
  H.expect_error("at least 32M", function()
    mm.boot{arch = "x86_64", mem = "256M", nodes = 9}
  end)
end)

H.finish()
