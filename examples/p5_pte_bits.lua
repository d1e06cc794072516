-- P5: a PTE holds the frame number and the bits Present, Read/Write,
-- User/Supervisor, Accessed, Dirty, NX... The MMU sets Accessed and Dirty
-- in the entry in RAM; a not-present entry makes it raise a page fault.
local m = mm.boot{arch = "x86_64", mem = "1G"}
local pid = m:task_create("demo")
m:context_switch(pid)
local va = 0x400000
m:map_page(va, 0x3000000, {prot = "rw", user = true, pid = pid})
local function pte() local w = m:walk(va) return w[#w] end
print("fresh:      ", pte().flags)
if not pte().flags:find("US") then error("user bit missing") end
if pte().flags:find(" D") then error("dirty before any write") end

assert(m:translate(va, {user = true}) == 0x3000000)       -- a read
print("after read: ", pte().flags)
if not pte().flags:find(" A") then error("accessed not set") end
assert(m:translate(va + 8, {user = true, write = true}))   -- a write
print("after write:", pte().flags)
if not pte().flags:find(" D") then error("dirty not set") end

-- The frame number is bits 51:12 of the entry.
if (pte().value & 0x000ffffffffff000) ~= 0x3000000 then error("pfn") end

-- Not present: #PF, error code 4 (user read) / 6 (user write), CR2 = address.
m:unmap_page(va, {pid = pid})
m:invlpg(va)
local pa, f = m:translate(va, {user = true, write = true})
print(string.format("after unmap: %s, error_code=%d, cr2=%#x", f.kind, f.error_code, f.cr2))
if pa or f.vector ~= 14 or f.error_code ~= 6 or f.cr2 ~= va then error("expected #PF 6") end
m:context_switch(0)
