-- ARM: read-only protections stay read-only through pt_map_range() (bit 7
-- of a Linux PTE is L_PTE_RDONLY, not x86's PSE), for user and kernel pages.
local m = mm.boot{arch = "arm32", mem = "1G"}
local L_PTE_RDONLY = 1 << 7

local p = m:task_create("u")
m:context_switch(p)
m:map_page(0x10000, 0x200000, {prot = "r", user = true, pid = p})
local w = m:walk(0x10000)
local hw = w[#w]
-- The Linux PTE sits 2 KiB below the hardware PTE.
local linux = string.unpack("<I4", m:phys_read(hw.entry_addr - 2048, 4))
assert(linux & L_PTE_RDONLY ~= 0,
       string.format("user r/o Linux pte %#x lacks L_PTE_RDONLY", linux))
assert(hw.value & (1 << 9) ~= 0, "hardware pte lacks APX")
assert(m:translate(0x10000, {user = true}) == 0x200000)
local pa, f = m:translate(0x10000, {user = true, write = true})
assert(not pa and f.status == 0xf, "user write to a r/o page must fault")

-- A kernel read-only page: AP=101, a write is a permission fault (0xf).
m:map_page(0xf8000000, 0x300000, {prot = "r"})
assert(m:translate(0xf8000000) == 0x300000)
pa, f = m:translate(0xf8000000, {write = true})
assert(not pa, "kernel write to a r/o page must fault")
assert(f.status == 0xf, string.format("fsr %#x", f.fsr))
assert(f.fsr & (1 << 11) ~= 0, "WnR not set")
m:context_switch(0)
