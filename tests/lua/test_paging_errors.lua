-- Bad input to the paging methods: clear lower-case Lua errors with the
-- addresses in hex, and no page table touched.
local function err_of(f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok, "expected an error")
  return (tostring(e):gsub("^.-:%d+: ", ""))
end
local function expect(want, f, ...)
  local got = err_of(f, ...)
  if got ~= want then
    error(string.format("\n  want: %s\n  got:  %s", want, got), 2)
  end
end

local m = mm.boot{arch = "x86_32", mem = "1G"}
expect("cannot translate 0x100000000: address beyond the 32-bit linear address space",
       m.translate, m, 0x100000000)
expect("cannot walk 0xffffffffffffffff: address beyond the 32-bit linear address space",
       m.walk, m, -1)
expect("cannot read 8 bytes at physical 0xffffffffffffffff: outside RAM",
       m.phys_read, m, -1, 8)
expect("cannot write 8 bytes at physical 0x3ffffffc: outside RAM",
       m.phys_write, m, (1 << 30) - 4, "12345678")
expect("cannot unmap 0x12345000: no 4K page mapped there",
       m.unmap_page, m, 0x12345000)
-- The direct map is the kernel's: the raw method refuses it.
expect("cannot map 0xc8001000: inside the direct map [0xc0000000, 0xf73fe000), which the kernel owns (only user, vmalloc and modules addresses)",
       m.map_page, m, 0xc8001000, 0x08001000, {prot = "r"})
expect("cannot set_memory_ro 0xc8001001: not page aligned",
       m.set_memory, m, 0xc8001001, 1, "ro")
expect("unknown set_memory kind 'rx' (ro, rw, nx, x, 4k)",
       m.set_memory, m, 0xc8001000, 1, "rx")
expect("cannot set_memory_ro 0x1000: not a kernel range",
       m.set_memory, m, 0x1000, 1, "ro")
expect("cannot set_memory_ro 0xf7fff000: a page in the range is not mapped",
       m.set_memory, m, 0xf7fff000, 1, "ro")

-- A virtual address above 4 GiB must not wrap onto the direct map.
local before = m:walk(0xc0001000)
expect("cannot map 0x1c0001000 -> 0x5000: virtual address beyond the 32-bit address space",
       m.map_page, m, 0x1c0001000, 0x5000)
local after = m:walk(0xc0001000)
assert(after.paddr == before.paddr and after[#after].value == before[#before].value,
       "direct map entry changed")
-- A 32-bit PTE holds 32 address bits: no silent truncation.
expect("cannot map 0xf8000000 -> 0x100005000: physical address beyond what a 32-bit pte holds",
       m.map_page, m, 0xf8000000, 0x100005000)
assert(m:walk(0xf8000000).fault, "0xf8000000 got mapped")
expect("cannot map 0xf8000001 -> 0x5000: not page aligned",
       m.map_page, m, 0xf8000001, 0x5000)

local m64 = mm.boot{arch = "x86_64", mem = "1G"}
local k = m64:walk(0xffff800000000000)
expect("cannot map 0x800000000000 -> 0x5000: non-canonical virtual address (48-bit)",
       m64.map_page, m64, 0x0000800000000000, 0x5000)
local k2 = m64:walk(0xffff800000000000)
assert(#k == #k2 and (k.fault ~= nil) == (k2.fault ~= nil), "upper half changed")
expect("cannot map 0xffffc90000000000 -> 0x7ffffffffffff000: physical address beyond MAXPHYADDR (46 bits)",
       m64.map_page, m64, 0xffffc90000000000, 0x7ffffffffffff000)
expect("cannot map 0xffffc90000000000 -> 0x400000000000: physical address beyond MAXPHYADDR (46 bits)",
       m64.map_page, m64, 0xffffc90000000000, 1 << 46)
-- Below MAXPHYADDR but not RAM: this is no ioremap.
expect("cannot map 0xffffc90000000000 -> 0x3ffffffff000: physical 0x3ffffffff000 is not RAM (m:map_page is no ioremap)",
       m64.map_page, m64, 0xffffc90000000000, (1 << 46) - 4096)
assert(m64:map_page(0xffffc90000000000, 0x3fff000))
assert(m64:translate(0xffffc90000000123) == 0x3fff123)
expect("no user task with pid 99", m64.map_page, m64, 0x400000, 0x5000, {pid = 99})

local arm = mm.boot{arch = "arm32", mem = "256M"}
expect("cannot map 0xc8001000: inside the direct map [0xc0000000, 0xd0000000), which the kernel owns (only user, vmalloc and modules addresses)",
       arm.map_page, arm, 0xc8001000, 0x5000)
expect("cannot set_memory_ro 0xc8001000: ARM changes only vmalloc/module pages, never the linear map's sections",
       arm.set_memory, arm, 0xc8001000, 1, "ro")
expect("cannot map 0x100000000 -> 0x5000: virtual address beyond the 32-bit address space",
       arm.map_page, arm, 0x100000000, 0x5000)
expect("cannot map 0xf8000000 -> 0x100000000: physical address beyond 32 bits",
       arm.map_page, arm, 0xf8000000, 0x100000000)
