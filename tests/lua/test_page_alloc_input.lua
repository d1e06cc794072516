-- Bad input to the page allocator's Lua methods: GFP strings with empty
-- components or undefined bits, negative pfns, orders above
-- MAX_PAGE_ORDER (a Lua error, and the kernel's WARN_ON_ONCE in dmesg).

local H = dofile("tests/lua/lib/harness.lua")
local test, expect_error = H.test, H.expect_error

local m = mm.boot{arch = "x86_64", mem = "256M"}

test("gfp strings: every component must name a flag", function()
  for _, s in ipairs{"GFP_KERNEL|", "|", "", " ", "GFP_KERNEL||__GFP_ZERO",
                     "|GFP_KERNEL", "GFP_KERNEL| "} do
    expect_error("empty flag name", m.gfp, m, s)
  end
  expect_error("unknown flag A", m.gfp, m, "A||B")
  assert(m:gfp(" GFP_KERNEL | __GFP_ZERO ") == m:gfp("GFP_KERNEL|__GFP_ZERO"))
end)

test("gfp numbers: the unused bit and bits above ___GFP_LAST_BIT are refused", function()
  expect_error("unknown flag 0x200", m.gfp, m, "0x200")
  expect_error("unknown flag 0x200", m.gfp, m, "GFP_KERNEL|0x200")
  expect_error("bad gfp mask 0x200", m.gfp, m, 0x200)
  expect_error("bad gfp mask 0x1000000", m.gfp, m, 1 << 24)
  assert(m:gfp("0x800000") == 0x800000)
end)

test("m:page(-1) names -1", function()
  expect_error("no page -1:", m.page, m, -1)
  expect_error("cannot free pfn -1:", m.free_pages, m, -1, 0)
end)

test("order above MAX_PAGE_ORDER: Lua error, and one WARNING in dmesg", function()
  expect_error("order 11 is out of range 0..10", m.alloc_pages, m, "GFP_KERNEL", 11)
  expect_error("order 12 is out of range 0..10", m.alloc_pages, m, "GFP_KERNEL", 12)
  local d = m:dmesg()
  local _, n = d:gsub("WARNING: CPU: 0 PID: 0 at mm/page_alloc.c __alloc_pages", "")
  assert(n == 1, n .. " warnings")
  assert(d:find("order 11 > MAX_PAGE_ORDER 10", 1, true))
  -- __GFP_NOWARN silences it on a fresh machine.
  local q = mm.boot{arch = "x86_64", mem = "256M"}
  expect_error("out of range", q.alloc_pages, q, "GFP_KERNEL|__GFP_NOWARN", 11)
  assert(not q:dmesg():find("cut here", 1, true))
end)

H.finish()
