-- L4: the x86_64 kernel layout (docs/notes.md#l4): 48-bit canonical addresses (57
-- with LA57), user space 0 - 0x00007fffffffffff, the canonical hole, and
-- the kernel table. The notes' table is the 4.x-era layout (direct map at
-- 0xffff880000000000); mainline moved the direct map to 0xffff888000000000
-- to make room for the PTI LDT remap. mmsim boots either (--layout 4.x).

local TiB = 1 << 40
local function check(cond, msg) if not cond then error(msg, 2) end end
local function regions(opts)
  local m, t = mm.boot(opts), {}
  for _, r in ipairs(m:layout()) do t[r.name] = r end
  return m, t
end

local m4, old = regions{arch = "x86_64", mem = "1G", layout = "4.x"}
local mm_, new = regions{arch = "x86_64", mem = "1G"}
print(("%-15s %-37s %s"):format("region", "4.x (the notes)", "mainline"))
for _, name in ipairs{ "user", "ldt", "direct map", "vmalloc", "vmemmap", "cpu_entry_area",
                       "espfix", "efi", "kernel text", "modules", "fixmap", "vsyscall" } do
  local function fmt(r) return r and ("%016x-%016x"):format(r.start, r["end"] - 1) or "-" end
  print(("%-15s %-37s %s"):format(name, fmt(old[name]), fmt(new[name])))
end

check(old["direct map"].start == 0xffff880000000000, "4.x direct map base")
check(new["direct map"].start == 0xffff888000000000, "mainline page_offset_base")
check(old["direct map"]["end"] - old["direct map"].start == 64 * TiB, "64 TiB direct map")
check(new.vmalloc.start == 0xffffc90000000000 and old.vmalloc.start == new.vmalloc.start, "vmalloc_base")
check(new.vmemmap.start == 0xffffea0000000000, "vmemmap_base")
check(new["kernel text"].start == 0xffffffff80000000, "__START_KERNEL_map")
check(new.user["end"] == 0x00007ffffffff000, "TASK_SIZE_MAX")

-- The canonical hole: bits 63..47 must all equal bit 47.
for _, a in ipairs{ 0x0000800000000000, 0x7fffffffffffffff, 0xffff7fffffffffff } do
  local ok, err = pcall(mm_.pa, mm_, a)
  check(not ok and err:match("non%-canonical"), ("%x must be non-canonical"):format(a))
end
print("\n" .. select(2, pcall(mm_.pa, mm_, 0x0000800000000000)))

-- LA57: 57-bit addresses, user space grows to 64 PiB, direct map at 0xff11...
local m57, la57 = regions{arch = "x86_64_la57", mem = "1G"}
print(("LA57: user [0, %#x), direct map %#x, vmalloc %#x"):format(
      la57.user["end"], la57["direct map"].start, la57.vmalloc.start))
check(la57["direct map"].start == 0xff11000000000000, "LA57 page_offset_base")
check(m57:pa(0xff11000000001000) == 0x1000, "__pa in the LA57 direct map")
local ok = pcall(m57.pa, m57, 0xff00000000000000)
check(not ok, "the LA57 guard hole is not linearly mapped")
_ = m4
