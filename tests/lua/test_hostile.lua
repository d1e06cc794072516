-- Hostile scripts must get Lua errors with reasons, never a host crash or a
-- corrupted machine.

local function expect_error(pattern, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error matching '" .. pattern .. "'")
  assert(tostring(err):find(pattern), "error '" .. tostring(err) ..
         "' does not match '" .. pattern .. "'")
end

-- A trace callback cannot pull the machine out from under the kernel call
-- that emitted the event: the destroy is refused, the callback dropped, and
-- the allocation completes on a live machine.
do
  local m = mm.boot{arch = "x86_64", mem = "256M"}
  local refused
  m:trace(function(e)
    local ok, err = pcall(m.destroy, m)
    refused = not ok and err
  end)
  local pfn = m:alloc_pages("GFP_KERNEL", 0)
  assert(refused and refused:find("own trace callback"), "destroy was not refused")
  assert(math.type(pfn) == "integer" and m:page(pfn).refcount == 1)
  m:trace(nil)
  m:free_pages(pfn, 0)
  assert(m:check())
  m:destroy()
  expect_error("destroyed", m.alloc_pages, m, "GFP_KERNEL", 0)
end

-- Sizes beyond the architecture are refused before boot, with the limit named.
-- (Sizes within it but beyond half the host's RAM are refused too, with
-- "host memory"; how large that is depends on the host, so not tested here.)
expect_error("beyond x86_64.s 64T", mm.boot, {arch = "x86_64", mem = "100T"})

-- Wrong types everywhere are argument errors.
do
  local m = mm.boot{arch = "x86_32", mem = "64M"}
  expect_error("number expected", m.free_pages, m, "x", 0)
  expect_error("", m.alloc_pages, m, 12, "x")
  expect_error("", m.cat, m, {})
  expect_error("", m.pa, m, 0/0)
  assert(m:check())
  m:destroy()
end
print("hostile ok")
