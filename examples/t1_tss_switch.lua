-- T1: one TSS per CPU. The notes describe the hardware task switch (save,
-- load cr3, esp0/ss0 from the TSS). Linux switches in software: switch_mm
-- loads CR3, __switch_to updates the stack slot; TSS.sp0 stays the per-CPU
-- entry stack and the task's stack top goes to TSS.sp1 (x86_32).
local m = mm.boot{arch = "x86_32", mem = "512M"}
local cpu = m:cpu(0)
local tss0 = cpu:tss()
print(string.format("TSS at %#x: sp0=%#x ss0=%#x (__KERNEL_DS)", tss0.phys, tss0.sp0, tss0.ss0))
if tss0.ss0 ~= 0x68 then error("ss0 should be __KERNEL_DS") end

local a, b = m:task_create("a"), m:task_create("b")
for _, pid in ipairs{a, b, a} do
  m:context_switch(pid)
  local t, tss, regs = m:task(pid), cpu:tss(), cpu:regs()
  print(string.format("switch to %s: cr3=%#x sp0=%#x sp1=%#x (task stack top %#x)",
                      t.comm, regs.cr3, tss.sp0, tss.sp1, t.sp0))
  if regs.cr3 & ~0xfff ~= t.pgd then error("CR3 is not the task's pgd") end
  if tss.sp0 ~= tss0.sp0 then error("Linux never changes TSS.sp0") end
  if tss.sp1 ~= t.sp0 then error("TSS.sp1 is the task's stack top") end
  if tss.cr3 ~= 0 then error("the TSS cr3 field is unused") end
end

-- An interrupt in user mode: the CPU loads sp from TSS.sp0, the entry
-- code then moves to the task stack.
cpu:return_to_user()
local sp = cpu:enter_kernel()
if sp ~= m:task(a).sp0 then error("kernel entry did not land on the task stack") end
print(string.format("kernel entry from user: stack %#x, cpl %d", sp, cpu:regs().cpl))
m:context_switch(0)
