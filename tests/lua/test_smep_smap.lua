-- CR4.SMEP and CR4.SMAP, turned on at boot as identify_cpu() does
-- (setup_smep(), setup_smap()) unless the command line says nosmep or
-- nosmap: a supervisor fetch from a user page faults with error code 0x11
-- (P | I/D), a supervisor read with 0x1 and a write with 0x3, unless
-- EFLAGS.AC is set (stac, as copy_to_user() does) for data accesses.

local H = dofile("tests/lua/lib/harness.lua")
local test = H.test

local SMEP, SMAP = 1 << 20, 1 << 21

-- A process with one present, writable and executable user page.
local function user_page(m)
  local t = m:spawn("p")
  local va = t:mmap{len = 4096, prot = "rwx", flags = "private|anonymous"}
  assert(t:write(va, "hi"))
  -- The task ran on CPU 0 to touch the page: its pgd is in CR3 there.
  assert(m:translate(va, {user = true}), "user read of the page")
  return t, va
end

local function fault(m, va, opts)
  local pa, f = m:translate(va, opts)
  assert(pa == nil, "kernel access to a user page succeeded")
  return f
end

for _, arch in ipairs{"x86_64", "x86_64_la57", "x86_32", "x86_32_pae"} do
  test(arch .. ": SMEP and SMAP on at boot on every CPU", function()
    local m = mm.boot{arch = arch, mem = "256M", cpus = 2}
    for i = 0, 1 do
      local r = m:cpu(i):regs()
      assert(r.cr4 & SMEP ~= 0, "cpu " .. i .. " CR4.SMEP clear")
      assert(r.cr4 & SMAP ~= 0, "cpu " .. i .. " CR4.SMAP clear")
      assert(r.ac == false, "EFLAGS.AC set at boot")
    end
  end)

  test(arch .. ": kernel fetch 0x11, read 0x1, write 0x3 on a user page",
       function()
    local m = mm.boot{arch = arch, mem = "256M"}
    local _, va = user_page(m)
    local f = fault(m, va, {exec = true})
    assert(f.error_code == 0x11, ("fetch error code %#x"):format(f.error_code))
    assert(f.reason:find("SMEP"), f.reason)
    f = fault(m, va, {})
    assert(f.error_code == 0x1, ("read error code %#x"):format(f.error_code))
    assert(f.reason:find("SMAP"), f.reason)
    f = fault(m, va, {write = true})
    assert(f.error_code == 0x3, ("write error code %#x"):format(f.error_code))
  end)

  test(arch .. ": stac lets data accesses through, not fetches", function()
    local m = mm.boot{arch = arch, mem = "256M"}
    local t, va = user_page(m)
    local cpu = m:cpu(0)
    cpu:stac()
    assert(cpu:regs().ac == true)
    assert(m:translate(va, {}), "read with EFLAGS.AC")
    assert(m:translate(va, {write = true}), "write with EFLAGS.AC")
    assert(fault(m, va, {exec = true}).error_code == 0x11)
    cpu:clac()
    assert(fault(m, va, {}).error_code == 0x1, "read after clac")
    -- The process's own accesses run at CPL 3 and are unaffected.
    assert(t:read(va, 2) == "hi")
  end)

  test(arch .. ": nosmep nosmap on the command line", function()
    local m = mm.boot{arch = arch, mem = "256M", cmdline = "nosmep nosmap"}
    local r = m:cpu(0):regs()
    assert(r.cr4 & (SMEP | SMAP) == 0, ("CR4 %#x"):format(r.cr4))
    local _, va = user_page(m)
    assert(m:translate(va, {}), "read without SMAP")
    assert(m:translate(va, {exec = true}), "fetch without SMEP")
  end)

  test(arch .. ": nosmap alone keeps SMEP", function()
    local m = mm.boot{arch = arch, mem = "256M", cmdline = "nosmap"}
    local r = m:cpu(0):regs()
    assert(r.cr4 & SMEP ~= 0 and r.cr4 & SMAP == 0, ("CR4 %#x"):format(r.cr4))
    local _, va = user_page(m)
    assert(m:translate(va, {}), "read without SMAP")
    assert(fault(m, va, {exec = true}).error_code == 0x11)
  end)
end

test("arm32: stac and clac are x86 only", function()
  local m = mm.boot{arch = "arm32", mem = "256M"}
  H.expect_error("x86 only", function() m:cpu(0):stac() end)
  H.expect_error("x86 only", function() m:cpu(0):clac() end)
end)

H.finish()
