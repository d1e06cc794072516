-- The raw page-table and register methods refuse what would break an
-- invariant of m:check(), on every architecture: each call below was once
-- accepted and left m:check() failing (found by calling the methods with
-- arbitrary arguments). Each case asserts the clear error AND that
-- m:check() still passes afterwards.
local H = dofile("tests/lua/lib/harness.lua")

local ARCHS = {"x86_32", "x86_32_pae", "x86_64", "x86_64_la57", "arm32"}

local function region(m, name)
  for _, r in ipairs(m:layout()) do
    if r.name == name then return r end
  end
end

-- The leaf entry that maps va, as a string (changes if anything touched it).
local function leaf(m, va)
  local w = m:walk(va)
  return string.format("%s %#x", w[#w].level, w[#w].value)
end

for _, arch in ipairs(ARCHS) do
  local m = mm.boot{arch = arch, mem = "1G"}
  local bits64 = arch:find("x86_64") ~= nil
  local is_arm = arch == "arm32"
  local dm = m:va(0x1000000)                   -- a direct-map address
  local dm_leaf = leaf(m, dm)
  local vm = region(m, "vmalloc").start + 0x100000
  local pid = m:task_create("victim")
  local function ok_check() assert(m:check()) end

  H.test(arch .. ": unmap_page of a truncated or non-canonical alias", function()
    local alias, want
    if arch == "x86_64" then
      alias, want = dm & 0x0000ffffffffffff, "non-canonical virtual address (48-bit)"
    elseif arch == "x86_64_la57" then
      alias, want = dm & 0x01ffffffffffffff, "non-canonical virtual address (57-bit)"
    else
      alias, want = 0x1c0000000 | dm, "virtual address beyond the 32-bit address space"
    end
    H.expect_error(string.format("cannot unmap %#x: %s", alias, want),
                   m.unmap_page, m, alias)
    H.expect_error("cannot invlpg", m.invlpg, m, alias)
    H.expect_error("cannot invlpg", m:cpu(0).invlpg, m:cpu(0), alias)
    assert(leaf(m, dm) == dm_leaf, "the direct map changed")
    ok_check()
  end)

  H.test(arch .. ": map_page / unmap_page over the direct map", function()
    local dmr = region(m, bits64 and "direct map" or "lowmem")
    local want = string.format("inside the direct map [%#x, %#x)", dmr.start, dmr["end"])
    H.expect_error(want, m.unmap_page, m, dm)
    H.expect_error(want, m.map_page, m, dm, 0x1000000)
    H.expect_error(want, m.map_page, m, dm + 0x200000, 0x5000, {prot = "r"})
    assert(leaf(m, dm) == dm_leaf, "the direct map changed")
    ok_check()
  end)

  H.test(arch .. ": every other kernel region is refused by name", function()
    for _, r in ipairs(m:layout()) do
      local n = r.name
      if n ~= "user" and n ~= "vmalloc" and n ~= "modules" and
         n ~= "lowmem" and n ~= "direct map" then
        H.expect_error("inside the " .. n .. " [", m.map_page, m, r.start, 0x5000)
        H.expect_error("inside the " .. n .. " [", m.unmap_page, m, r.start)
      end
    end
    ok_check()
  end)

  H.test(arch .. ": a kernel address through a user pgd", function()
    H.expect_error("with pid=: a kernel (vmalloc) address lives in init_mm's tables",
                   m.map_page, m, vm, 0x5000, {pid = pid})
    H.expect_error("with pid=", m.unmap_page, m, vm, {pid = pid})
    H.expect_error("a kernel address is never user-accessible",
                   m.map_page, m, vm, 0x5000, {user = true})
    ok_check()
  end)

  H.test(arch .. ": kernel frames outside RAM", function()
    H.expect_error("physical 0xf0000000 is not RAM", m.map_page, m, vm, 0xf0000000)
    H.expect_error("physical 0xf0000000 is not RAM", m.map_page, m, 0x10000,
                   0xf0000000, {pid = pid, user = true})
    assert(m:walk(vm).fault, "the refused page got mapped")
    ok_check()
  end)

  H.test(arch .. ": what is accepted passes m:check()", function()
    -- vmalloc and modules in init_mm (a new top-level entry reaches the
    -- task's pgd too), a user page in the task's mm.
    assert(m:map_page(vm, 0x2000000, {prot = "rw-"}))
    assert(m:translate(vm + 8, {write = true}) == 0x2000008)
    local mod = region(m, "modules")
    if mod then assert(m:map_page(mod.start, 0x2001000, {prot = "r-x"})) end
    assert(m:map_page(0x10000, 0x2002000, {prot = "r", user = true, pid = pid}))
    ok_check()
    assert(m:unmap_page(vm))
    if mod then assert(m:unmap_page(mod.start)) end
    assert(m:unmap_page(0x10000, {pid = pid}))
    ok_check()
  end)

  H.test(arch .. ": prot and option tables", function()
    H.expect_error("map_page: bad prot 'bogus' (r, rw, rx, rwx, r--, rw-, r-x)",
                   m.map_page, m, vm, 0x5000, {prot = "bogus"})
    H.expect_error("bad prot 'w'", m.map_page, m, vm, 0x5000, {prot = "w"})
    H.expect_error("map_page: prot must be a string, not a number",
                   m.map_page, m, vm, 0x5000, {prot = 7})
    H.expect_error("map_page: unknown option 'prto'", m.map_page, m, vm,
                   0x5000, {prto = "r"})
    H.expect_error("map_page: the options must be a table", m.map_page, m,
                   vm, 0x5000, "rw")
    H.expect_error("map_page: user must be a boolean, not a number",
                   m.map_page, m, 0x10000, 0x5000, {user = 1})
    H.expect_error("translate: the options must be a table {cpu,write,user,exec}, not a number",
                   m.translate, m, dm, 1)
    H.expect_error("translate: unknown option 'wrte'", m.translate, m, dm,
                   {wrte = true})
    H.expect_error("translate: write must be a boolean", m.translate, m, dm,
                   {write = 0})
    H.expect_error("translate: cpu must be an integer", m.translate, m, dm,
                   {cpu = "0"})
    H.expect_error("unmap_page: unknown option 'noflsh'", m.unmap_page, m,
                   0x10000, {noflsh = true})
    H.expect_error("invlpg: unknown option 'cpus'", m.invlpg, m, dm, {cpus = 0})
    H.expect_error("invlpg: give cpu= or pid=, not both", m.invlpg, m, 0x10000,
                   {cpu = 0, pid = pid})
    H.expect_error("invlpg: the second argument must be a cpu number",
                   m.invlpg, m, dm, "0")
    assert(m:walk(vm).fault, "a refused map_page mapped something")
    ok_check()
  end)

  H.test(arch .. ": pids are not truncated to int", function()
    H.expect_error("no task with pid " .. (pid + (1 << 32)),
                   m.context_switch, m, pid + (1 << 32))
    H.expect_error("no task with pid", m.task, m, pid + (1 << 32))
    H.expect_error("no task with pid", m.map_page, m, 0x10000, 0x5000,
                   {pid = pid + (1 << 32)})
    H.expect_error("boolean expected", m.task_create, m, "k", "no")
    H.expect_error("boolean expected", m.trace_walks, m, "yes")
    ok_check()
  end)

  H.test(arch .. ": page-table root at no loaded pgd", function()
    local c = m:cpu(0)
    local reg = is_arm and "ttbr0" or "cr3"
    local r0 = c:regs()[reg]
    -- Another task's pgd is a pgd, but not the one loaded on this CPU.
    local other = m:task(pid).pgd
    for _, v in ipairs{0x100000, other} do
      H.expect_error(string.format("cannot write %s = %#x: %#x is not a page directory the kernel loaded on cpu 0",
                                   reg, v, v), c.write_cr, c, reg, v)
      assert(c:regs()[reg] == r0, reg .. " changed")
    end
    ok_check()
    -- Loaded on this CPU: accepted, and back.
    m:context_switch(pid)
    local rt = c:regs()[reg]
    assert(c:write_cr(reg, r0) == true)
    ok_check()
    assert(c:write_cr(reg, rt) == true)
    m:context_switch(0)
    ok_check()
  end)

  if not is_arm then
    H.test(arch .. ": EFER.NXE cleared under NX entries", function()
      local c = m:cpu(0)
      local efer = c:regs().efer
      if efer & (1 << 11) ~= 0 then
        -- The direct map holds NX entries (PAGE_KERNEL is non-executable).
        local w = m:walk(m:va(0x10000000))
        assert(w[#w].flags:find("NX"), "expected an NX direct-map entry")
        H.expect_error("clearing EFER.NXE while the page tables hold NX entries",
                       c.write_cr, c, "efer", efer & ~(1 << 11))
        assert(c:regs().efer == efer)
      end
      ok_check()
    end)
  end
  m:destroy()
end

H.finish()
