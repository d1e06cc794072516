-- Z3: why is lowmem "896 MiB" (docs/notes.md#z3)?
-- The notes: the kernel's 1 GiB window minus vmalloc/kmap/fixmap leaves
-- 896 MiB to map RAM directly. Linux (find_low_pfn_range, init_32.c):
--   MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE
-- where VMALLOC_END sits below pkmap, the PTI LDT remap, the
-- cpu_entry_area and the fixmap, and __VMALLOC_RESERVE is 128 MiB.
-- 1024 - 128 = 896 is the notes' figure; the top regions take a few more.

local MiB = 1 << 20
local function check(cond, msg) if not cond then error(msg, 2) end end
local function region(m, name)
  for _, r in ipairs(m:layout()) do if r.name == name then return r end end
end

local function explain(opts)
  local m = mm.boot(opts)
  local page_offset = region(m, "lowmem").start
  local vm = region(m, "vmalloc")
  local lowmem = region(m, "lowmem")["end"] - page_offset
  local top = 0x100000000 - vm["end"]           -- pkmap .. fixmap .. 4G
  local reserve = vm["end"] - page_offset - lowmem
  print(("%s, %s split, vmalloc=%s:"):format(opts.arch, opts.vmsplit or "3G",
        opts.vmalloc or "default"))
  print(("  kernel window  4G - PAGE_OFFSET %#x      = %7.2f MiB"):format(page_offset, (0x100000000 - page_offset) / MiB))
  print(("  - top (pkmap, ldt, cpu_entry_area, fixmap)   = %7.2f MiB"):format(top / MiB))
  print(("  - __VMALLOC_RESERVE                          = %7.2f MiB"):format(reserve / MiB))
  print(("  = MAXMEM (lowmem)                            = %7.2f MiB"):format(lowmem / MiB))
  print(("  vmalloc area itself: %.2f MiB (reserve minus the 8 MiB guard)"):format((vm["end"] - vm.start) / MiB))
  check(0x100000000 - page_offset - top - reserve == lowmem, "the sum does not add up")
  return lowmem, reserve
end

local low, reserve = explain{arch = "x86_32", mem = "2G"}
check(reserve == 128 * MiB, "default __VMALLOC_RESERVE must be 128 MiB")
check(low > 880 * MiB and low < 896 * MiB, "lowmem should be a little under 896 MiB")
print("notes: 1024 - 128 = 896 MiB; Linux: " .. ("%.2f"):format(low / MiB) .. " MiB\n")

-- vmalloc= moves the boundary: a smaller vmalloc area means more lowmem.
local low64 = explain{arch = "x86_32", mem = "2G", vmalloc = "64M"}
check(low64 == low + 128 * MiB - (64 + 8) * MiB, "vmalloc=64M should give back 56 MiB")
print()
-- PAE: pkmap is 2 MiB (512 entries) and the top regions align to 2 MiB.
local lowpae = explain{arch = "x86_32_pae", mem = "2G"}
check(lowpae == low + 2 * MiB, "PAE lowmem should be 2 MiB larger")
