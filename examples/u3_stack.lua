-- U3: the stack. 8 MiB (RLIMIT_STACK) of address space may be used, but
-- the VMA starts at 132 KiB and grows down on faults; each page gets a
-- frame when first touched. Beyond the limit, or into the guard gap of a
-- mapping below, the access is SIGSEGV (SEGV_MAPERR).
local P = 4096
for _, arch in ipairs{"x86_32", "x86_64", "arm32"} do
  local m = mm.boot{arch = arch, mem = "256M"}
  local t = m:spawn("a.out", {norandmaps = true, stack = "1M"})
  local v = t:vmas()
  local stk = v[#v]
  local top = stk["end"]
  assert(t:getrlimit("stack") == 1 << 20)
  assert(top - stk.start == 132 * 1024, arch .. ": initial stack size")
  local rss0 = t:mm().rss_anon
  -- Touch a page 512 KiB down: the VMA grows to it, one frame more.
  assert(t:write(top - 512 * 1024, "frame"))
  v = t:vmas()
  assert(v[#v].start == top - 512 * 1024, arch .. ": stack did not grow")
  assert(t:mm().rss_anon == rss0 + 1, arch .. ": growth allocated more than the page touched")
  -- The last page within RLIMIT_STACK still works ...
  assert(t:write(top - (1 << 20), "x"))
  -- ... one page more is SIGSEGV, SEGV_MAPERR at that address.
  local ok, si = t:write(top - (1 << 20) - P, "y")
  assert(not ok and si.name == "SIGSEGV" and si.code == "SEGV_MAPERR", arch)
  assert(si.addr == top - (1 << 20) - P)
  print(("%-7s stack %x..%x grew to 1M; beyond: %s %s at %#x"):format(
        arch, top - 132 * 1024, top, si.name, si.code, si.addr))

  -- The guard gap: a mapping just below the stack stops growth
  -- stack_guard_gap (256 pages = 1 MiB) above it.
  local u = m:spawn("gap", {norandmaps = true})
  local us = u:vmas()[#u:vmas()]
  local below = us.start - (1 << 20) - 8 * P
  assert(u:mmap{addr = below, len = 4 * P, flags = "private|anonymous|fixed"})
  local ok2, si2 = u:write(us.start - 8 * P, "z")
  assert(not ok2 and si2.code == "SEGV_MAPERR", arch .. ": grew into the guard gap")
  print(("%-7s a mapping %d KiB below the stack: growth refused (guard gap)"):format(
        arch, (us.start - below - 4 * P) // 1024))
  assert(m:check())
end
