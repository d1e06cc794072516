-- Bad input to kmap, kmap_local, kmap_atomic and the fixmap from Lua:
-- Linux's result where it has one (kunmap of a lowmem page is a no-op),
-- a clear error where Linux would BUG, WARN or sleep, and in every case
-- the kernel state unchanged (m:check(), the pkmap and kmap_local state).

local H = dofile("tests/lua/lib/harness.lua")
local test, expect_error = H.test, H.expect_error

local m = mm.boot{arch = "x86_32", mem = "2G", cpus = 2}
local high = 0x60000                 -- 1.5G: above max_low_pfn
local low = 0x1000

local function pkmap_state()
  local p = m:pkmap()
  -- The slots and the scan position; not p.wraps: a failed kmap() did
  -- wrap and call flush_all_zero_pkmaps(), which found nothing to unmap.
  local s = p.last_pkmap_nr .. ":" .. p.tlb_flushes
  for _, slot in ipairs(p.slots) do s = s .. "," .. slot.nr .. "=" .. slot.count end
  return s
end

test("pfn outside RAM is an error, for every method", function()
  for _, f in ipairs{ "kmap", "kunmap", "kmap_local", "kmap_atomic", "page_address" } do
    expect_error("is not RAM", m[f], m, 0x90000)
    expect_error("is not RAM", m[f], m, -1)
  end
  expect_error("number expected", m.kmap, m, "x")
  assert(m:check())
end)

test("kunmap without kmap: error, nothing changed; lowmem: no-op", function()
  local before = pkmap_state()
  expect_error("not kmapped (Linux: BUG in kunmap_high())", m.kunmap, m, high)
  m:kunmap(low)
  m:kunmap(low)
  assert(pkmap_state() == before)
  local va = m:kmap(high)
  m:kunmap(high)
  expect_error("not kmapped", m.kunmap, m, high)  -- count 1: Linux BUG()s
  assert(m:page_address(high) == va, "count 1 keeps its address until the flush")
  m:kmap_flush_unused()
  assert(m:page_address(high) == nil)
  assert(m:check())
end)

test("kmap of lowmem is its linear address, no slot taken", function()
  local before = pkmap_state()
  assert(m:kmap(low) == m:va(low * 4096))
  assert(m:kmap_local(low) == m:va(low * 4096))
  assert(#m:kmap_local_stack() == 0)
  assert(pkmap_state() == before)
end)

test("out-of-order kunmap_local: error, both mappings stay", function()
  local a = m:kmap_local(high)
  local b = m:kmap_local(high + 1)
  expect_error("most recent kmap_local mapping", m.kunmap_local, m, a)
  expect_error("another CPU's kmap_local slot", m.kunmap_local, m, b, 1)
  assert(#m:kmap_local_stack() == 2)
  assert(m:translate(a) == high * 4096 and m:translate(b) == (high + 1) * 4096)
  assert(m:check())
  m:kunmap_local(b)
  m:kunmap_local(a)
  expect_error("no kmap_local mapping", m.kunmap_local, m, a)
  expect_error("below PAGE_OFFSET", m.kunmap_local, m, 0x1000)
  m:kunmap_local(m:va(0x100000))     -- a linear address: Linux's no-op
  assert(m:check())
end)

test("too many nested kmap_local: error at KM_MAX_IDX, nothing changed", function()
  local max = m:fixmap().km_max_idx
  local got = {}
  for i = 1, max do got[i] = m:kmap_local(high + i) end
  expect_error("every KM_MAX_IDX kmap_local slot", m.kmap_local, m, high + max + 1)
  assert(#m:kmap_local_stack() == max)
  assert(m:check())
  for i = max, 1, -1 do m:kunmap_local(got[i]) end
  assert(#m:kmap_local_stack() == 0 and m:check())
end)

test("kmap_atomic and kmap_local do not mix", function()
  local a = m:kmap_atomic(high)
  expect_error("use kunmap_atomic()", m.kunmap_local, m, a)
  m:kunmap_atomic(a)
  local l = m:kmap_local(high)
  expect_error("no kmap_atomic() to undo", m.kunmap_atomic, m, l)
  m:kunmap_local(l)
  expect_error("no cpu 7", m.kmap_local, m, high, 7)
  assert(m:check())
end)

test("pkmap exhaustion: a clear error, the scan position unchanged", function()
  local n = m:pkmap().last_pkmap
  for i = 0, n - 1 do m:kmap(high + i) end
  local before = pkmap_state()
  expect_error("all 1024 pkmap slots are in use", m.kmap, m, high + n)
  assert(pkmap_state() == before)
  assert(m:check())
  for i = 0, n - 1 do m:kunmap(high + i) end
  m:kmap_flush_unused()
  assert(#m:pkmap().slots == 0 and m:check())
end)

test("fixmap: bad indices and names, kmap slots, no wrap", function()
  local f = m:fixmap()
  expect_error("outside 0..", m.set_fixmap, m, f.end_of_fixed_addresses, 0x1000)
  expect_error("outside 0..", m.fix_to_virt, m, -1)
  expect_error("has no fixmap slot 'FIX_NOPE'", m.set_fixmap, m, "FIX_NOPE", 0)
  expect_error("belongs to kmap_local", m.set_fixmap, m, "FIX_KMAP_BEGIN", 0x1000)
  expect_error("belongs to kmap_local", m.clear_fixmap, m, f.kmap_end)
  expect_error("no device memory", m.set_fixmap, m, "FIX_APIC_BASE", 0xfee00000)
  expect_error("negative", m.set_fixmap, m, "FIX_APIC_BASE", -4096)
  expect_error("(Linux: BUG)", m.virt_to_fix, m, f.top)
  assert(#m:fixmap().set == 0)
  assert(m:fix_to_virt(0) + 4096 == 1 << 32)
  assert(m:check())
end)

H.finish()
