-- T2 with real processes: two spawned processes (and a fork) have page
-- directories of their own, whose user halves differ, while their kernel
-- halves are the same entries as the kernel's own (swapper_pg_dir):
-- pgd_alloc() copies them, so entering the kernel needs no CR3 change.
local m = mm.boot{arch = "x86_64", mem = "512M"}
local a = m:spawn("a", {norandmaps = true})
local b = m:spawn("b", {seed = 7})
local c = a:fork()
local swapper = m:cpu(0):regs().cr3 & ~0xfff
-- KERNEL_PGD_BOUNDARY: entries 256..511 map the kernel half.
local ref = m:phys_read(swapper + 256 * 8, 256 * 8)
local pgds = {}
for _, t in ipairs{a, b, c} do
  local pgd = m:task(t:pid()).pgd
  assert(not pgds[pgd], "two processes share a pgd")
  pgds[pgd] = true
  assert(m:phys_read(pgd + 256 * 8, 256 * 8) == ref,
         "kernel half of pid " .. t:pid() .. " differs")
  print(("pid %d (%s): pgd %#x, kernel half = swapper's"):format(t:pid(), t:comm(), pgd))
end
-- The user halves differ: each process's own mapping is in its own pgd.
assert(a:write(a:mmap{len = 4096}, "a"))
assert(b:write(b:mmap{len = 4096}, "b"))
assert(m:phys_read(m:task(a:pid()).pgd, 256 * 8) ~= m:phys_read(m:task(b:pid()).pgd, 256 * 8))
-- A kernel address translates the same in every process.
local kaddr = 0xffff888000100000
local pa = m:translate(kaddr)
for _, t in ipairs{a, b, c} do
  m:context_switch(m:task(t:pid()).pid)
  assert(m:translate(kaddr) == pa)
end
m:context_switch(0)
print(("kernel %#x -> %#x in all three"):format(kaddr, pa))
assert(m:check())
