-- T2: every process's page tables contain the same kernel part, so a system
-- call changes privilege without changing CR3 or flushing the TLB.
local m = mm.boot{arch = "x86_64", mem = "1G"}
local kaddr = 0xffff888000000000 + 0x100000
local pids = {m:task_create("a"), m:task_create("b"), m:task_create("c")}
local swapper = m:cpu(0):regs().cr3 & ~0xfff
local ref = m:phys_read(swapper + 273 * 8, (512 - 273) * 8)   -- pgd_index(PAGE_OFFSET) = 273
for _, pid in ipairs(pids) do
  local t = m:task(pid)
  local half = m:phys_read(t.pgd + 273 * 8, (512 - 273) * 8)
  if half ~= ref then error("kernel half of pid " .. pid .. " differs") end
  m:context_switch(pid)
  local pa = m:translate(kaddr)
  print(string.format("pid %d pgd %#x: kernel %#x -> %#x", pid, t.pgd, kaddr, pa))
  if pa ~= 0x100000 then error("kernel mapping differs") end
end
-- A system call: user -> kernel with the same CR3, the TLB untouched.
local cpu = m:cpu(0)
local cr3, flushes = cpu:regs().cr3, cpu:tlb().flushes
cpu:return_to_user()
cpu:enter_kernel()
if cpu:regs().cr3 ~= cr3 or cpu:tlb().flushes ~= flushes then error("syscall changed CR3") end
print("system call: CR3 unchanged, no TLB flush")
m:context_switch(0)
