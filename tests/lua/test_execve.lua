-- task:execve(): a new image in a fresh mm while the pid stays; the old
-- address space is freed (no page leaks once the process exits), a CPU
-- running the process loads the new page tables, FD_CLOEXEC fds close and
-- the others keep their file and offset, a forked child keeps its own
-- copy of the old image; m:check() after each step.
local H = dofile("tests/lua/lib/harness.lua")
local test = H.test
local P = 4096

for _, arch in ipairs{"x86_64", "x86_32", "arm32"} do
  local m = mm.boot{arch = arch, mem = "128M", seed = 11}
  assert(m:mkdir("/t") and m:mount("tmpfs", "/t"))
  local warm = m:spawn("warm"); warm:exit()
  m:slab_shrink(); m:drain_pages()
  local free0 = m:stats().nr_free_pages

  test(arch .. ": execve replaces the image, keeps the pid and the fds without cloexec", function()
    local p = m:spawn("sh")
    local a = assert(p:mmap{len = 8 * P})
    assert(p:write(a, "before exec"))
    local keep = assert(p:sys_open("/t/keep", "rw|creat"))
    local shut = assert(p:sys_open("/t/shut", "rw|creat|cloexec"))
    assert(p:write(a + P, "12345"))
    assert(p:sys_write(keep, a + P, 5) == 5)
    local child = p:fork()
    m:switch_to(p, 0)
    local regs0 = m:cpu(0):regs()
    local pid = p:pid()
    assert(p:execve("ls", {text = 0x8000}))
    assert(m:check())
    assert(p:pid() == pid and p:comm() == "ls")
    local regs1 = m:cpu(0):regs()
    if regs0.cr3 then
      assert(regs1.cr3 ~= regs0.cr3, "CPU 0 runs the new page tables")
    else
      assert(regs1.ttbr0 ~= regs0.ttbr0, "CPU 0 runs the new page tables")
    end
    -- the new image: text (8 pages asked), data, bss, stack; no old mmap
    local vmas = p:vmas()
    assert(#vmas == 4, "4 VMAs after execve, got " .. #vmas)
    assert(vmas[1]["end"] - vmas[1].start == 0x8000 and vmas[1].prot == "r-xp")
    for _, v in ipairs(vmas) do
      assert(not (v.start <= a and a < v["end"]), "the old mmap is gone")
    end
    local ok, sig = p:read(a, 1)
    assert(ok == nil and sig.name == "SIGSEGV", "the old mapping faults")
    assert(not p:alive(), "the SIGSEGV killed the new image")
    -- the child still has the old image
    assert(child:read(a, 11) == "before exec")
    child:exit()
    assert(m:check())
  end)

  test(arch .. ": fds across execve", function()
    local p = m:spawn("sh")
    local a = assert(p:mmap{len = P})
    local keep = assert(p:sys_open("/t/keep2", "rw|creat"))
    local shut = assert(p:sys_open("/t/shut2", "rw|creat|cloexec"))
    assert(p:write(a, "abcde"))
    assert(p:sys_write(keep, a, 5) == 5)
    assert(p:execve("cat"))
    local fds = p:fds()
    assert(#fds == 1 and fds[1].fd == keep and fds[1].path == "/t/keep2")
    assert(fds[1].pos == 5, "the offset stays")
    local ok, e = p:sys_close(shut)
    assert(ok == nil and e == "EBADF", "the cloexec fd was closed")
    -- the new image works: map, write, read back through the fd
    local b = assert(p:mmap{len = P})
    assert(p:sys_pread64(keep, b, 5, 0) == 5 and p:read(b, 5) == "abcde")
    assert(m:check())
    p:exit()
    assert(m:check())
  end)

  test(arch .. ": limits and fault counts belong to the new image too", function()
    local p = m:spawn("sh")
    assert(p:setrlimit("RLIMIT_AS", 64 << 20))
    assert(p:setrlimit("RLIMIT_MEMLOCK", 0))
    assert(p:execve("/usr/bin/ls"))
    assert(p:comm() == "ls", "comm is the base name: " .. p:comm())
    local ok, e = p:mmap{len = 128 << 20}
    assert(ok == nil and e == "ENOMEM", "RLIMIT_AS still applies")
    local a = assert(p:mmap{len = 4096})
    ok, e = p:mlock(a, 4096)
    assert(ok == nil and e == "EPERM", "RLIMIT_MEMLOCK 0 still applies: " .. tostring(e))
    local f0 = p:faults().min_flt
    assert(p:write(a, "x"))
    assert(p:faults().min_flt == f0 + 1, "the fault is counted")
    assert(m:check())
    p:exit()
  end)

  test(arch .. ": an unlimited stack and the mmap layout", function()
    local p = m:spawn("sh", {norandmaps = true})
    assert(p:setrlimit("RLIMIT_STACK", "unlimited"))
    assert(p:execve("big", {norandmaps = true}))
    local mmv = p:mm()
    assert(mmv.stack_rlimit == -1, "RLIM_INFINITY")
    local a = assert(p:mmap{len = 4096})
    local b = assert(p:mmap{len = 4096})
    if arch == "arm32" then
      -- mm/util.c: legacy, bottom-up from TASK_UNMAPPED_BASE
      assert(mmv.mmap_base == (mmv.task_size // 3 + 4095) // 4096 * 4096,
             ("legacy mmap_base %x"):format(mmv.mmap_base))
      assert(a >= mmv.mmap_base and b > a, "bottom-up")
    else
      -- x86: still top-down, below the largest gap (task_size / 6)
      local want = (mmv.task_size - mmv.task_size // 6 * 5 + 4095) // 4096 * 4096
      assert(mmv.mmap_base == want, ("mmap_base %x, want %x"):format(mmv.mmap_base, want))
      assert(a < mmv.mmap_base and b < a, "top-down")
    end
    assert(m:check())
    p:exit()
  end)

  test(arch .. ": bad execve calls", function()
    local p = m:spawn("sh")
    H.expect_error("RLIMIT_STACK", p.execve, p, "x", {stack = 1 << 20})
    H.expect_error("larger than 1G", p.execve, p, "x", {text = 2 << 30})
    H.expect_error("seed= must be an integer", p.execve, p, "x", {seed = "zz"})
    assert(p:comm() == "sh", "a refused execve changes nothing")
    p:exit()
    local ok, e = p:execve("x")
    assert(ok == nil and e == "ESRCH")
    assert(m:check())
  end)

  test(arch .. ": nothing leaks", function()
    for _, f in ipairs{"keep", "shut", "keep2", "shut2"} do
      assert(m:unlink("/t/" .. f))	-- the files' page cache
    end
    m:slab_shrink(); m:drain_pages()
    assert(m:stats().nr_free_pages == free0,
           "leak of " .. free0 - m:stats().nr_free_pages .. " pages")
  end)
end
H.finish()
