-- Reproducers of bugs found by fuzzing the `mm` module (fuzz/, see
-- docs/fuzzing.md), each kept as a sub-test: before its fix, each one
-- crashed, hung, or failed m:check().

local H = dofile("tests/lua/lib/harness.lua")

-- __GFP_RECLAIMABLE|__GFP_MOVABLE gave migratetype 3 (MIGRATE_HIGHATOMIC),
-- which indexed past fallbacks[] and the pcp lists: now the kernel warns
-- once, as gfp_migratetype()'s VM_WARN_ON does, and serves the request as
-- unmovable.
H.test("page_alloc__reclaimable_and_movable_warns_and_stays_in_bounds", function()
  local m = mm.boot{arch = "x86_64", mem = "64M"}
  local both = m:gfp("__GFP_RECLAIMABLE|__GFP_MOVABLE")
  local pfns = {}
  for order = 0, 3 do
    for _, gfp in ipairs{"__GFP_RECLAIMABLE|__GFP_MOVABLE", both,
                         "GFP_KERNEL|__GFP_RECLAIMABLE|__GFP_MOVABLE"} do
      local pfn = assert(m:alloc_pages(gfp, order))
      assert(m:page(pfn).migratetype ~= "HighAtomic")
      pfns[#pfns + 1] = {pfn, order}
    end
  end
  local _, warnings = m:dmesg():gsub("gfp_migratetype", "")
  assert(warnings == 1, "expected one warning, got " .. warnings)
  for _, p in ipairs(pfns) do m:free_pages(p[1], p[2]) end
  m:drain_pages()
  assert(m:check())
  m:destroy()
end)

-- A trace callback that called m:drain_pages() (or allocated) while
-- free_pcppages_bulk() ran emptied the pcp lists under it, and its search
-- for a non-empty list spun forever. Re-entering the kernel from the
-- machine's own callback is now refused; looking at it is not.
H.test("lua__trace_callback_cannot_reenter_the_kernel", function()
  local m = mm.boot{arch = "x86_64", mem = "128M", cpus = 1}
  local refused, drains, looked = {}, 0, false
  m:trace(function(ev)
    if ev.name ~= "mm_page_pcpu_drain" then return end
    drains = drains + 1
    for _, f in ipairs{
      function() m:drain_pages() end,
      function() m:alloc_pages("GFP_ATOMIC", 0) end,
      function() m:free_pages(ev.pfn, 0) end,
      function() m:check() end,
      function() m:cat("meminfo") end,
    } do
      local ok, err = pcall(f)
      if not ok then refused[#refused + 1] = err end
    end
    looked = m:page(ev.pfn).pfn == ev.pfn and m:stats().nr_free_pages > 0
  end)
  local pfns = {}
  for i = 1, 2000 do pfns[i] = assert(m:alloc_pages("GFP_KERNEL", 0)) end
  for i = 1, #pfns do m:free_pages(pfns[i], 0) end
  m:drain_pages()
  m:trace(nil)
  assert(drains > 0, "no pcp drain was traced")
  assert(#refused == 5 * drains, #refused .. " refusals for " .. drains .. " drains")
  assert(refused[1]:find("cannot enter the kernel from a trace callback", 1, true),
         refused[1])
  assert(looked, "m:page and m:stats must work in a callback")
  assert(m:check())
  -- Another machine is not inside a kernel call: it may be used.
  local other = mm.boot{arch = "x86_32", mem = "32M"}
  local got
  m:trace(function(ev)
    if not got then got = other:alloc_pages("GFP_KERNEL", 0) end
  end)
  local pfn = assert(m:alloc_pages("GFP_KERNEL", 0))
  m:trace(nil)
  assert(math.type(got) == "integer")
  other:free_pages(got, 0)
  m:free_pages(pfn, 0)
  assert(other:check() and m:check())
  other:destroy()
  m:destroy()
end)

-- m:check() passed NULL to qsort() for a zone with no free block (UBSan).
H.test("check__zone_without_free_blocks", function()
  local m = mm.boot{arch = "x86_64", mem = "64M"}
  local pfns = {}
  while true do
    local pfn = m:alloc_pages("GFP_DMA|__GFP_MEMALLOC|__GFP_NOWARN", 0)
    if not pfn then break end
    pfns[#pfns + 1] = pfn
  end
  m:drain_pages()
  assert(#pfns > 0)
  assert(m:check())
  for _, pfn in ipairs(pfns) do m:free_pages(pfn, 0) end
  assert(m:check())
  m:destroy()
end)

-- A boot-time trace callback that booted another machine: the new machine
-- inherited the first one's boot sink and called its callback after it
-- was collected (use after free), recursing on the way.
H.test("lua__no_boot_from_a_boot_trace_callback", function()
  local err
  local m = mm.boot{arch = "x86_32", mem = "16M", trace = function()
    if err == nil then
      local ok, e = pcall(mm.boot, {arch = "x86_32", mem = "16M"})
      err = ok and false or e
    end
  end}
  assert(err and err:find("cannot boot a machine from the trace callback", 1, true),
         tostring(err))
  m:trace(nil)
  assert(m:check())
  m:destroy()
end)

-- GFP_STR_LEN (192) truncated the name of masks with many flags: the
-- string no longer parsed back.
H.test("gfp__every_valid_mask_formats_in_full", function()
  local m = mm.boot{arch = "x86_64", mem = "16M"}
  for _, mask in ipairs{0x7af47a, 0x7efffe, 0x3fffffe} do
    local ok, s = pcall(m.gfp_string, m, mask)
    if ok then
      assert(m:gfp(s) == mask, string.format("%#x -> '%s' -> %#x", mask, s, m:gfp(s)))
    end
  end
  m:destroy()
end)

-- The filesystem types are static: a list node inside them was linked into
-- every machine's list, so booting a second machine corrupted the first's
-- list and m:mount on the first read past a heap object.
H.test("fs__types_register_per_machine_without_sharing_a_list", function()
  local m1 = mm.boot{arch = "x86_64", mem = "64M"}
  local m2 = mm.boot{arch = "x86_32", mem = "32M"}
  H.expect_error("cannot open", m1.mount, m1, "pagetypeinfo", "/mnt")
  H.expect_error("cannot open", m2.mount, m2, "pagetypeinfo", "/mnt")
  assert(m1:mount("tmpfs", "/tmp"))
  assert(m2:mount("ramfs", "/tmp"))
  m2:destroy()
  assert(m1:umount("/tmp"))
  assert(m1:mount("memdisk", "/tmp"))
  assert(m1:check())
  m1:destroy()
end)

-- m:mount looked the filesystem type up before entering its machine, so
-- it read whichever machine was current (none after a destroy: a NULL
-- dereference UBSan reported).
H.test("fs__mount_enters_its_machine_before_the_type_lookup", function()
  local m1 = mm.boot{arch = "x86_64", mem = "64M"}
  local m2 = mm.boot{arch = "arm32", mem = "64M"}
  m2:destroy()
  assert(m1:mount("tmpfs", "/tmp"))
  assert(m1:check())
  m1:destroy()
end)

H.finish()
