-- P1: x86-64 four-level page tables. A virtual address is cut into four
-- 9-bit indices (PML4, PDPT, PD, PT) and a 12-bit offset; each table has
-- 512 entries of 8 bytes, covering 512 GiB, 1 GiB, 2 MiB and 4 KiB.
local m = mm.boot{arch = "x86_64", mem = "2G"}

-- Map one 4 KiB kernel page so the walk goes through all four levels.
local va = 0xffffc90000123000          -- in the vmalloc area
m:map_page(va, 0x200000, {prot = "rw"})
local w = m:walk(va + 0x42)
local names = {"PML4E", "PDPTE", "PDE", "PTE"}
local shifts = {39, 30, 21, 12}
if #w ~= 4 then error("expected 4 levels, got " .. #w) end
for i, step in ipairs(w) do
  local index = (va >> shifts[i]) & 511
  print(string.format("%-6s index %3d  entry at %#x = %#018x  %s",
                      step.level, index, step.entry_addr, step.value, step.flags))
  if step.level ~= names[i] then error("level " .. i .. " is " .. step.level) end
  if step.index ~= index then error("wrong index at " .. step.level) end
  -- the entry lives at table base + index * 8
  if step.entry_addr & 0xfff ~= index * 8 then error("entry not at index*8") end
end
if w.paddr ~= 0x200042 then error(string.format("paddr %#x", w.paddr)) end
print(string.format("%#x -> %#x (page of %d bytes)", va + 0x42, w.paddr, w.page_size))

-- Each level covers 512 times the next one.
for i = 1, 3 do
  if (1 << shifts[i]) ~= 512 * (1 << shifts[i + 1]) then error("coverage") end
end
m:unmap_page(va)
m:invlpg(va)
