-- P2: the kernel reaches RAM through the MMU too, also in the direct map;
-- Linux maps it with 1 GiB / 2 MiB pages so that a handful of TLB entries
-- cover all of RAM and the TLB almost always hits.
local m = mm.boot{arch = "x86_64", mem = "8G"}
local base = 0xffff888000000000        -- PAGE_OFFSET (mainline layout)
local cpu = m:cpu(0)
cpu:flush()
local before = cpu:tlb()
-- Touch 20000 pseudo-random addresses spread over 2 GiB of the direct map.
local x = 12345
for _ = 1, 20000 do
  x = (x * 1103515245 + 12345) % (1 << 31)
  local pa = (x * 2) % (2 << 30)
  assert(m:translate(base + pa) == pa)
end
local t = cpu:tlb()
local hits, misses = t.hits - before.hits, t.misses - before.misses
print(string.format("hits %d, misses %d, hit rate %.2f%%, 1G entries %d, 2M entries %d",
                    hits, misses, 100 * hits / (hits + misses), t.entries_1G, t.entries_2M))
if misses > 600 then error("too many misses for a direct map in large pages") end
print(m:cat("/proc/meminfo"):match("DirectMap4k.-\n.-\n.-\n"))
