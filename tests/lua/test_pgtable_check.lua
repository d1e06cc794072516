-- pgtable_check(): m:check() catches corrupted kernel page tables (an entry
-- pointing outside RAM, a loop, reserved bits, a table page that is free or
-- not a page table) and passes again once the entry is restored. The
-- corrupting writes are forced ({force=true}): the raw-write policy refuses
-- page-table pages otherwise, and the failing reports start by naming the
-- taint.
local function le64(s) return string.unpack("<I8", s) end
local function p64(v) return string.pack("<I8", v) end

local function expect_fail(m, what)
  local ok, e = pcall(m.check, m)
  assert(not ok, "check passed with " .. what)
  return tostring(e)
end

local m = mm.boot{arch = "x86_64", mem = "1G"}
assert(m:check())
-- The PDE mapping PAGE_OFFSET + 40 MiB (a 2 MiB page).
local va = 0xffff888000000000 + 40 * 1024 * 1024
local w = m:walk(va)
local pde = w[#w]
assert(pde.level == "PDE", pde.level)
local ea, orig = pde.entry_addr, le64(m:phys_read(pde.entry_addr, 8))

local function with(v, what, want)
  m:phys_write(ea, p64(v), {force = true})
  local e = expect_fail(m, what)
  assert(e:find(want, 1, true), what .. ": " .. e)
  assert(e:find("machine tainted by a forced raw write (m:phys_write", 1, true), e)
  m:phys_write(ea, p64(orig), {force = true})
  assert(m:check())
end

-- A table pointer far outside RAM.
with(0x7f000000000 | 0x63, "a table outside RAM", "points at a table outside RAM")
-- A table pointer back at the page directory holding the entry: a loop.
with((ea & ~0xfff) | 0x63, "a loop", "referenced twice")
-- Bit 51 (above MAXPHYADDR 46) in a 2 MiB page.
with(orig | (1 << 51), "a reserved bit", "address bits above MAXPHYADDR")
-- A 2 MiB page not aligned on 2 MiB.
with(orig | 0x2000, "a misaligned large page", "large page not aligned")
-- A table page that is free in the buddy allocator.
local pfn = assert(m:alloc_pages("GFP_KERNEL", 0))
m:free_pages(pfn, 0)
m:drain_pages()		-- from the per-CPU list back to the buddy lists
with((pfn << 12) | 0x63, "a free table page", "free in the buddy allocator")
-- A page allocated for something else is not a page table.
pfn = assert(m:alloc_pages("GFP_KERNEL", 0))
with((pfn << 12) | 0x63, "a non-table page", "not marked PageTable")
m:free_pages(pfn, 0)

-- ARM: descriptor type 0b11 is reserved.
local arm = mm.boot{arch = "arm32", mem = "256M"}
local aw = arm:walk(0xc0100000)
local l1 = aw[1]
local a_orig = string.unpack("<I4", arm:phys_read(l1.entry_addr, 4))
arm:phys_write(l1.entry_addr, string.pack("<I4", a_orig | 3), {force = true})
local ok, e = pcall(arm.check, arm)
assert(not ok and tostring(e):find("reserved descriptor type", 1, true), tostring(e))
arm:phys_write(l1.entry_addr, string.pack("<I4", a_orig), {force = true})
assert(arm:check())
