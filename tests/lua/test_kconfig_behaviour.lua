-- The kernel configuration changes behaviour, not only /proc names: a THP
-- kernel raises min_free_kbytes at boot (mm/khugepaged.c
-- set_recommended_min_free_kbytes) unless THP is off or its mode is never;
-- impossible configurations are refused with the reason.

local H = dofile("tests/lua/lib/harness.lua")
local test = H.test

local function mins(m)
  local t = {}
  for zone, body in m:cat("zoneinfo"):gmatch("zone%s+(%S+)\n(.-)protection") do
    t[zone] = tonumber(body:match("\n        min%s+(%d+)"))
  end
  return t
end

local function lowmem_min_sum(t)
  return (t.DMA or 0) + (t.DMA32 or 0) + (t.Normal or 0)
end

test("x86_64 4G: THP raises min to Linux's 63/12793/4039 pages", function()
  local t = mins(mm.boot{arch = "x86_64", mem = "4G"})
  assert(t.DMA == 63 and t.DMA32 == 12793 and t.Normal == 4039,
         ("min %d/%d/%d"):format(t.DMA, t.DMA32, t.Normal))
end)

test("the raise is 2 + 3*3 pageblocks per lowmem zone", function()
  local m = mm.boot{arch = "x86_64", mem = "4G"}
  local pb = 512	-- x86_64: pageblock_order 9
  local want = pb * 3 * (2 + 3 * 3)	-- DMA, DMA32, Normal
  local got = lowmem_min_sum(mins(m))
  -- min_free_kbytes is shared out by managed pages, rounding down
  assert(got <= want and got > want - 3, ("sum %d, want %d"):format(got, want))
end)

for _, c in ipairs{
  {cmdline = "transparent_hugepage=never"},
  {config = {TRANSPARENT_HUGEPAGE = false}},
  {config = {TRANSPARENT_HUGEPAGE_NEVER = true}},
} do
  test("no raise with " .. (c.cmdline or "THP off or never"), function()
    c.arch, c.mem = "x86_64", "4G"
    local t = mins(mm.boot(c))
    local raised = mins(mm.boot{arch = "x86_64", mem = "4G"})
    assert(lowmem_min_sum(t) * 5 < lowmem_min_sum(raised),
           ("min %d/%d/%d"):format(t.DMA, t.DMA32, t.Normal))
    -- sqrt(lowmem KiB * 16): the non-THP min_free_kbytes
    assert(t.DMA == 7 and t.DMA32 == 1534 and t.Normal == 484)
  end)
end

test("madvise also starts khugepaged; arm32 has no THP", function()
  local m = mm.boot{arch = "x86_64", mem = "4G",
                    cmdline = "transparent_hugepage=madvise"}
  assert(m:config().thp_mode == "madvise")
  assert(mins(m).DMA32 == 12793)
  local a = mm.boot{arch = "arm32", mem = "1G",
                    cmdline = "transparent_hugepage=always"}
  assert(a:config().TRANSPARENT_HUGEPAGE == false)
  local b = mm.boot{arch = "arm32", mem = "1G"}
  assert(mins(a).Normal == mins(b).Normal)
end)

test("impossible configurations are refused with the reason", function()
  local E = H.expect_error
  E("CONFIG_HIGHMEM=y on x86_64", mm.boot,
    {arch = "x86_64", config = {HIGHMEM = true}})
  E("CONFIG_NUMA=y on arm32: arm32 kernels have no NUMA", mm.boot,
    {arch = "arm32", config = {NUMA = true}})
  E("CONFIG_X86_PAE=y on arm32", mm.boot,
    {arch = "arm32", config = {CONFIG_X86_PAE = "y"}})
  E("CONFIG_X86_PAE=n on x86_32_pae", mm.boot,
    {arch = "x86_32_pae", config = {X86_PAE = false}})
  E("CONFIG_HIGHMEM=n on x86_32: mmsim models 32-bit kernels with HighMem only",
    mm.boot, {arch = "x86_32", config = {HIGHMEM = false}})
  E("CONFIG_TRANSPARENT_HUGEPAGE=y on arm32", mm.boot,
    {arch = "arm32", config = {TRANSPARENT_HUGEPAGE = true}})
  E("unknown symbol 'CONFIG_FOO'", mm.boot, {config = {FOO = true}})
  E("CONFIG_NUMA is a bool: expected y or n, got 'm'", mm.boot,
    {config = {NUMA = "m"}})
  E("config: NUMA: expected true, false", mm.boot, {config = {NUMA = 1}})
  E("CONFIG_NUMA_BALANCING=y depends on CONFIG_NUMA", mm.boot,
    {config = {NUMA = false, NUMA_BALANCING = true}})
  E("2 nodes need CONFIG_NUMA", mm.boot,
    {arch = "x86_32", nodes = 2, config = {NUMA = false}})
  E("transparent_hugepage='sometimes'", mm.boot,
    {cmdline = "transparent_hugepage=sometimes"})
  E("is not KEY=VALUE", mm.boot, {config = "NUMA"})
end)

test("dependents follow their dependency; a string sets one symbol", function()
  local c = mm.boot{config = {NUMA = false}}:config()
  assert(not c.NUMA and not c.NUMA_BALANCING and c.MIGRATION)
  c = mm.boot{config = {SWAP = false}}:config()
  assert(not c.SWAP and not c.ZSWAP)
  c = mm.boot{config = "CONFIG_KSM=n"}:config()
  assert(not c.KSM and c.SWAP)
  c = mm.boot{config = {COMPACTION = false, NUMA = false}}:config()
  assert(not c.MIGRATION, "MIGRATION without NUMA, COMPACTION, CMA")
end)

H.finish()
