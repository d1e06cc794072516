-- T3 for processes: what a user-mode access that the kernel refuses
-- becomes. A kernel address: SIGSEGV with SEGV_MAPERR (the kernel half
-- has no VMA); a write to a read-only VMA: SEGV_ACCERR; executing a
-- non-executable page: SEGV_ACCERR where the hardware has NX (x86-64,
-- PAE, ARM XN), while 2-level x86_32 paging has no NX bit and runs it;
-- a non-canonical address on x86-64: #GP, SIGSEGV with SI_KERNEL and
-- si_addr 0. Each time the process dies and the others go on.
local P = 4096

for _, arch in ipairs{"x86_32", "x86_32_pae", "x86_64", "arm32"} do
  local m = mm.boot{arch = arch, mem = "256M"}
  local bystander = m:spawn("bystander", {norandmaps = true})
  local by = assert(bystander:mmap{len = P})
  assert(bystander:write(by, "alive"))
  local function victim() return m:spawn("victim", {norandmaps = true}) end
  local row = {}

  -- 1. A kernel address (the page is mapped, but U/S = 0, and no VMA).
  local t = victim()
  -- 1 MiB into the direct map (PAGE_OFFSET + 1M): mapped for the kernel.
  local ka = arch == "x86_64" and 0xffff888000100000 or 0xc0100000
  assert(m:translate(ka), "the kernel can read it")
  local ok, si = t:read(ka, 4)
  assert(not ok and si.name == "SIGSEGV" and si.code == "SEGV_MAPERR" and si.addr == ka, arch)
  assert(not t:alive() and t:signals()[1].code == "SEGV_MAPERR")
  row[#row + 1] = ("kernel %#x: %s"):format(ka, si.code)

  -- 2. A write to a read-only mapping.
  t = victim()
  local ro = assert(t:mmap{len = P, prot = "r--"})
  assert(t:read(ro, 1))
  ok, si = t:write(ro, "w")
  assert(not ok and si.code == "SEGV_ACCERR" and si.addr == ro, arch)
  row[#row + 1] = "write r--: " .. si.code

  -- 3. Executing data.
  t = victim()
  local data = assert(t:mmap{len = P, prot = "rw-"})
  assert(t:write(data, "\x90"))
  ok, si = t:exec(data)
  if arch == "x86_32" then
    assert(ok, "2-level x86_32 paging has no NX bit: the fetch succeeds")
    row[#row + 1] = "exec rw-: runs (no NX)"
    t:exit()
  else
    assert(not ok and si.code == "SEGV_ACCERR" and si.addr == data, arch)
    row[#row + 1] = "exec rw-: " .. si.code
  end

  -- 4. A non-canonical address (x86-64 only): #GP, not #PF.
  if arch == "x86_64" then
    t = victim()
    ok, si = t:read(0x0000800000000000, 1)
    assert(not ok and si.code == "SI_KERNEL" and si.addr == 0)
    row[#row + 1] = "non-canonical: SI_KERNEL addr 0"
  end

  assert(bystander:alive() and bystander:read(by, 5) == "alive")
  print(("%-10s %s"):format(arch, table.concat(row, "; ")))
  assert(m:check())
end
