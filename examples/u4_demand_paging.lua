-- U4: demand paging. After mmap ("malloc") there is a VMA and no page
-- table entry; the first read maps the shared zero page read-only; the
-- first write maps a fresh zeroed frame Present|User|RW. Each is a minor
-- fault of the process (/proc/PID/stat field 10), counted in pgfault.
local m = mm.boot{arch = "x86_32", mem = "256M"}
local P = 4096
local t = m:spawn("a.out", {norandmaps = true})
local function minflt()
  local f = {}
  for x in m:cat("/proc/" .. t:pid() .. "/stat"):gsub("^.-%) ", ""):gmatch("%S+") do f[#f + 1] = x end
  return tonumber(f[8])		-- field 10 of stat: fields after comm start at 3
end
assert(minflt() == t:faults().min_flt)
local a = assert(t:mmap{len = 2 * P})
local e = t:pte(a)
print(("T1 after mmap:   %#x -> present=%s"):format(a, tostring(e.present)))
assert(not e.present)

local f0, pg0 = minflt(), m:stats().pgfault
assert(t:read(a, 4) == "\0\0\0\0")
e = t:pte(a)
print(("T2 first read:   present=%s zero page=%s write=%s (pfn %#x)"):format(
      tostring(e.present), tostring(e.zero), tostring(e.write), e.pfn))
assert(e.present and e.zero and not e.write and e.user)
assert(minflt() == f0 + 1 and m:stats().pgfault == pg0 + 1)

assert(t:write(a + P, "hello"))
e = t:pte(a + P)
print(("T3 first write:  present=%s user=%s write=%s dirty=%s pfn=%#x (%s)"):format(
      tostring(e.present), tostring(e.user), tostring(e.write), tostring(e.dirty),
      e.pfn, m:page(e.pfn).zone))
assert(e.present and e.user and e.write and e.dirty and not e.zero)
assert(minflt() == f0 + 2)
-- Writing the zero-page mapped one: a COW fault replaces the zero page.
assert(t:write(a, "x"))
e = t:pte(a)
assert(e.write and not e.zero and minflt() == f0 + 3)
-- Touching mapped pages again costs nothing.
assert(t:read(a, 8) and t:write(a + P, "again"))
assert(minflt() == f0 + 3, "a present page faulted again")
print(("minor faults: %d (read->zero page, write->new frame, write to zero page->copy)"):format(minflt() - f0))
assert(m:check())
