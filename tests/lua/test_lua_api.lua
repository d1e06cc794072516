-- The mm module's core API: mm.boot{} argument checking and the machine
-- methods every subsystem can rely on (cat, dmesg, check, stats, info,
-- trace hooks). Run by ctest as `mmsim run tests/lua/test_lua_api.lua`.

local H = dofile("tests/lua/lib/harness.lua")
local test, expect_error = H.test, H.expect_error

test("mm is preloaded, global, and describes itself", function()
  assert(require("mm") == mm)
  assert(type(mm.version) == "string" and mm.version:match("^%d+%.%d+"))
  local names = table.concat(mm.archs, " ")
  assert(names == "x86_32 x86_32_pae x86_64 x86_64_la57 arm32", names)
  assert(mm.size("512M") == 512 * 1024 * 1024)
  assert(mm.size("0x1000") == 4096)
  assert(mm.format_size(64 * 1024 ^ 3 // 1) == "64G")
  expect_error("invalid size 'x'", mm.size, "x")
end)

test("defaults are the CLI's machine options (x86_64, 1G, 2 cpus, 1 node)", function()
  local d = mm.defaults()
  assert(d.arch == "x86_64" and d.mem == 1 << 30 and d.cpus == 2 and d.nodes == 1)
  assert(d.vmsplit == 3 << 30 and d.layout == "mainline" and d.trace == false)
end)

test("mm.boot rejects unknown keys, naming the key", function()
  expect_error("unknown key 'memory'", mm.boot, {memory = "1G"})
  expect_error("unknown key 'dma-limit'", mm.boot, {["dma-limit"] = "32M"})
  expect_error("option names must be strings", mm.boot, {"x86_64"})
  expect_error("table expected", mm.boot, "x86_64")
end)

test("mm.boot rejects bad sizes with the limit in the message", function()
  expect_error("mem: invalid size '12Q'", mm.boot, {mem = "12Q"})
  expect_error("mem: size must not be zero", mm.boot, {mem = 0})
  expect_error("mem: size must not be zero", mm.boot, {mem = "0"})
  expect_error("mem: must not be negative", mm.boot, {mem = -4096})
  expect_error("not a multiple of the 4K page size", mm.boot, {mem = 1000001})
  expect_error("mem: 1.5 is not a whole number", mm.boot, {mem = 1.5})
  expect_error("mem: expected a string or a number, got table", mm.boot, {mem = {}})
  expect_error("4P", mm.boot, {mem = "8P"})
  expect_error("mem", mm.boot, {mem = "8M"})        -- below the minimum: boot says so
  expect_error("vmalloc: invalid size", mm.boot, {vmalloc = "lots"})
  expect_error("dma_limit: invalid size", mm.boot, {dma_limit = "1X"})
end)

test("mm.boot rejects bad arch, split, counts, layout", function()
  expect_error("arch: unknown architecture 'vax' (expected x86_32, x86_32_pae, x86_64, x86_64_la57 or arm32)",
               mm.boot, {arch = "vax"})
  expect_error("vmsplit: '4G' is not one of 3G, 2G, 1G", mm.boot, {vmsplit = "4G"})
  expect_error("cpus: '0' is not a number from 1 to 64", mm.boot, {cpus = 0})
  expect_error("nodes: '100' is not a number from 1 to 64", mm.boot, {nodes = 100})
  expect_error("layout: unknown layout '5.x'", mm.boot, {layout = "5.x"})
  expect_error("trace: expected a boolean", mm.boot, {trace = "yes"})
end)

test("a machine: tostring, info, dmesg, cat, check", function()
  local m = mm.boot{mem = "256M", cpus = 1, seed = 7}
  assert(tostring(m) == "machine (x86_64, mem=256M, cpus=1, nodes=1)", tostring(m))
  local i = m:info()
  assert(i.arch == "x86_64" and i.mem == 256 << 20 and i.cpus == 1 and i.seed == 7)
  assert(i.page_size == 4096 and i.bits == 64 and i.struct_page_size == 64)
  assert(i.max_pfn > 0 and i.max_pfn <= (256 << 20) // 4096)
  assert(i.totalram_pages > 0 and i.totalram_pages < i.max_pfn)
  local log = m:dmesg()
  assert(log:match("^%[%s+%d+%.%d%d%d%d%d%d%] "), "dmesg lines carry Linux timestamps")
  assert(log:find("Memory: ", 1, true), "dmesg has the Memory: line")
  local meminfo = m:cat("/proc/meminfo")
  assert(meminfo:match("^MemTotal: +%d+ kB\n"), meminfo)
  assert(m:cat("meminfo") == meminfo, "'meminfo' means /proc/meminfo")
  expect_error("cannot read '/proc/nonexistent': no such file", m.cat, m, "nonexistent")
  expect_error("mmsim provides /proc/meminfo, ", m.cat, m, "nonexistent")
  assert(m:check() == true)
end)

test("m:stats() sums the zones and counts struct pages", function()
  local m = mm.boot{mem = "512M"}
  local s = m:stats()
  assert(s.totalram_pages == m:info().totalram_pages)
  assert(s.managed_pages > 0 and s.present_pages >= s.managed_pages)
  assert(s.spanned_pages >= s.present_pages)
  assert(#s.zones >= 1)
  local managed = 0
  for _, z in ipairs(s.zones) do
    assert(type(z.name) == "string" and z.node == 0)
    managed = managed + z.managed
  end
  assert(managed == s.managed_pages)
  assert(s.struct_page_size == 64)
  assert(s.memmap_bytes == s.struct_pages * 64)
end)

test("machines are independent and destroyable", function()
  local a = mm.boot{arch = "x86_64", mem = "128M"}
  local b = mm.boot{mem = "64M", cpus = 1}
  assert(a:info().mem ~= b:info().mem)
  assert(a:cat("meminfo") ~= b:cat("meminfo"))
  b:destroy()
  assert(tostring(b) == "machine (destroyed)")
  expect_error("machine has been destroyed", b.dmesg, b)
  b:destroy()   -- twice is fine
  do
    local c <close> = mm.boot{mem = "32M", cpus = 1}
    assert(c:info().mem == 32 << 20)
  end
  assert(a:check())
end)

test("trace hooks: callback and collector attach and detach", function()
  local m = mm.boot{mem = "64M"}
  expect_error("function expected", m.trace, m, 42)
  local n = 0
  m:trace(function(ev) n = n + 1 end)
  assert(#m:trace_collect(true) == 0)
  local events = m:trace_collect(false)
  assert(type(events) == "table" and #events == 0)
  m:trace(nil)
  m:trace(true)   -- print as --trace does
  m:trace(false)
  assert(m:stats().trace_events >= 0)
end)

test("mm.boot{trace = fn}: fn sees events from boot on", function()
  local seen = {}
  local m = mm.boot{mem = "64M", trace = function(ev) seen[#seen + 1] = ev end}
  for _, ev in ipairs(seen) do assert(type(ev.name) == "string") end
  -- every event counted by the machine reached the callback
  assert(m:stats().trace_events == #seen, m:stats().trace_events .. " vs " .. #seen)
  expect_error("trace: expected a string or a number, got table", mm.boot, {trace = {}})
  -- a failing boot drops the callback without leaking it
  expect_error("mem", mm.boot, {mem = "8M", trace = function() end})
end)

test("methods check their receiver", function()
  local m = mm.boot{mem = "64M"}
  expect_error("mmsim.machine expected", m.dmesg, {})
  expect_error("mmsim.machine expected", m.cat, nil, "meminfo")
end)

H.finish()
