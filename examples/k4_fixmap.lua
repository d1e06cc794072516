-- K4, K5: the fixmap gives compile-time constant virtual addresses at the
-- very top of the kernel's address space (docs/notes.md#k4, #k5).
--
-- Each architecture's enum fixed_addresses numbers its slots from
-- FIXADDR_TOP downwards: slot 0 is at FIXADDR_TOP, slot i one page lower
-- per index. On x86_32 FIXADDR_TOP is 0xfffff000, so slot 0 is the last
-- page below 4 GiB and no slot can wrap past the top. We list the named
-- slots of x86_32, arm32 and x86_64, map one with set_fixmap(), read a
-- physical page through it, and clear it again.

local function check(cond, fmt, ...)
  if not cond then error(fmt:format(...), 2) end
end

for _, arch in ipairs{ "x86_32", "arm32", "x86_64" } do
  local m = mm.boot{arch = arch, mem = "1G"}
  local f = m:fixmap()
  local w = (m:info().bits == 32) and 8 or 16
  local hex = "%#0" .. (w + 2) .. "x"
  print(("%s: FIXADDR_TOP " .. hex .. ", FIXADDR_START " .. hex ..
         ", __end_of_fixed_addresses %d"):format(arch, f.top, f.start,
         f.end_of_fixed_addresses))
  for _, r in ipairs(f.ranges) do
    local name = r.last_name and (r.name .. ".." .. r.last_name) or r.name
    print(("  %-40s %4d..%-4d " .. hex .. " - " .. hex):format(
          name, r.first, r.last, r.start, r["end"]))
    check(r.start == m:fix_to_virt(r.last), "%s: start", r.name)
    check(r["end"] == m:fix_to_virt(r.first) + 4096, "%s: end", r.name)
  end
  -- K5: nothing lies above slot 0, and it ends at or below the top.
  check(m:fix_to_virt(0) == f.top, "slot 0 is FIXADDR_TOP")
  if m:info().bits == 32 then
    check(f.top + 4096 <= 1 << 32, "slot 0 ends beyond 4 GiB")
    print(("  slot 0 ends at %#x: %s"):format(f.top + 4096,
          f.top + 4096 == 1 << 32 and "exactly 4 GiB" or
          (("%d KiB below 4 GiB"):format(((1 << 32) - f.top - 4096) // 1024))))
  end
  check(not pcall(m.fix_to_virt, m, f.end_of_fixed_addresses),
        "an index past the end must be refused, not wrapped")

  -- set_fixmap(): the earlycon slot onto a page of RAM we wrote to.
  local pfn = assert(m:alloc_pages("GFP_KERNEL"))
  m:phys_write(pfn * 4096 + 0x80, "fixmapped " .. arch)
  local va = m:set_fixmap("FIX_EARLYCON_MEM_BASE", pfn * 4096 + 0x80)
  local got = m:kread(va, 9 + #arch + 1)
  print(("  set_fixmap(FIX_EARLYCON_MEM_BASE, %#x) -> " .. hex ..
         " reads %q"):format(pfn * 4096 + 0x80, va, got))
  check(got == "fixmapped " .. arch, "bytes through the fixmap")
  check(m:translate(va) == pfn * 4096 + 0x80, "translate")
  check(#m:fixmap().set == 1, "one slot set")
  check(m:check(), "invariants with a fixmap slot set")
  m:clear_fixmap("FIX_EARLYCON_MEM_BASE")
  check(m:translate(va) == nil, "cleared")
  m:free_pages(pfn)
  check(m:check(), "invariants")
  m:destroy()
end
