-- The raw-write policy of m:phys_write and m:kwrite (mm/raw_access.c), on
-- every architecture: writes into a page-table page, a free slab object,
-- a red zone or slab metadata are refused with the owner named and leave
-- m:check() passing; writes into pages the script allocated and into live
-- kmalloc objects are allowed; {force=true} writes anyway and taints the
-- machine, after which a failing m:check() names the taint first. Then a
-- few thousand random unforced writes over RAM and the kernel's address
-- space never make m:check() fail.
local H = dofile("tests/lua/lib/harness.lua")

local ARCHS = {"x86_32", "x86_32_pae", "x86_64", "x86_64_la57", "arm32"}

-- A 4-byte write that leaves the bytes as they were reads the old value.
local function same(m, pa, n) return m:phys_read(pa, n or 4) end

for _, arch in ipairs(ARCHS) do
  local m = mm.boot{arch = arch, mem = "256M"}
  local function ok_check() assert(m:check() == true) end
  local dm = m:va(0x800000)
  local w = m:walk(dm)
  assert(#w >= 1 and not w.fault, arch .. ": no walk of the direct map")

  H.test(arch .. ": every level of a kernel walk is a refused page-table page", function()
    for _, e in ipairs(w) do
      local before = same(m, e.entry_addr)
      H.expect_error("phys_write: cannot write 4 bytes at " ..
                     string.format("%#x", e.entry_addr) ..
                     ": page-table page of swapper_pg_dir",
                     m.phys_write, m, e.entry_addr, "\0\0\0\0")
      H.expect_error("page-table page of swapper_pg_dir",
                     m.kwrite, m, m:va(e.entry_addr), "\0\0\0\0")
      assert(same(m, e.entry_addr) == before, "the entry changed")
    end
    -- A range that only ends in a table page is refused as a whole.
    local t = w[#w].entry_addr & ~0xfff
    H.expect_error("page-table page", m.phys_write, m, t - 2, "\1\1\1\1")
    assert(not m:tainted())
    ok_check()
  end)

  H.test(arch .. ": a task's own page tables are refused too", function()
    local pid = m:task_create("rw", true)
    local t = m:task(pid)
    H.expect_error("page-table page of pid " .. pid,
                   m.phys_write, m, t.pgd, "\0")
    ok_check()
  end)

  H.test(arch .. ": slab free objects, red zones and metadata are refused", function()
    local c = m:kmem_cache_create("rw_" .. arch, 40, 0, "SLAB_RED_ZONE")
    local info = c:info()
    local a, b = assert(c:alloc()), assert(c:alloc())
    c:free(b)
    H.expect_error("slab page of rw_" .. arch .. " (pfn", m.kwrite, m, b, "x")
    H.expect_error("outside a live object: free object",
                   m.phys_write, m, m:pa(b), "x")
    -- The right red zone, just past the object.
    H.expect_error("red zone, free pointer or tracks of object",
                   m.kwrite, m, a + info.object_size, "x")
    H.expect_error("outside a live object",
                   m.kwrite, m, a, string.rep("y", info.object_size + 1))
    -- The left red zone (slub_debug Z puts one before each object).
    if info.red_left_pad > 0 then
      H.expect_error("outside a live object", m.kwrite, m, a - 1, "x")
    end
    -- Inside the live object: allowed, and m:check() still passes.
    m:kwrite(a, string.rep("z", info.object_size))
    assert(m:kread(a, info.object_size) == string.rep("z", info.object_size))
    c:free(a)
    assert(c:destroy())
    ok_check()
  end)

  H.test(arch .. ": pages the script owns and live kmalloc objects are writable", function()
    local pfn = assert(m:alloc_pages("GFP_KERNEL", 1))
    local pa = pfn << 12
    assert(m:phys_write(pa, string.rep("\xff", 8192)) == true)
    assert(m:phys_read(pa + 8190, 2) == "\xff\xff")
    m:kwrite(m:va(pa), "hello")
    m:free_pages(pfn, 1)
    local p = assert(m:kmalloc(64))
    m:kwrite(p, string.rep("k", 64))
    assert(m:phys_write(m:pa(p), "KK") == true)
    assert(m:kread(p, 3) == "KKk")
    m:kfree(p)
    assert(not m:tainted())
    ok_check()
  end)

  H.test(arch .. ": options are checked strictly", function()
    H.expect_error("phys_write: unknown option 'forse' (force)",
                   m.phys_write, m, 0x800000, "x", {forse = true})
    H.expect_error("kwrite: option force must be a boolean",
                   m.kwrite, m, dm, "x", {force = 1})
    H.expect_error("the options must be a table", m.phys_write, m, 0x800000, "x", true)
  end)

  H.test(arch .. ": a forced write taints, and m:check() says so first", function()
    local e = w[#w]
    local n = (arch == "x86_32" or arch == "arm32") and 4 or 8
    local orig = m:phys_read(e.entry_addr, n)
    -- Still tainted-free until the forced write: a passing check is true.
    ok_check()
    -- A leaf pointing far outside RAM (present, all address bits set).
    local bad = arch == "arm32" and string.pack("<I4", 0xfff00002) or
                (n == 4 and string.pack("<I4", 0xfffff003) or
                 string.pack("<I8", 0x000ffffffffff003))
    assert(m:phys_write(e.entry_addr, bad, {force = true}) == true)
    local t = assert(m:tainted())
    assert(t.count == 1 and t.method == "m:phys_write" and t.pa == e.entry_addr,
           "taint record")
    assert(t.what:find("page-table page of swapper_pg_dir", 1, true), t.what)
    assert(m:dmesg():find("m:phys_write: forced " .. n .. " bytes at " ..
                          string.format("%#x", e.entry_addr), 1, true),
           "no dmesg line")
    local ok, err = pcall(m.check, m)
    assert(not ok, arch .. ": check passed over a corrupt entry")
    err = tostring(err)
    assert(err:find("^machine tainted by a forced raw write %(m:phys_write of " .. n ..
                    " bytes at " .. string.format("%#x", e.entry_addr)), err)
    assert(err:find("invariant check failed:\n", 1, true), err)
    -- Restored (forced again: a table page): the check passes, taint stays.
    m:phys_write(e.entry_addr, orig, {force = true})
    ok_check()
    assert(m:tainted().count == 2)
  end)
  m = nil
  collectgarbage()
end

-- slub_debug's detection is reached with a forced write: the red-zone and
-- use-after-free scribbles it reports are refused without force=true.
H.test("slub_debug red zone and poison reports need force=true", function()
  for _, arch in ipairs({"x86_64", "arm32"}) do
    local m = mm.boot{arch = arch, mem = "128M", cmdline = "slub_debug=FZP"}
    local p = assert(m:kmalloc(64))
    H.expect_error("red zone, free pointer or tracks of object", m.kwrite, m, p + 64, "!")
    m:kwrite(p + 64, "!", {force = true})
    m:kfree(p)
    assert(m:dmesg():find("Right Redzone overwritten", 1, true), arch .. ": no red zone report")
    local q = assert(m:kmalloc(64))
    m:kfree(q)
    H.expect_error("free object", m.kwrite, m, q + 8, "!")
    m:kwrite(q + 8, "!", {force = true})
    local r = assert(m:kmalloc(64))
    assert(m:dmesg():find("Poison overwritten", 1, true), arch .. ": no poison report")
    m:kfree(r)
    assert(m:tainted().count == 2 and m:tainted().method == "m:kwrite")
    assert(m:check())
  end
end)

-- Random unforced writes: refused or harmless, never a failing check.
H.test("random phys_write/kwrite never break m:check()", function()
  local seed = tonumber(os.getenv("MMSIM_TEST_SEED") or "") or 12345
  math.randomseed(seed)
  for _, arch in ipairs(ARCHS) do
    local m = mm.boot{arch = arch, mem = "64M"}
    local info = m:info()
    local ram = info.max_pfn << 12
    local regions = m:layout()
    -- Some live and some freed objects, so slabs are worth aiming at.
    local live = {}
    for i = 1, 64 do live[i] = assert(m:kmalloc(8 * i)) end
    for i = 1, 64, 2 do m:kfree(live[i]); live[i] = nil end
    local refused, written = 0, 0
    for step = 1, 2000 do
      local len = math.random(1, 64)
      local bytes = string.rep(string.char(math.random(0, 255)), len)
      local ok
      if step % 2 == 0 then
        ok = pcall(m.phys_write, m, math.random(0, ram - 1), bytes)
      else
        local r = regions[math.random(1, #regions)]
        local va = r.start + math.random(0, math.min(r["end"] - r.start, 1 << 40) - 1)
        if math.random() < 0.5 then va = m:va(math.random(0, (info.max_low_pfn << 12) - 1)) end
        ok = pcall(m.kwrite, m, va, bytes)
      end
      if ok then written = written + 1 else refused = refused + 1 end
      if step % 100 == 0 then
        local cok, err = pcall(m.check, m)
        assert(cok, string.format("%s seed %d step %d: %s", arch, seed, step, tostring(err)))
      end
    end
    assert(not m:tainted())
    assert(written > 100 and refused > 10,
           string.format("%s: %d written, %d refused", arch, written, refused))
    for _, p in pairs(live) do m:kfree(p) end
    assert(m:check())
  end
end)

H.finish()
