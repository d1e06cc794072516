-- T3 (hardware half): kernel pages have U/S = 0, so a user-mode access
-- makes the MMU raise a fault; the kernel then sends SIGSEGV.
for _, arch in ipairs{"x86_32", "x86_64", "arm32"} do
  local m = mm.boot{arch = arch, mem = "512M"}
  local kaddr = m:layout()[1] and nil
  for _, r in ipairs(m:layout()) do
    if r.name == "lowmem" or r.name == "direct map" or r.name == "page_offset_base" then
      kaddr = kaddr or r.start
    end
  end
  kaddr = kaddr or (arch == "x86_64" and 0xffff888000000000 or 0xc0000000)
  kaddr = kaddr + 0x200000
  -- The kernel itself can read it ...
  assert(m:translate(kaddr), "kernel access faulted")
  -- ... user mode cannot.
  local pa, f = m:translate(kaddr, {user = true})
  if pa then error(arch .. ": user mode read a kernel page") end
  if arch == "arm32" then
    print(string.format("%-7s %s, DFSR=%#x (permission fault), DFAR=%#x", arch, f.kind, f.fsr, f.far))
    if f.status ~= 0x0d and f.status ~= 0x0f then error("not a permission fault") end
  else
    print(string.format("%-7s #PF error_code=%#x (P=1 U/S=1) cr2=%#x", arch, f.error_code, f.cr2))
    if f.vector ~= 14 or f.error_code ~= 5 then error("expected #PF with P|U") end
  end
end
