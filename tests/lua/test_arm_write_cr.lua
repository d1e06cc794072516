-- ARM CP15 writes from Lua: cpu:write_cr on TTBR0/TTBR1/TTBCR/DACR/SCTLR/
-- CONTEXTIDR takes effect in the MMU at once (DACR even for translations
-- already in the TLB), a TTBR0 change without a flush leaves the TLB
-- stale as on hardware, and values the MMU cannot honour are refused
-- with an error, changing nothing.
local m = mm.boot{arch = "arm32", mem = "256M"}
local c = m:cpu(0)
local r0 = c:regs()
local KVA = 0xc0000000

local pa = m:translate(KVA)
assert(pa, "the linear map translates")

-- DACR: domain 0 (kernel) no access -> domain fault, even on a TLB hit.
assert(c:write_cr("dacr", r0.dacr & ~3) == true)
assert(c:regs().dacr == r0.dacr & ~3)
local p, f = m:translate(KVA)
assert(not p, "a no-access domain must fault")
assert(f.status == 0x9 or f.status == 0xb,
       string.format("domain fault expected, status %#x", f.status))
c:write_cr("dacr", r0.dacr)
assert(m:translate(KVA) == pa)

-- TTBR0 must point at a page directory the kernel loaded on this CPU
-- (swapper_pg_dir or the current task's): anything else (a table outside
-- RAM, a random page) is refused, so m:check() never sees an unknown root.
for _, v in ipairs{0xf0000000, 0x4000, r0.ttbr0 + 0x4000} do
  local ok, err = pcall(c.write_cr, c, "ttbr0", v)
  assert(not ok and tostring(err):find("is not a page directory the kernel loaded on cpu 0", 1, true),
         tostring(err))
  assert(c:regs().ttbr0 == r0.ttbr0, "a refused ttbr0 write changed it")
end
assert(m:check())

-- CONTEXTIDR: the ASID in bits 7:0.
assert(c:write_cr("contextidr", 0x1205) == true)
assert(c:regs().contextidr == 0x1205)
c:write_cr("contextidr", r0.contextidr)

-- SCTLR.M off: physical addressing.
assert(c:write_cr("sctlr", r0.sctlr & ~1) == true)
assert(m:translate(0x123000) == 0x123000)
c:write_cr("sctlr", r0.sctlr)
assert(m:translate(KVA) == pa)

-- Refused values: a clear error, nothing changes.
local function refused(reg, v, pattern)
	local ok, err = pcall(c.write_cr, c, reg, v)
	assert(not ok, reg .. " write accepted")
	assert(tostring(err):find(pattern, 1, true),
	       "unexpected message: " .. tostring(err))
end
refused("ttbcr", 0x80000000, "lpae")
refused("ttbcr", 0x10, "pd0")
refused("ttbcr", 0x100, "reserved ttbcr bits")
refused("ttbr0", r0.ttbr0 | 0x80, "not aligned")
refused("ttbr1", 0x2000, "not aligned")
refused("sctlr", r0.sctlr | (1 << 29), "afe")
refused("sctlr", r0.sctlr | (1 << 25), "big-endian")
refused("sctlr", r0.sctlr | (1 << 7), "reserved sctlr bits")
refused("dacr", 0x100000000, "more than 32 bits")
local r1 = c:regs()
for _, k in ipairs{"sctlr", "ttbr0", "ttbr1", "ttbcr", "dacr", "contextidr"} do
	assert(r1[k] == r0[k], k .. " changed by a refused write")
end
assert(m:translate(KVA) == pa)

-- TTBCR.N: TTBR0 then needs only 16 KiB >> N alignment.
assert(c:write_cr("ttbcr", 2) == true)
assert(c:regs().ttbcr == 2)
c:write_cr("ttbcr", r0.ttbcr)

-- A TTBR0 write between the two known pgds does not flush the TLB: a
-- task's user page stays reachable through swapper_pg_dir until a flush.
local pid = m:task_create("t")
m:map_page(0x10000, 0x200000, {prot = "rw", user = true, pid = pid})
m:context_switch(pid)
assert(m:translate(0x10000) == 0x200000)
local task_ttbr0 = c:regs().ttbr0
assert(c:write_cr("ttbr0", r0.ttbr0) == true)
assert(m:translate(0x10000) == 0x200000, "a TTBR0 write does not flush the TLB")
c:flush()
p, f = m:translate(0x10000)
assert(not p and f.status == 0x5, "swapper_pg_dir maps no user page")
assert(m:check())
assert(c:write_cr("ttbr0", task_ttbr0) == true)
assert(m:translate(0x10000) == 0x200000)
m:context_switch(0)
assert(m:check())

-- An x86 CPU has none of them.
local x = mm.boot{arch = "x86_64", mem = "64M"}
local ok, err = pcall(x:cpu(0).write_cr, x:cpu(0), "ttbr0", 0)
assert(not ok and tostring(err):find("arm register", 1, true), tostring(err))
print("arm write_cr ok")
