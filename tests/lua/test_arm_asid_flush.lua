-- ARM: unmapping a page of a task that is not running flushes its ASID's
-- entries on every CPU (TLBIMVAIS), so switching back faults.
local m = mm.boot{arch = "arm32", mem = "256M", cpus = 2}
local a = m:task_create("A")
local b = m:task_create("B")
m:context_switch(a, 1)
m:map_page(0x10000, 0x200000, {prot = "rw", user = true, pid = a})
assert(m:translate(0x10000, {user = true, cpu = 1}) == 0x200000)
m:context_switch(b, 1)
m:unmap_page(0x10000, {pid = a})
m:context_switch(a, 1)
local pa, f = m:translate(0x10000, {user = true, cpu = 1})
assert(not pa, "stale ASID entry survived the unmap")
assert(f.status == 0x7, string.format("fsr %#x", f.fsr))
