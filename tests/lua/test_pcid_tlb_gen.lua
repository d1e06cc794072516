-- switch_mm with PCID tracks each mm's tlb_gen (arch/x86/mm/tlb.c): a flush
-- of an mm that is not running makes its PCID slot stale, and switching
-- back to it must flush instead of loading CR3 with NOFLUSH.
local m = mm.boot{arch = "x86_64", mem = "1G"}
local cpu = m:cpu(0)
assert(cpu:regs().cr4 & (1 << 17) ~= 0, "PCIDE expected on x86_64")
local va = 0x400000

local a = m:task_create("A")
local b = m:task_create("B")
m:context_switch(a)
m:map_page(va, 0x3000000, {prot = "rw", user = true, pid = a})
assert(m:translate(va, {user = true}) == 0x3000000)   -- now in A's PCID
local gen = m:task(a).tlb_gen

m:context_switch(b)
m:unmap_page(va, {pid = a})                             -- A is not running
assert(m:task(a).tlb_gen == gen + 1, "unmap_page did not bump tlb_gen")
m:context_switch(a)
local pa, f = m:translate(va, {user = true})
assert(not pa, string.format("stale translation to %#x after unmap", pa or 0))
assert(f.vector == 14 and f.error_code == 4)

-- Without a flush the PCID slot is kept: NOFLUSH, entries survive.
m:map_page(va, 0x3001000, {prot = "rw", user = true, pid = a})
assert(m:translate(va, {user = true}) == 0x3001000)
m:context_switch(b)
local hits = cpu:tlb().hits
m:context_switch(a)
assert(m:translate(va, {user = true}) == 0x3001000)
assert(cpu:tlb().hits == hits + 1, "A's entry should have survived the switch")

-- invlpg of a non-running mm: the same lazy flush.
m:context_switch(b)
local w = m:walk(va)  -- B does not map va
assert(w.fault)
m:unmap_page(va, {pid = a, noflush = true})
m:map_page(va, 0x3002000, {prot = "rw", user = true, pid = a})
m:invlpg(va, {pid = a})
m:context_switch(a)
assert(m:translate(va, {user = true}) == 0x3002000, "invlpg{pid=} missed")

-- noflush really leaves the running CPU's entry stale (as on hardware).
m:unmap_page(va, {pid = a, noflush = true})
assert(m:translate(va, {user = true}) == 0x3002000, "expected a stale hit")
m:invlpg(va)
assert(not m:translate(va, {user = true}))
m:context_switch(0)
