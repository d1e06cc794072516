-- Every error a method of the `mm` module raises names the script's line:
-- "test_error_positions.lua:LINE: ...", whichever luaL_Reg table the method
-- comes from (lmachine, llayout, lpage_alloc, lpaging, lcpu) and whether the
-- argument check (luaL_check*) or the method's own logic (lmm_error) fails.
local H = dofile("tests/lua/lib/harness.lua")
local this = "test_error_positions.lua"

-- fn must fail; its message must start with this file and `line`.
local function at(line, want, fn)
  local ok, err = pcall(fn)
  if ok then error("expected an error mentioning '" .. want .. "'", 2) end
  err = tostring(err)
  local file, l = err:match("^([^:]*):(%d+): ")
  if not file or not file:find(this, 1, true) or tonumber(l) ~= line then
    error(string.format("error '%s' does not start with %s:%d:", err, this, line), 2)
  end
  if not err:find(want, 1, true) then
    error("error '" .. err .. "' does not mention '" .. want .. "'", 2)
  end
end
local function line() return debug.getinfo(2, "l").currentline end

local m = mm.boot{mem = "128M"}

H.test("mm functions", function()
  local l = line(); at(l + 1, "invalid size", function()
    return mm.size("12Q") end)
  l = line(); at(l + 1, "mm.boot: mem", function()
    return mm.boot{mem = "8M"} end)
  l = line(); at(l + 1, "bad argument #1", function()
    return mm.format_size({}) end)
end)

H.test("lmachine methods", function()
  local l = line(); at(l + 1, "cannot read '/proc/nosuch'", function()
    return m:cat("nosuch") end)
  l = line(); at(l + 1, "bad argument #1 to 'cat'", function()
    return m:cat({}) end)
end)

H.test("llayout methods", function()
  local l = line(); at(l + 1, "cannot __pa(0x1000)", function()
    return m:pa(0x1000) end)
  l = line(); at(l + 1, "bad argument #1 to 'va'", function()
    return m:va("x") end)
end)

H.test("lpage_alloc methods", function()
  local l = line(); at(l + 1, "cannot free pfn -1", function()
    return m:free_pages(-1, 0) end)
  l = line(); at(l + 1, "bad gfp mask", function()
    return m:alloc_pages("GFP_BOGUS", 0) end)
  l = line(); at(l + 1, "no page -1", function()
    return m:page(-1) end)
  l = line(); at(l + 1, "no cpu 9", function()
    return m:set_cpu(9) end)
end)

H.test("lpaging methods", function()
  local l = line(); at(l + 1, "no cpu 99", function()
    return m:cpu(99) end)
  l = line(); at(l + 1, "outside RAM", function()
    return m:phys_read(1 << 40, 8) end)
  l = line(); at(l + 1, "unknown set_memory kind", function()
    return m:set_memory(0, 1, "bogus") end)
  l = line(); at(l + 1, "no task with pid 999", function()
    return m:task(999) end)
end)

H.test("lcpu methods", function()
  local c = m:cpu(0)
  local l = line(); at(l + 1, "unknown register 'bogus'", function()
    return c:write_cr("bogus", 0) end)
  l = line(); at(l + 1, "cannot set the tlb", function()
    return c:set_tlb{bogus = 1} end)
  l = line(); at(l + 1, "not in user mode", function()
    return c:enter_kernel() end)
end)

-- Every method of both metatables, called with a table for each argument
-- (wrong for nearly all of them): whatever fails must name this line.
H.test("every method with bad arguments", function()
  local objs = { machine = m, cpu = m:cpu(0) }
  local n = 0
  for kind, obj in pairs(objs) do
    for name, fn in pairs(getmetatable(obj).__index) do
      if name ~= "destroy" then
        local bad = {}
        local l = line(); local ok, err = pcall(function() return fn(obj, bad, bad, bad) end)
        if not ok then
          n = n + 1
          local prefix = this .. ":" .. l .. ": "
          if not tostring(err):find(prefix, 1, true) then
            error(string.format("%s:%s({}, {}, {}): '%s' lacks %s",
                                kind, name, tostring(err), prefix))
          end
        end
      end
    end
  end
  assert(n >= 20, "only " .. n .. " methods rejected a table argument")
end)

m:destroy()
H.test("a destroyed machine", function()
  local l = line(); at(l + 1, "machine has been destroyed", function()
    return m:info() end)
end)
H.finish()
