-- P3: the number of page-table entries of the direct map follows RAM size.
-- /proc/meminfo's DirectMap lines say how much is mapped with each size.
local function directmap(arch, mem)
  local m = mm.boot{arch = arch, mem = mem}
  local info = m:cat("/proc/meminfo")
  local r = {}
  for size, kb in info:gmatch("DirectMap(%w+):%s+(%d+) kB") do r[size] = tonumber(kb) end
  return r
end

local prev = 0
for _, mem in ipairs{"1G", "4G", "16G", "64G"} do
  local d = directmap("x86_64", mem)
  local total = d["4k"] + d["2M"] + (d["1G"] or 0)
  print(string.format("x86_64 %4s: 4k %8d kB  2M %8d kB  1G %9d kB  (1G entries: %d)",
                      mem, d["4k"], d["2M"], d["1G"], d["1G"] // (1 << 20)))
  if total <= prev then error("direct map did not grow with RAM") end
  prev = total
end
-- 32-bit without PAE maps lowmem with 4 MiB pages (DirectMap4M).
local d = directmap("x86_32", "2G")
print(string.format("x86_32 2G: 4k %d kB, 4M %d kB (lowmem only)", d["4k"], d["4M"]))
if d["4M"] + d["4k"] > 896 * 1024 then error("x86_32 maps more than lowmem") end
