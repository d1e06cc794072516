-- m:free_pages() frees only blocks m:alloc_pages() handed to the script:
-- a script must not be able to free a live page table (the next
-- GFP_ZERO allocation would zero it) or any other kernel page.

local H = dofile("tests/lua/lib/harness.lua")
local test, expect_error = H.test, H.expect_error

for _, arch in ipairs({"x86_64", "x86_32", "x86_32_pae"}) do
  test(arch .. ": a task's page table and stack cannot be freed from Lua", function()
    local m = mm.boot{arch = arch, mem = "256M"}
    local pid = m:task_create("victim")
    local t = m:task(pid)
    local pgd_pfn = t.pgd >> 12
    assert(m:page(pgd_pfn).script_owned == false)
    expect_error(("cannot free pfn 0x%x: page table page, not allocated by this script")
                 :format(pgd_pfn), m.free_pages, m, pgd_pfn, 0)
    if t.stack then
      local spfn = m:pa(t.stack) >> 12
      expect_error(("cannot free pfn 0x%x: kernel page, not allocated by this script")
                   :format(spfn), m.free_pages, m, spfn, 0)
    end
    -- The PGD is intact: nothing was freed, the free lists are sound.
    assert(m:page(pgd_pfn).refcount > 0)
    assert(m:check())
    -- Boot-reserved pages (the kernel image at 16M) are refused too.
    assert(m:page(0x1000).reserved)
    expect_error("cannot free pfn 0x1000: reserved page, not allocated by this script",
                 m.free_pages, m, 0x1000, 0)
  end)
end

test("the script's own blocks free normally; double and wrong-order frees keep their messages", function()
  local m = mm.boot{arch = "x86_64", mem = "256M"}
  local a = assert(m:alloc_pages("GFP_KERNEL", 2))
  assert(m:page(a).script_owned == true and m:page(a).alloc_order == 2)
  expect_error("wrong order 0, allocated as order 2", m.free_pages, m, a, 0)
  m:free_pages(a, 2)
  assert(m:page(a).script_owned == false)
  expect_error("already free", m.free_pages, m, a, 2)
  local c = assert(m:alloc_pages("GFP_KERNEL|__GFP_COMP", 3))
  expect_error("tail page of a compound page", m.free_pages, m, c + 1, 0)
  m:free_pages(c, 3)
  assert(m:check())
end)

test("a page the kernel allocated through the C API is refused", function()
  local m = mm.boot{arch = "x86_64", mem = "256M"}
  local pid = m:task_create("t")
  local pgd = m:task(pid).pgd >> 12
  -- Free everything the script holds (nothing) and allocate with
  -- GFP_ZERO: the PGD is still a page table page.
  for _ = 1, 64 do assert(m:alloc_pages("GFP_KERNEL|__GFP_ZERO", 0)) end
  assert(m:page(pgd).refcount > 0)
  expect_error("page table page", m.free_pages, m, pgd, 0)
end)

H.finish()
