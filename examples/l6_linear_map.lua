-- L6: the linear map (docs/notes.md#l6): __pa(x) = x - PAGE_OFFSET,
-- __va(p) = p + PAGE_OFFSET, valid only for DMA/Normal memory (kernel
-- text, globals, kmalloc), never for vmalloc, HighMem or user addresses.

local function check(cond, msg) if not cond then error(msg, 2) end end

local m = mm.boot{arch = "x86_32", mem = "2G"}
local L = {}
for _, r in ipairs(m:layout()) do L[r.name] = r end
local PAGE_OFFSET = L.lowmem.start

-- Lowmem: a subtraction and an addition.
for _, pa in ipairs{ 0x0, 0x1000000, L.lowmem["end"] - PAGE_OFFSET - 4096 } do
  local va = m:va(pa)
  print(("__va(0x%08x) = 0x%08x   __pa(0x%08x) = 0x%08x"):format(pa, va, va, m:pa(va)))
  check(va == pa + PAGE_OFFSET and m:pa(va) == pa, "lowmem is a constant offset")
end

-- Everything else is refused, with the reason.
local bad = {
  { "pa", L.vmalloc.start + 0x1000, "vmalloc" },
  { "pa", L.pkmap.start, "pkmap" },
  { "pa", L.fixmap.start, "fixmap" },
  { "pa", 0x08048000, "user" },
  { "va", L.lowmem["end"] - PAGE_OFFSET, "HighMem" },    -- first HighMem page
  { "va", 0x7ffff000, "HighMem" },
}
for _, b in ipairs(bad) do
  local ok, err = pcall(m[b[1]], m, b[2])
  print(err)
  check(not ok and err:find(b[3], 1, true), ("%s(%#x) should fail with %s"):format(b[1], b[2], b[3]))
end

-- x86_64: the direct map covers all RAM, so there is no HighMem case, and
-- kernel text has its own mapping (__pa_symbol).
local m64 = mm.boot{arch = "x86_64", mem = "8G"}
check(m64:pa(m64:va(8 << 30)) == 8 << 30, "x86_64: RAM above 4G is in the direct map")
print(("x86_64: __pa(0xffffffff81000000) = %#x (kernel text mapping)"):format(m64:pa(0xffffffff81000000)))
check(m64:pa(0xffffffff81000000) == 0x1000000, "__pa_symbol")
