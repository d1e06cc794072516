-- Holes in the physical map have no memmap (SPARSEMEM_VMEMMAP): Linux's
-- /proc/pagetypeinfo skips their pageblocks (pfn_to_online_page()), and
-- the old "pages used for memmap" boot line charged a zone with large
-- holes for its present pages only (calc_memmap_size()), never HighMem.

local H = dofile("tests/lua/lib/harness.lua")
local test = H.test

-- {zone = movable block count} from "Number of blocks type".
local function movable_blocks(m)
  local out, in_blocks = {}, false
  for line in m:cat("/proc/pagetypeinfo"):gmatch("[^\n]+") do
    if line:match("^Number of blocks type") then
      in_blocks = true
    elseif in_blocks then
      local zone, rest = line:match("^Node%s+%d+, zone%s+(%S+)(.*)$")
      if zone then
        local n = {}
        for v in rest:gmatch("%d+") do n[#n + 1] = tonumber(v) end
        local sum = 0
        for _, v in ipairs(n) do sum = sum + v end
        out[zone] = sum
      end
    end
  end
  return out
end

local function memmap_lines(m)
  local out = {}
  for zone, n in m:dmesg():gmatch("(%S+) zone: (%d+) pages used for memmap") do
    out[zone] = tonumber(n)
  end
  return out
end

test("x86_64 4G: DMA32 counts 1528 blocks, the PCI hole has no memmap",
     function()
  local m = mm.boot{arch = "x86_64", mem = "4G"}
  local b = movable_blocks(m)
  -- 16 MiB .. 3 GiB of RAM in 2 MiB blocks; 3 GiB .. 4 GiB is the hole.
  assert(b.DMA32 == (3072 - 16) / 2, "DMA32 blocks " .. tostring(b.DMA32))
  assert(b.Normal == 1024 / 2, "Normal blocks " .. tostring(b.Normal))
  assert(b.DMA == 8, "DMA blocks " .. tostring(b.DMA))
end)

test("x86_64 1G: no hole, every block of DMA32 counted", function()
  local m = mm.boot{arch = "x86_64", mem = "1G"}
  local b = movable_blocks(m)
  assert(b.DMA32 == (1024 - 16) / 2, "DMA32 blocks " .. tostring(b.DMA32))
end)

test("x86_64 4G: DMA32 memmap charged for present pages (12224)", function()
  local m = mm.boot{arch = "x86_64", mem = "4G"}
  local z = memmap_lines(m)
  local zi = m:cat("/proc/zoneinfo")
  local present = tonumber(zi:match("zone%s+DMA32.-present%s+(%d+)"))
  assert(present == 782336, "DMA32 present " .. tostring(present))
  assert(z.DMA32 == present * 64 // 4096, "DMA32 memmap " .. tostring(z.DMA32))
  assert(z.DMA32 == 12224)
  -- DMA spans 4096 pages with 3998 present: no large hole, spanned counts.
  assert(z.DMA == 4096 * 64 // 4096, "DMA memmap " .. tostring(z.DMA))
end)

test("x86_32 4G: FLATMEM, no memmap line for HighMem", function()
  local m = mm.boot{arch = "x86_32", mem = "4G"}
  local z = memmap_lines(m)
  assert(z.DMA and z.Normal, "DMA and Normal lines")
  assert(z.HighMem == nil, "HighMem memmap line printed")
  assert(m:dmesg():find("HighMem zone: %d+ pages, LIFO batch"),
         "HighMem LIFO line missing")
end)

H.finish()
