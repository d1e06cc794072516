-- mremap, madvise, mlock/munlock, mincore and the resource limits, with
-- Linux's errno for each refusal, on every architecture; each step ends
-- with m:check() and the machine gets every page back at the end.
local function err(want, ok, got)
  assert(ok == nil and got == want, ("expected %s, got %s %s"):format(
         want, tostring(ok), tostring(got)))
end

for _, arch in ipairs{"x86_32", "x86_64", "arm32"} do
  local m = mm.boot{arch = arch, mem = "256M"}
  local warm = m:spawn("warm"); warm:exit()
  m:slab_shrink(); m:drain_pages()
  local free0 = m:stats().nr_free_pages
  local P = 4096
  local t = m:spawn("a.out", {norandmaps = true})

  -- mremap: shrink, grow in place, refuse to move, move with MAYMOVE.
  local a = assert(t:mmap{len = 4 * P})
  assert(t:write(a, "abc") and t:write(a + 3 * P, "tail"))
  assert(t:mremap(a, 4 * P, 2 * P) == a)
  assert(#t:mincore(a, 2 * P) == 2)
  err("ENOMEM", t:mincore(a, 4 * P))
  assert(t:mremap(a, 2 * P, 3 * P) == a, "grow in place")
  local blocker = assert(t:mmap{addr = a + 3 * P, len = P, flags = "private|anonymous|fixed"})
  err("ENOMEM", t:mremap(a, 3 * P, 8 * P))		-- no room, no MAYMOVE
  local b = assert(t:mremap(a, 3 * P, 8 * P, "maymove"))
  assert(b ~= a and t:read(b, 3) == "abc", arch .. ": data did not move")
  assert(t:pte(b).present and not t:pte(a).present)
  assert(t:read(b + 2 * P, 4) == "\0\0\0\0")
  local fixed = blocker + 64 * P
  assert(t:mremap(b, 8 * P, 8 * P, "maymove|fixed", fixed) == fixed)
  assert(t:read(fixed, 3) == "abc")
  err("EINVAL", t:mremap(fixed, P, 2 * P, "fixed", fixed + 32 * P))	-- FIXED needs MAYMOVE
  err("EINVAL", t:mremap(fixed + 1, P, P))
  err("EINVAL", t:mremap(fixed, P, 0))
  err("EINVAL", t:mremap(fixed, 8 * P, 8 * P, "maymove|fixed", fixed + 4 * P))	-- overlap
  err("EINVAL", t:mremap(fixed, P, 2 * P, 8))		-- unknown flag
  err("EFAULT", t:mremap(fixed + 64 * P, P, 2 * P, "maymove"))	-- not mapped
  err("EFAULT", t:mremap(fixed, 16 * P, 32 * P, "maymove"))	-- crosses the VMA end
  assert(m:check())

  -- madvise: DONTNEED refaults zero-filled; FREE is lazy; bad advice.
  assert(t:write(fixed, "data"))
  local pfn = t:pte(fixed).pfn
  assert(t:madvise(fixed, P, "dontneed"))
  assert(not t:pte(fixed).present)
  assert(t:read(fixed, 4) == "\0\0\0\0" and t:pte(fixed).zero)
  assert(t:write(fixed + P, "lazy"))
  assert(t:madvise(fixed + P, P, "MADV_FREE"))
  local p = t:pte(fixed + P)
  assert(p.present and not p.dirty, arch .. ": MADV_FREE left the page dirty")
  local roll = m:cat("/proc/" .. t:pid() .. "/smaps_rollup")
  assert(roll:match("LazyFree:%s+4 kB"), roll)
  assert(t:madvise(fixed, 2 * P, "willneed"))
  err("EINVAL", t:madvise(fixed, P, 77))
  err("EINVAL", t:madvise(fixed + 1, P, "dontneed"))
  err("EPERM", t:madvise(fixed, P, "hwpoison"))
  err("ENOMEM", t:madvise(fixed + 64 * P, P, "dontneed"))
  assert(t:madvise(fixed, 0, "dontneed"))
  -- DONTFORK splits the VMA; DOFORK merges it back.
  local n = #t:vmas()
  assert(t:madvise(fixed + 2 * P, P, "dontfork"))
  assert(#t:vmas() == n + 2)
  assert(t:madvise(fixed + 2 * P, P, "dofork"))
  assert(#t:vmas() == n)
  assert(m:check())
  _ = pfn

  -- mlock: VM_LOCKED, populated, RLIMIT_MEMLOCK.
  local l = assert(t:mmap{len = 8 * P})
  assert(t:mlock(l + 100, 2 * P))		-- rounds out to 3 pages
  assert(t:pte(l).present and t:pte(l + 2 * P).present and not t:pte(l + 3 * P).present)
  assert(m:cat("/proc/" .. t:pid() .. "/status"):match("VmLck:%s+12 kB"))
  err("EINVAL", t:madvise(l, P, "dontneed"))	-- locked
  assert(t:munlock(l, 8 * P))
  assert(m:cat("/proc/" .. t:pid() .. "/status"):match("VmLck:%s+0 kB"))
  assert(t:setrlimit("RLIMIT_MEMLOCK", 2 * P))
  err("ENOMEM", t:mlock(l, 4 * P))
  assert(t:mlock(l, 2 * P))
  assert(t:mlock(l, 2 * P), "re-locking counts once")
  err("EAGAIN", t:mmap{len = 4 * P, flags = "private|anonymous|locked"})
  assert(t:setrlimit("memlock", 0, 0))
  err("EPERM", t:mlock(l, P))
  err("EPERM", t:mmap{len = P, flags = "private|anonymous|locked"})
  err("EPERM", t:setrlimit("memlock", 0, 16 * P))	-- raising the hard limit
  err("EINVAL", t:setrlimit("memlock", 2 * P, P))	-- cur > max
  err("ENOMEM", t:munlock(l + 64 * P, P))
  assert(m:check())

  -- RLIMIT_AS and RLIMIT_DATA: mmap and brk.
  local vm = t:mm().total_vm * P
  assert(t:setrlimit("as", vm + 4 * P))
  assert(select(1, t:getrlimit("as")) == vm + 4 * P)
  assert(select(2, t:getrlimit("as")) == "unlimited")
  err("ENOMEM", t:mmap{len = 8 * P})
  local ok4 = assert(t:mmap{len = 4 * P})
  assert(t:munmap(ok4, 4 * P))
  local brk0 = t:brk()
  assert(t:setrlimit("as", "unlimited"))
  assert(t:setrlimit("data", 0))
  -- Linux's valgrind case: a soft limit of 0 under a larger hard limit.
  assert(t:munmap(assert(t:mmap{len = P}), P))
  assert(t:setrlimit("data", 0, 0))
  assert(t:brk(brk0 + P) == brk0, "brk grew past RLIMIT_DATA")
  err("ENOMEM", t:mmap{len = P, prot = "rw-"})
  assert(t:mmap{len = P, prot = "r--"}, "read-only mappings are not data")
  err("EINVAL", t:setrlimit(99, 1))
  local ok, msg = pcall(t.setrlimit, t, "bogus", 1)
  assert(not ok and msg:match("unknown resource"))
  assert(t:getrlimit("stack") == 8 << 20 and select(2, t:getrlimit("stack")) == "unlimited")
  assert(m:check())

  -- RLIMIT_STACK lowered at run time bounds later growth.
  local s = m:spawn("stk", {norandmaps = true})
  local vmas = s:vmas()
  local stk = vmas[#vmas]
  assert(s:setrlimit("stack", (stk["end"] - stk.start) + 2 * P))
  assert(s:write(stk.start - 2 * P, "ok"))
  local _, si = s:write(stk.start - 4 * P, "no")
  assert(si and si.code == "SEGV_MAPERR", arch .. ": grew past RLIMIT_STACK")

  -- mincore: a vector of residency.
  local u = m:spawn("u", {norandmaps = true})
  local c = assert(u:mmap{len = 4 * P})
  assert(u:write(c + P, "x") and u:read(c + 3 * P, 1))
  local v = u:mincore(c, 4 * P - 1)
  assert(#v == 4 and v[1] == 0 and v[2] == 1 and v[3] == 0 and v[4] == 1, arch)
  err("EINVAL", u:mincore(c + 1, P))
  assert(m:check())

  t:exit(); u:exit()
  m:slab_shrink(); m:drain_pages()
  assert(m:stats().nr_free_pages == free0, arch .. ": pages leaked")
  assert(m:check())
end
print("ok")
