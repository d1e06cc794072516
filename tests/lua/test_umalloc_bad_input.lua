-- Bad input to the process's malloc: glibc's checks make the process
-- abort (SIGABRT in task:signals(), the process dead and its memory
-- freed), impossible sizes give nil, "ENOMEM" as glibc's NULL + errno,
-- wrong argument types are Lua errors; the host never crashes and
-- nothing leaks.
for _, arch in ipairs{"x86_64", "x86_32"} do
  local m = mm.boot{arch = arch, mem = "128M", seed = 5}
  local warm = m:spawn("warm"); assert(warm:malloc(1)); warm:exit()
  m:slab_shrink(); m:drain_pages()
  local free0 = m:stats().nr_free_pages
  local word = arch == "x86_64" and 8 or 4

  -- Run @f on a fresh process; it must die of SIGABRT with @msg.
  local function aborts(what, msg, f)
    local t = m:spawn(what)
    local a, si, text = f(t)
    assert(a == nil and type(si) == "table", arch .. " " .. what .. ": did not abort")
    assert(si.name == "SIGABRT" and si.signo == 6 and si.code == "SI_TKILL",
           arch .. " " .. what .. ": " .. tostring(si.name))
    assert(text == msg, ("%s %s: message %q, expected %q"):format(arch, what, tostring(text), msg))
    assert(not t:alive())
    local sigs = t:signals()
    assert(#sigs == 1 and sigs[1].name == "SIGABRT")
    assert(select(2, t:malloc(8)) == "ESRCH", "a dead process has no malloc")
  end

  aborts("stack", "free(): invalid pointer", function(t)
    local sp = t:mm().start_stack
    return t:free(sp - 64 & ~15)
  end)
  aborts("stack-first", "free(): invalid pointer", function(t)
    -- No malloc yet: no heap, and nothing malloc could have given.
    return t:free(t:mm().start_stack - 4096 & ~15)
  end)
  aborts("interior", "free(): invalid pointer", function(t)
    local a = assert(t:malloc(64))
    return t:free(a + 16)
  end)
  aborts("misaligned", "free(): invalid pointer", function(t)
    local a = assert(t:malloc(64))
    return t:free(a + 1)
  end)
  aborts("double", "double free or corruption (!prev)", function(t)
    local a, b, c = t:malloc(40), t:malloc(40), t:malloc(40)
    assert(a and b and c and t:free(b))
    return t:free(b)
  end)
  aborts("double-top", "double free or corruption (top)", function(t)
    local a = assert(t:malloc(40))
    assert(t:free(a))		-- merged into the top chunk
    return t:free(a)
  end)
  aborts("heap-arena", "free(): invalid pointer", function(t)
    -- The first chunk holds the malloc state: not the user's to free.
    assert(t:malloc(8))
    return t:free(t:malloc_stats().heap_start + 2 * word)
  end)
  aborts("beyond-top", "double free or corruption (out)", function(t)
    local a = assert(t:malloc(40))
    assert(t:write(a + 4096 - 2 * word + word, string.pack("<I" .. word, 0x40000)))
    return t:free(a + 4096)
  end)
  aborts("use-after-free", "malloc(): smallbin double linked list corrupted", function(t)
    local a, b = t:malloc(100), t:malloc(100)
    assert(a and b and t:free(a))
    -- A stray write into the freed chunk's bk link (use after free).
    assert(t:write(a + word, string.pack("<I" .. word, a + 4096)))
    return t:malloc(100)
  end)
  aborts("realloc", "realloc(): invalid pointer", function(t)
    local a = assert(t:malloc(64))
    assert(t:write(a + 64 - word, string.pack("<I" .. word, 3)))
    return t:realloc(a + 1, 10)
  end)

  -- A second free of an mmapped chunk reads its unmapped header:
  -- SIGSEGV, as with glibc.
  local t = m:spawn("munmapped")
  local big = assert(t:malloc(256 * 1024))
  assert(t:free(big))
  local r, si = t:free(big)
  assert(r == nil and si.name == "SIGSEGV" and si.code == "SEGV_MAPERR")
  assert(not t:alive())

  -- ENOMEM: glibc's NULL, errno ENOMEM; the process lives on.
  t = m:spawn("nomem")
  local function nomem(...) local a, e = ... assert(a == nil and e == "ENOMEM", ("%s %s"):format(a, e)) end
  nomem(t:malloc(-1))
  nomem(t:malloc(-4096))
  nomem(t:malloc(arch == "x86_64" and 1 << 62 or 3 << 30))
  if arch == "x86_64" then
    nomem(t:malloc(1 << 50))	-- more than the 47-bit user space
  else
    -- Two 2 GiB blocks cannot both fit in a 3 GiB user space. SIM: no
    -- overcommit heuristic, so the first one is granted whatever the RAM.
    local huge = assert(t:malloc(0x7fff0000))
    nomem(t:malloc(0x7fff0000))
    assert(t:free(huge))
  end
  nomem(t:calloc(1 << 33, 1 << 33))
  nomem(t:calloc(-1, 2))
  nomem(t:calloc(arch == "x86_64" and 1 << 31 or 1 << 16, arch == "x86_64" and 1 << 31 or 1 << 16))
  local keep = assert(t:malloc(100))
  assert(t:write(keep, ("k"):rep(100)))
  nomem(t:realloc(keep, -1))
  assert(t:read(keep, 100) == ("k"):rep(100), "a failed realloc keeps the block")
  assert(t:free(0) == true, "free(NULL) does nothing")
  assert(t:malloc(0), "malloc(0) gives a minimum chunk")
  local z = assert(t:calloc(0, 5))
  assert(t:free(z))
  assert(t:alive() and #t:signals() == 0)
  -- Wrong types are errors of the script, not of the process.
  assert(not pcall(t.malloc, t, "ten"))
  assert(not pcall(t.malloc, t, 1.5))
  assert(not pcall(t.free, t, {}))
  assert(not pcall(t.calloc, t, 1))
  assert(not pcall(t.malloc, {}, 1))
  t:exit()

  -- A heap brk() moved before the first malloc is not malloc's.
  t = m:spawn("brk-first")
  t:brk(t:mm().start_brk + 8192)
  local ok, err = pcall(t.malloc, t, 16)
  assert(not ok and err:find("program break was moved"), tostring(err))
  t:exit()

  assert(m:check())
  m:slab_shrink(); m:drain_pages()
  assert(m:stats().nr_free_pages == free0, arch .. ": leak " .. free0 - m:stats().nr_free_pages)
end
