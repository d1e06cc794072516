-- pageblock_order is the architecture's (include/linux/pageblock-flags.h):
-- HUGETLB_PAGE_ORDER where hugetlb exists (x86_64, x86_32 PAE: 9; x86_32
-- two-level: 10), MAX_PAGE_ORDER where it does not (arm32: 10). Every user
-- follows it: /proc/pagetypeinfo, the pageblock migratetypes, claiming.

local H = dofile("tests/lua/lib/harness.lua")
local test = H.test

local want = { x86_32 = 10, x86_32_pae = 9, x86_64 = 9, x86_64_la57 = 9,
               arm32 = 10 }

-- {zone = {Unmovable=, Movable=, ...}} from "Number of blocks type".
local function block_counts(m)
  local text = m:cat("/proc/pagetypeinfo")
  local out, in_blocks = {}, false
  for line in text:gmatch("[^\n]+") do
    if line:match("^Number of blocks type") then
      in_blocks = true
    elseif in_blocks then
      local zone, rest = line:match("^Node%s+%d+, zone%s+(%S+)(.*)$")
      if zone then
        local n = {}
        for v in rest:gmatch("%d+") do n[#n + 1] = tonumber(v) end
        out[zone] = { Unmovable = n[1], Movable = n[2], Reclaimable = n[3],
                      HighAtomic = n[4], Isolate = n[5] }
      end
    end
  end
  return out, text
end

for _, arch in ipairs(mm.archs) do
  test(arch .. ": pagetypeinfo header and block counts use pageblock_order " ..
       want[arch], function()
    local m = mm.boot{arch = arch, mem = "256M"}
    local order = want[arch]
    local counts, text = block_counts(m)
    local hdr = ("Page block order: %d\nPages per block:  %d\n"):format(
      order, 1 << order)
    assert(text:sub(1, #hdr) == hdr, "header: " .. text:sub(1, 60))
    -- Every zone's pageblocks are counted once, at the arch's size.
    for zone, c in pairs(counts) do
      local total = c.Unmovable + c.Movable + c.Reclaimable + c.HighAtomic +
                    c.Isolate
      local spanned = tonumber(m:cat("/proc/zoneinfo"):match(
        "zone%s+" .. zone .. "\n.-spanned%s+(%d+)"))
      local start = tonumber(m:cat("/proc/zoneinfo"):match(
        "zone%s+" .. zone .. "\n.-start_pfn:%s+(%d+)"))
      local first = start >> order
      local last = (start + spanned - 1) >> order
      assert(total == last - first + 1,
             ("%s: %d blocks for %d pages from %d"):format(zone, total,
                                                          spanned, start))
    end
    -- A reclaimable allocation claims the largest movable block, an
    -- order-10 one, so 2^(10 - pageblock_order) pageblocks change type
    -- (try_to_claim_block); no boot pageblock is reclaimable (the boot
    -- slab caches' first slabs already claimed an unmovable one).
    local before = block_counts(m)
    local pfn = assert(m:alloc_pages("GFP_KERNEL|__GFP_RECLAIMABLE", 0))
    local zone = m:page(pfn).zone
    local after = block_counts(m)
    local claimed = 1 << (10 - order)
    assert(before[zone].Reclaimable == 0, "reclaimable blocks at boot")
    assert(after[zone].Reclaimable == claimed,
           ("%d reclaimable pageblocks claimed, want %d"):format(
             after[zone].Reclaimable, claimed))
    assert(m:page(pfn).migratetype == "Reclaimable")
    local base = pfn - pfn % 1024
    assert(m:page(base + 1023).migratetype == "Reclaimable")
    m:free_pages(pfn, 0)
    assert(m:check())
  end)
end

H.finish()
