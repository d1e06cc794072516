-- Processes on every architecture: demand paging (zero page on a read,
-- a private page on a write), COW fork (parent unchanged, reuse without a
-- copy once the other side exited), SIGSEGV of each kind, stack growth
-- under RLIMIT_STACK, and exit giving every page back.
for _, arch in ipairs{"x86_32", "x86_32_pae", "x86_64", "x86_64_la57", "arm32"} do
  local m = mm.boot{arch = arch, mem = "256M"}
  local warm = m:spawn("warm")	-- caches and the zero page
  warm:exit()
  m:slab_shrink(); m:drain_pages()
  local free0 = m:stats().nr_free_pages

  local t = m:spawn("a.out", {norandmaps = true})
  local a = assert(t:mmap{len = 4 * 4096, prot = "rw-"})
  assert(not t:pte(a).present)
  assert(t:read(a, 8) == string.rep("\0", 8))
  local p = t:pte(a)
  assert(p.present and p.zero and not p.write and p.user, arch)
  assert(t:write(a + 1, "hello"))
  p = t:pte(a)
  assert(p.present and not p.zero and p.write and p.dirty and p.mapcount == 1, arch)
  assert(m:check())

  -- fork: both PTEs write-protected, one page mapped twice.
  local c = assert(t:fork())
  local pp, cp = t:pte(a), c:pte(a)
  assert(pp.pfn == cp.pfn and not pp.write and not cp.write, arch)
  assert(pp.mapcount == 2 and pp.refcount == 2, arch)
  assert(m:check())
  assert(c:write(a, "C"))
  assert(c:pte(a).pfn ~= t:pte(a).pfn, arch .. ": child wrote in place")
  assert(t:read(a, 6) == "\0hello", arch .. ": parent changed")
  assert(c:read(a, 6) == "Chello")
  -- Another page, shared; the child exits; the parent reuses it.
  assert(t:write(a + 4096, "x"))
  local c2 = t:fork()
  local pfn = t:pte(a + 4096).pfn
  c2:exit()
  assert(t:write(a + 4096, "y"))
  assert(t:pte(a + 4096).pfn == pfn, arch .. ": no reuse after the child exited")
  assert(m:check())

  -- The stack grows down on a fault, up to RLIMIT_STACK.
  local mmv = t:mm()
  local vmas = t:vmas()
  local stk = vmas[#vmas]
  assert(t:write(stk.start - 3 * 4096, "s"), arch .. ": stack did not grow")
  assert(t:vmas()[#vmas].start == stk.start - 3 * 4096)
  assert(mmv.stack_rlimit == 8 << 20)

  -- SIGSEGV: a hole (MAPERR), a read-only VMA (ACCERR), the kernel half.
  local ro = assert(t:mmap{len = 4096, prot = "r--"})
  local function dies(task, fn, code, addr)
    local ok, si = fn(task)
    assert(ok == nil and si.signo == 11 and si.name == "SIGSEGV", arch)
    assert(si.code == code, arch .. ": " .. si.code .. " ~= " .. code)
    assert(si.addr == addr, string.format("%s: addr %x", arch, si.addr))
    assert(not task:alive())
    assert(task:signals()[1].code == code)
    assert(m:check())
  end
  local k1, k2, k3 = t:fork(), t:fork(), t:fork()
  dies(k1, function(k) return k:write(ro, "z") end, "SEGV_ACCERR", ro)
  dies(k2, function(k) return k:read(0x10000, 1) end, "SEGV_MAPERR", 0x10000)
  local kva = m:va(0x100000)	-- the direct map: present, supervisor
  dies(k3, function(k) return k:read(kva, 1) end, "SEGV_MAPERR", kva)
  -- The rest are untouched.
  assert(t:alive() and c:alive() and t:read(a, 6) == "\0hello")
  if arch == "x86_64" then
    local g = t:fork()
    dies(g, function(k) return k:read(0x0000800000000000, 1) end, "SI_KERNEL", 0)
  end
  if arch ~= "x86_32" then	-- NX exists
    local e = t:fork()
    dies(e, function(k) return k:exec(a) end, "SEGV_ACCERR", a)
  end
  -- Beyond the stack limit.
  local s = m:spawn("small", {stack = "64K", norandmaps = true})
  local sv = s:vmas()
  local far = sv[#sv]["end"] - (64 << 10) - 4096
  dies(s, function(k) return k:write(far, "x") end, "SEGV_MAPERR", far)

  t:exit(); c:exit()
  assert(m:check())
  m:slab_shrink(); m:drain_pages()
  assert(m:stats().nr_free_pages == free0,
         arch .. ": pages leaked: " .. free0 - m:stats().nr_free_pages)
end
