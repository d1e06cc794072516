-- Bad system-call arguments get Linux's errno, on a 64-bit and a 32-bit
-- machine; nothing changes when a call fails.
for _, arch in ipairs{"x86_64", "x86_32"} do
  local m = mm.boot{arch = arch, mem = "128M"}
  local t = m:spawn("p", {norandmaps = true})
  local ts = t:mm().task_size
  local function err(want, ok, e)
    assert(ok == nil and e == want, arch .. ": expected " .. want .. ", got " ..
           tostring(ok) .. " " .. tostring(e))
  end
  local before = m:cat("/proc/" .. t:pid() .. "/maps")
  err("EINVAL", t:mmap{len = 0})
  err("EINVAL", t:mmap{len = 4096, flags = "anonymous"})		-- no type
  err("EINVAL", t:mmap{len = 4096, flags = 0x0f | 0x20})
  err("ENOMEM", t:mmap{len = -1})
  err("ENOMEM", t:mmap{len = ts + 4096})
  err("EINVAL", t:mmap{addr = 0x10000001, len = 4096, flags = "private|anonymous|fixed"})
  err("ENOMEM", t:mmap{addr = ts - 4096, len = 8192, flags = "private|anonymous|fixed"})
  err("EPERM", t:mmap{addr = 0x1000, len = 4096, flags = "private|anonymous|fixed"})
  err("EOPNOTSUPP", t:mmap{len = 4096, flags = 0x03 | 0x20 | 0x40000000})
  err("EBADF", t:mmap{len = 4096, flags = "private"})
  -- Unknown flag bits with MAP_PRIVATE are ignored, as Linux does.
  local x = assert(t:mmap{len = 4096, flags = 0x02 | 0x20 | 0x40000000})
  err("EEXIST", t:mmap{addr = x, len = 4096, flags = "private|anonymous|fixed_noreplace"})
  err("EINVAL", t:munmap(x + 1, 4096))
  err("EINVAL", t:munmap(x, 0))
  err("EINVAL", t:munmap(ts - 4096, 8192))
  err("EINVAL", t:munmap(-4096, 4096))
  assert(t:munmap(0x20000000, 4096))		-- nothing there: fine
  err("EINVAL", t:mprotect(x + 1, 4096, "r--"))
  err("EINVAL", t:mprotect(x, 4096, 0x10))
  err("ENOMEM", t:mprotect(x, 8192, "r--"))	-- a hole after x
  err("ENOMEM", t:mprotect(-4096, 8192, "r--"))	-- wraps
  assert(t:mprotect(x, 0, "r--"))
  assert(t:munmap(x, 4096))
  assert(m:cat("/proc/" .. t:pid() .. "/maps") == before)
  -- brk: below start_brk or into the next mapping is refused.
  local mmv = t:mm()
  assert(t:brk() == mmv.brk)
  assert(t:brk(mmv.end_data - 4096) == mmv.brk)	-- below end_data (COMPAT_BRK)
  assert(t:brk(mmv.start_brk + 5 * 4096 + 7) == mmv.start_brk + 5 * 4096 + 7)
  assert(m:cat("/proc/" .. t:pid() .. "/maps"):find("%[heap%]"))
  assert(t:mmap{addr = mmv.start_brk + 8 * 4096, len = 4096,
                flags = "private|anonymous|fixed"})
  assert(t:brk(mmv.start_brk + 9 * 4096) == mmv.start_brk + 5 * 4096 + 7)
  assert(t:brk(mmv.start_brk) == mmv.start_brk)
  -- Unknown prot letters and flag names are Lua errors.
  assert(not pcall(t.mmap, t, {len = 4096, prot = "rq"}))
  assert(not pcall(t.mmap, t, {len = 4096, flags = "private|bogus"}))
  assert(m:check())
  t:exit()
  err("ESRCH", t:mmap{len = 4096})
  assert(m:check())
end
